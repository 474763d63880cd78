import { afterEach, describe, expect, it } from 'vitest';
import { createWebTokenStore, WEB_TOKEN_KEY } from './index.web';

const TOKEN = 'lpd_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';

describe('web token store', () => {
  afterEach(() => localStorage.clear());

  it('keeps the token under its one key and clears it', async () => {
    const store = createWebTokenStore();
    expect(await store.load()).toBeNull();
    await store.save(TOKEN);
    expect(localStorage.getItem(WEB_TOKEN_KEY)).toBe(TOKEN);
    expect(await createWebTokenStore().load()).toBe(TOKEN);
    await store.clear();
    expect(await store.load()).toBeNull();
    expect(localStorage.length).toBe(0);
  });
});
