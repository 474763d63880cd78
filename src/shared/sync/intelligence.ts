import { z } from 'zod';

/**
 * `GET /sync/intelligence`: the lead-intelligence config in force in the pool, so a booth scores
 * its leads offline with the same rules the pool applies on ingest. `config` is checked by the
 * engine's own parseConfig on arrival (its schema lives with the engine), so a pool that sends a
 * config this device cannot read leaves the device on the config it had.
 */
export const IntelligenceSyncResponseSchema = z.object({
  /** 0: the pool has no saved config and scores with DEFAULT_CONFIG. */
  revision: z.number().int().min(0),
  config: z.unknown(),
});
export type IntelligenceSyncResponse = z.infer<typeof IntelligenceSyncResponseSchema>;
