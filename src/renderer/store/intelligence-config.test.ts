import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, filter } from 'rxjs';
import { DEFAULT_CONFIG, type IntelligenceConfig } from '../../shared/intelligence';
import {
  DEFAULT_INTELLIGENCE,
  intelligence$,
  loadIntelligence,
  saveIntelligence,
} from './intelligence-config';
import { closeTestStores, openStore } from './testing';

afterEach(closeTestStores);

const hotOnly: IntelligenceConfig = {
  ...DEFAULT_CONFIG,
  mql: { anyOf: [{ kind: 'rating', ratings: ['hot'] }] },
};

describe('the cached intelligence config', () => {
  it('keeps a readable config, skips an identical one, and takes another pool’s revision 1', async () => {
    const { db } = await openStore();
    expect(await loadIntelligence(db)).toEqual(DEFAULT_INTELLIGENCE);
    expect(await saveIntelligence(db, { revision: 1, config: DEFAULT_CONFIG }, 10)).toBe('saved');
    expect(await saveIntelligence(db, { revision: 1, config: DEFAULT_CONFIG }, 20)).toBe(
      'unchanged',
    );
    expect(await loadIntelligence(db)).toEqual({
      config: DEFAULT_CONFIG,
      revision: 1,
      fetchedAt: 10,
    });
    // Enrolled with another pool, whose revision 1 says something else.
    expect(await saveIntelligence(db, { revision: 1, config: hotOnly }, 30)).toBe('saved');
    expect(await loadIntelligence(db)).toEqual({ config: hotOnly, revision: 1, fetchedAt: 30 });
  });

  it('refuses what the engine cannot read, and reads an unreadable stored one as the default', async () => {
    const { db } = await openStore();
    await saveIntelligence(db, { revision: 2, config: hotOnly }, 10);
    for (const config of [
      null,
      'A1',
      { ...hotOnly, version: 2 },
      { ...hotOnly, mql: { anyOf: [] } },
    ])
      expect(await saveIntelligence(db, { revision: 3, config }, 20)).toBe('invalid');
    expect((await loadIntelligence(db)).revision).toBe(2);

    // Stored by an app version whose schema differed: scoring falls back to the default.
    await db.upsertLocal('intelligence-config', {
      revision: 4,
      config: { version: 0 },
      fetchedAt: 5,
    });
    expect(await loadIntelligence(db)).toEqual(DEFAULT_INTELLIGENCE);
    const live = await firstValueFrom(intelligence$(db));
    expect(live).toEqual(DEFAULT_INTELLIGENCE);
    await saveIntelligence(db, { revision: 5, config: hotOnly }, 30);
    const next = await firstValueFrom(intelligence$(db).pipe(filter((v) => v.revision === 5)));
    expect(next.config).toEqual(hotOnly);
  });
});
