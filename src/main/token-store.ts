import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The part of Electron's `safeStorage` the token store uses (passed in, so tests need no Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no keyring was found and the key is a hard-coded one. */
  getSelectedStorageBackend?(): string;
}

export interface TokenStoreDeps {
  safeStorage: SafeStorageLike;
  /** The encrypted token's file, in the app's data folder. */
  file: string;
  log?: (message: string) => void;
}

export interface MainTokenStore {
  save(token: string): Promise<void>;
  load(): Promise<string | null>;
  clear(): Promise<void>;
}

export class TokenStoreUnavailableError extends Error {
  constructor() {
    super('the OS keychain is not available, so the device token cannot be stored encrypted');
  }
}

/**
 * The device token on disk, encrypted with the OS keychain through safeStorage (DESIGN.md
 * "Sync"). Without encryption the token is never written: a plain-text bearer token on a booth
 * laptop is what a lost device would give away.
 */
export function createTokenStore({ safeStorage, file, log }: TokenStoreDeps): MainTokenStore {
  return {
    async save(token) {
      if (!safeStorage.isEncryptionAvailable()) throw new TokenStoreUnavailableError();
      if (safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
        log?.('token-store: no OS keyring found; safeStorage falls back to its built-in key');
      }
      const encrypted = safeStorage.encryptString(token);
      await mkdir(dirname(file), { recursive: true });
      // Write then rename: a crash mid-write never leaves half a token behind.
      const temporary = `${file}.tmp`;
      await writeFile(temporary, encrypted, { mode: 0o600 });
      await rename(temporary, file);
    },
    async load() {
      let encrypted: Buffer;
      try {
        encrypted = await readFile(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      if (!safeStorage.isEncryptionAvailable()) return null;
      try {
        return safeStorage.decryptString(encrypted);
      } catch {
        // The keychain changed (another OS user, a reinstalled system): the device re-enrolls.
        log?.('token-store: the saved token could not be decrypted');
        return null;
      }
    },
    async clear() {
      await rm(file, { force: true });
    },
  };
}
