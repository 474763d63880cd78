import type { Platform } from './index-types';
import { webPlatform } from './index.web';

export type { Platform } from './index-types';

/** Chosen once at start-up: the Electron bridge when the preload put it there, else web mode. */
export async function choosePlatform(): Promise<Platform> {
  if (typeof window !== 'undefined' && 'leadpond' in window) {
    const { electronPlatform } = await import('./index.electron');
    return electronPlatform;
  }
  return webPlatform;
}
