import { afterEach, describe, expect, it, vi } from 'vitest';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { newId } from '../../shared/ids';
import { EMPTY_PERSON_INPUT } from '../../shared/schemas';
import { COLLECTIONS } from '../../shared/collections';
import type { Person } from '../../shared/schemas';
import { MIGRATIONS, openLeadDatabase } from './database';
import { registerAttendee, saveEvent, saveQualification, updatePerson } from './leads';
import { closeTestStores, forget, openStore, openTestDatabase, track } from './testing';
import { PeopleSearch } from './people-search';
import { checkStaffPin, loadDeviceSettings, setStaffPin } from './device';

afterEach(closeTestStores);

const kiosk = { source: 'kiosk' as const, consentGranted: true, requireConsent: true };

describe('local lead store', () => {
  it('registers an attendee with consent and a registered fact, and survives reopening', async () => {
    const { db, ctx, event, name } = await openStore();
    const result = await registerAttendee(
      ctx,
      event,
      { ...EMPTY_PERSON_INPUT, name: '张三', phone: '13800138000' },
      kiosk,
    );
    expect(result.ok).toBe(true);
    await db.close();
    forget(db);
    const reopened = await openTestDatabase(name);
    const people = await reopened.people.find().exec();
    expect(people.map((p) => [p.name, p.phone, p.consent.textVersion])).toEqual([
      ['张三', '+8613800138000', 'v3'],
    ]);
    const facts = await reopened.interactions.find().exec();
    expect(facts.map((f) => [f.type, f.personId, f.deviceId])).toEqual([
      ['registered', people[0]?.id, 'dev-1'],
    ]);
  });

  it('saves nothing when input is invalid or consent is missing', async () => {
    const { db, ctx, event } = await openStore();
    const bad = await registerAttendee(
      ctx,
      event,
      { ...EMPTY_PERSON_INPUT, name: 'A', phone: '999', email: 'x@' },
      kiosk,
    );
    expect(bad).toEqual({ ok: false, errors: { phone: 'errors.phone', email: 'errors.email' } });
    const noConsent = await registerAttendee(
      ctx,
      event,
      { ...EMPTY_PERSON_INPUT, name: 'A', phone: '13800138000' },
      { ...kiosk, consentGranted: false },
    );
    expect(noConsent).toEqual({ ok: false, errors: { consent: 'errors.consent' } });
    expect(await db.people.count().exec()).toBe(0);
    expect(await db.interactions.count().exec()).toBe(0);
  });

  it('merges a second registration with the same phone into the same person', async () => {
    const { db, ctx, event } = await openStore();
    await registerAttendee(
      ctx,
      event,
      { ...EMPTY_PERSON_INPUT, name: '李四', phone: '13900139000', company: 'Acme' },
      kiosk,
    );
    const again = await registerAttendee(
      ctx,
      event,
      { ...EMPTY_PERSON_INPUT, name: '李四', phone: '+86 139 0013 9000', title: 'CTO' },
      kiosk,
    );
    expect(again.ok && again.value.isNew).toBe(false);
    const people = await db.people.find().exec();
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({ company: 'Acme', title: 'CTO' });
    expect(await db.interactions.count().exec()).toBe(2);
  });

  it('staff edits overwrite fields and record provenance; invalid edits change nothing', async () => {
    const { db, ctx, event } = await openStore();
    const created = await registerAttendee(
      ctx,
      event,
      { ...EMPTY_PERSON_INPUT, name: 'Ann', phone: '13800138000' },
      kiosk,
    );
    if (!created.ok) throw new Error('setup');
    const id = created.value.person.id;
    const bad = await updatePerson(ctx, event, id, {
      ...EMPTY_PERSON_INPUT,
      name: 'Ann',
      phone: 'abc',
    });
    expect(bad.ok).toBe(false);
    expect((await db.people.findOne(id).exec())?.phone).toBe('+8613800138000');
    const good = await updatePerson(ctx, event, id, {
      ...EMPTY_PERSON_INPUT,
      name: 'Ann Lee',
      phone: '13800138000',
    });
    expect(good.ok && good.value.provenance.name?.source).toBe('staff');
  });

  it('a save stores only the edited fields: values merged in by sync meanwhile are kept', async () => {
    const { db, ctx, event } = await openStore();
    const created = await registerAttendee(
      ctx,
      event,
      { ...EMPTY_PERSON_INPUT, name: '张三', phone: '13800138000' },
      kiosk,
    );
    if (!created.ok) throw new Error('setup');
    const id = created.value.person.id;
    const opened = { ...EMPTY_PERSON_INPUT, name: '张三', phone: '+8613800138000' };
    // While the form is open, sync brings the merged person: another spelling and a company.
    const doc = await db.people.findOne(id).exec();
    await doc?.incrementalPatch({ name: 'Zhang San', company: '华为技术' });
    // Staff only typed a title; the form still shows the old name and no company.
    const saved = await updatePerson(ctx, event, id, { ...opened, title: '采购经理' }, ['title']);
    expect(saved.ok).toBe(true);
    const stored = await db.people.findOne(id).exec();
    expect(stored?.name).toBe('Zhang San');
    expect(stored?.company).toBe('华为技术');
    expect(stored?.title).toBe('采购经理');
    expect(stored?.provenance.title?.source).toBe('staff');
    // A field staff cleared on purpose is cleared.
    const cleared = await updatePerson(ctx, event, id, { ...opened, company: '' }, ['company']);
    expect(cleared.ok && cleared.value.company).toBe('');
  });

  it('keeps one qualification per person and appends notes', async () => {
    const { db, ctx, event } = await openStore();
    const created = await registerAttendee(
      ctx,
      event,
      { ...EMPTY_PERSON_INPUT, name: 'Bo', phone: '13800138001' },
      kiosk,
    );
    if (!created.ok) throw new Error('setup');
    const personId = created.value.person.id;
    const fields = {
      rating: 'hot' as const,
      budget: '100k_1m' as const,
      authority: 'decision_maker' as const,
      need: 'lead capture',
      timeline: 'within_3m' as const,
      competition: '',
      interests: ['CRM'],
      nextStep: 'demo' as const,
      owner: '',
    };
    await saveQualification(ctx, event.id, personId, fields, 'first talk');
    await saveQualification(ctx, event.id, personId, { ...fields, rating: 'warm' }, 'second talk');
    const all = await db.qualifications.find().exec();
    expect(all).toHaveLength(1);
    expect(all[0]?.rating).toBe('warm');
    expect(all[0]?.notes.map((n) => n.text)).toEqual(['first talk', 'second talk']);
  });

  it('search follows the store, including pinyin initials', async () => {
    const { ctx, event } = await openStore();
    const search = new PeopleSearch(ctx.db);
    await registerAttendee(
      ctx,
      event,
      { ...EMPTY_PERSON_INPUT, name: '张三', phone: '13800138000' },
      kiosk,
    );
    await search.start();
    await registerAttendee(
      ctx,
      event,
      { ...EMPTY_PERSON_INPUT, name: '王五', phone: '13800138002' },
      kiosk,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(search.count(event.id)).toBe(2);
    expect(search.search(event.id, 'zs', 10).total).toBe(1);
    expect(search.search(event.id, 'ww', 10).total).toBe(1);
    await search.stop();
  });

  it('rejects an event whose end is before its start', async () => {
    const { ctx, event } = await openStore();
    const { id: _id, createdAt: _c, updatedAt: _u, publicKey: _p, ...draft } = event;
    expect(await saveEvent(ctx, { ...draft, endsOn: '2026-11-01' })).toEqual({
      ok: false,
      errors: { endsOn: 'errors.endBeforeStart' },
    });
  });

  it('says the date order is wrong together with other errors, and states the limits', async () => {
    const { ctx, event } = await openStore();
    const { id: _id, createdAt: _c, updatedAt: _u, publicKey: _p, ...draft } = event;
    expect(
      await saveEvent(ctx, { ...draft, name: '', endsOn: '2026-11-01', kioskIdleSeconds: 2 }),
    ).toEqual({
      ok: false,
      errors: {
        name: 'errors.required',
        endsOn: 'errors.endBeforeStart',
        kioskIdleSeconds: 'errors.idleSeconds',
      },
    });
  });

  it('stores a hashed staff PIN and checks it', async () => {
    const { db } = await openStore();
    await loadDeviceSettings(db, newId);
    const settings = await setStaffPin(db, '2468');
    expect(settings.pinHash).not.toContain('2468');
    expect(await checkStaffPin(settings, '2468')).toBe(true);
    expect(await checkStaffPin(settings, '1111')).toBe(false);
  });
});

describe('search snapshot', () => {
  it('restores the index from its snapshot plus what changed since, including removals', async () => {
    const { db, ctx, event } = await openStore();
    await registerAttendee(
      ctx,
      event,
      { ...EMPTY_PERSON_INPUT, name: '张三', phone: '13800138000' },
      kiosk,
    );
    const first = new PeopleSearch(db);
    await first.start();
    expect(first.search(event.id, 'zs', 10).total).toBe(1);
    await first.stop();
    expect(await db.people.getLocal('search-snapshot')).not.toBeNull();
    // Written while no index was running: only the catch-up after the snapshot can see these.
    await registerAttendee(
      ctx,
      event,
      { ...EMPTY_PERSON_INPUT, name: '赵四', phone: '13800138001' },
      kiosk,
    );
    const zhang = await db.people.findOne({ selector: { name: '张三' } }).exec();
    await zhang?.remove();
    const second = new PeopleSearch(db);
    await second.start();
    expect(second.count(event.id)).toBe(1);
    expect(second.search(event.id, 'zhangsan', 10).total).toBe(0);
    expect(second.search(event.id, 'zhaosi', 10).total).toBe(1);
    // Saving the snapshot (a local document of the collection) must not enter the index itself.
    await second.saveSnapshot();
    await new Promise((r) => setTimeout(r, 50));
    expect(second.count(event.id)).toBe(1);
    expect(second.search(event.id, '', 10).total).toBe(1);
    await second.saveSnapshot();
    await second.stop();
  });
});

describe('search snapshot at start-up', () => {
  it('is written again only when the store changed since it was taken', async () => {
    const { db, ctx, event } = await openStore();
    const walkIn = (name: string, phone: string) =>
      registerAttendee(ctx, event, { ...EMPTY_PERSON_INPUT, name, phone }, kiosk);
    await walkIn('张三', '13800138000');
    const first = new PeopleSearch(db);
    await first.start();
    await first.stop();
    const saves = vi.spyOn(PeopleSearch.prototype, 'saveSnapshot');
    try {
      // A current snapshot: packing and writing every row again would only slow the first scans.
      const second = new PeopleSearch(db);
      await second.start();
      await second.stop();
      expect(saves).not.toHaveBeenCalled();
      await walkIn('赵四', '13800138001');
      const third = new PeopleSearch(db);
      await third.start();
      expect(third.search(event.id, 'zhaosi', 10).total).toBe(1);
      await third.stop();
      expect(saves).toHaveBeenCalledTimes(1);
    } finally {
      saves.mockRestore();
    }
  });
});

describe('schema versions', () => {
  it('migrates stored documents when a collection gets a new version', async () => {
    const { db, ctx, event, name } = await openStore();
    await registerAttendee(
      ctx,
      event,
      { ...EMPTY_PERSON_INPUT, name: '钱七', phone: '13800138009' },
      kiosk,
    );
    await db.close();
    forget(db);
    // The next version of people: a migration step rewrites each stored document.
    const next = COLLECTIONS.people.version + 1;
    const collections = { ...COLLECTIONS, people: { ...COLLECTIONS.people, version: next } };
    const migrations = {
      ...MIGRATIONS,
      people: {
        ...MIGRATIONS.people,
        [next]: (old: Person) => ({ ...old, company: `migrated:${old.name}` }),
      },
    };
    const migrated = await openLeadDatabase({
      name,
      storage: getRxStorageDexie(),
      collections,
      migrations,
    });
    track(migrated);
    const people = await migrated.people.find().exec();
    expect(people.map((p) => p.company)).toEqual(['migrated:钱七']);
  });
});

describe('events v1 (consent texts per language)', () => {
  it('gives an event stored by the previous version an empty list of translations', async () => {
    const name = `events-v0-${newId()}`;
    const v0 = { ...COLLECTIONS, events: { ...COLLECTIONS.events, version: 0 } };
    const before = await openLeadDatabase({ name, storage: getRxStorageDexie(), collections: v0 });
    track(before);
    const { event } = await openStore();
    const { translations: _dropped, ...oldConsent } = event.consent;
    // A version-0 document: the shape before translations existed, which today's type refuses.
    await before.events.insert({ ...event, consent: oldConsent } as unknown as typeof event);
    await before.close();
    forget(before);

    const after = await openLeadDatabase({ name, storage: getRxStorageDexie() });
    track(after);
    const [stored] = await after.events.find().exec();
    expect(stored?.toJSON().consent).toEqual({ ...oldConsent, translations: [] });
  });
});
