import { z } from 'zod';
import { MATCH_KEYS, type MatchKey } from './person-match';
import { IdSchema, type Interaction } from './schemas';

/**
 * Possible duplicates on the booth are facts, like everything captured: a `duplicate_suspected`
 * fact on the newer person names the older one it shares keys with; a `duplicate_resolved` fact
 * (either side) closes the pair as `merged` or `distinct`. Facts sync as they are, so the pool's
 * duplicate review sees what the booth suspected and what staff decided.
 */
export const DuplicateSuspectedDataSchema = z.object({
  otherPersonId: IdSchema,
  /** Comma-separated MatchKeys the two share. */
  keys: z.string().max(100),
  channel: z.string().max(20),
});

export const DUPLICATE_RESOLUTIONS = ['merged', 'distinct'] as const;
export type DuplicateResolution = (typeof DUPLICATE_RESOLUTIONS)[number];

export const DuplicateResolvedDataSchema = z.object({
  otherPersonId: IdSchema,
  resolution: z.enum(DUPLICATE_RESOLUTIONS),
});

export interface OpenDuplicate {
  otherPersonId: string;
  keys: MatchKey[];
  at: number;
}

function keysOf(text: string): MatchKey[] {
  return text
    .split(',')
    .filter((k): k is MatchKey => (MATCH_KEYS as readonly string[]).includes(k));
}

/**
 * The pairs still open for `personId`: per other person, the latest duplicate fact of the pair
 * decides — suspected (open) or resolved (closed). Facts that do not parse are ignored.
 */
export function openDuplicates(personId: string, facts: readonly Interaction[]): OpenDuplicate[] {
  const latest = new Map<string, { fact: Interaction; keys: MatchKey[] }>();
  const ordered = [...facts].sort((a, b) => a.occurredAt - b.occurredAt);
  for (const fact of ordered) {
    const schema =
      fact.type === 'duplicate_suspected'
        ? DuplicateSuspectedDataSchema
        : fact.type === 'duplicate_resolved'
          ? DuplicateResolvedDataSchema
          : null;
    const data = schema?.safeParse(fact.data);
    if (!data?.success) continue;
    const { otherPersonId } = data.data;
    const other =
      fact.personId === personId
        ? otherPersonId
        : otherPersonId === personId
          ? fact.personId
          : null;
    if (!other || other === personId) continue;
    const keys = 'keys' in data.data ? keysOf(data.data.keys) : [];
    latest.set(other, { fact, keys });
  }
  return [...latest.entries()]
    .filter(([, { fact }]) => fact.type === 'duplicate_suspected')
    .map(([otherPersonId, { fact, keys }]) => ({ otherPersonId, keys, at: fact.occurredAt }));
}
