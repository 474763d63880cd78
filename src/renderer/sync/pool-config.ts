import { z } from 'zod';
import { normalizePoolUrl } from './enrollment';

/** DESIGN.md "Interfaces": web mode points at LEADPOND_POOL_URL, by default the local pool. */
export const DEFAULT_POOL_URL = 'http://127.0.0.1:8787';

const WebConfigSchema = z.object({ poolUrl: z.string().max(500) });

/**
 * The pool address to suggest on the enrollment screen. `npm run web` serves it as /config.json
 * (from LEADPOND_POOL_URL); where there is none (Electron's app:// origin, a page served from
 * disk) the local pool's default is suggested. Staff can always type another one.
 */
export async function loadDefaultPoolUrl(fetchImpl: typeof fetch = fetch): Promise<string> {
  try {
    const response = await fetchImpl('./config.json', { cache: 'no-store' });
    if (!response.ok) return DEFAULT_POOL_URL;
    const parsed = WebConfigSchema.safeParse(await response.json());
    return (parsed.success && normalizePoolUrl(parsed.data.poolUrl)) || DEFAULT_POOL_URL;
  } catch {
    return DEFAULT_POOL_URL;
  }
}
