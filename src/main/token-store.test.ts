import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createTokenStore, TokenStoreUnavailableError, type SafeStorageLike } from './token-store';

vi.mock('electron', () => ({}));

const TOKEN = 'lpd_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';

/** Stands in for the OS keychain: a reversible transform that never leaves the token readable. */
function fakeSafeStorage(available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text) => Buffer.from(`enc:${Buffer.from(text).toString('base64')}`),
    decryptString: (data) => {
      const text = data.toString();
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext');
      return Buffer.from(text.slice(4), 'base64').toString();
    },
  };
}

async function tempFile() {
  return join(await mkdtemp(join(tmpdir(), 'leadpond-token-')), 'nested', 'device-token.bin');
}

describe('main token store', () => {
  it('saves the token encrypted, loads it back and clears it', async () => {
    const file = await tempFile();
    const store = createTokenStore({ safeStorage: fakeSafeStorage(), file });
    expect(await store.load()).toBeNull();
    await store.save(TOKEN);
    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).not.toContain(TOKEN);
    expect(onDisk.startsWith('enc:')).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await store.load()).toBe(TOKEN);
    await store.clear();
    expect(await store.load()).toBeNull();
    await store.clear();
  });

  it('refuses to write a token when the keychain is unavailable', async () => {
    const file = await tempFile();
    const store = createTokenStore({ safeStorage: fakeSafeStorage(false), file });
    await expect(store.save(TOKEN)).rejects.toBeInstanceOf(TokenStoreUnavailableError);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('answers null for a token it can no longer decrypt, and says so in the log', async () => {
    const file = await tempFile();
    await createTokenStore({ safeStorage: fakeSafeStorage(), file }).save(TOKEN);
    const log = vi.fn();
    const broken: SafeStorageLike = {
      ...fakeSafeStorage(),
      decryptString: () => {
        throw new Error('key changed');
      },
    };
    expect(await createTokenStore({ safeStorage: broken, file, log }).load()).toBeNull();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('could not be decrypted'));
    expect(log.mock.calls.flat().join()).not.toContain(TOKEN);
  });

  it('warns when Linux has no keyring and safeStorage uses its built-in key', async () => {
    const log = vi.fn();
    const store = createTokenStore({
      safeStorage: { ...fakeSafeStorage(), getSelectedStorageBackend: () => 'basic_text' },
      file: await tempFile(),
      log,
    });
    await store.save(TOKEN);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('no OS keyring'));
  });
});
