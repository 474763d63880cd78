import type { IdentityKey, IdentityKeyKind } from './identity';
import { namesCompatible } from './names';

/**
 * Whether a key match is enough to say two records are one person (DESIGN.md "Trust": merges
 * need evidence). Like record-linkage tools, the pair gets a score from reasons that are kept, so
 * marketing sees why a pair was linked or queued; unlike a bare threshold, any contradiction
 * stops an automatic link.
 */

export interface MatchSide {
  name: string;
  keys: readonly IdentityKey[];
}

export type MatchReason =
  | { kind: 'same_key'; key: IdentityKeyKind }
  | { kind: 'name_agrees' }
  | { kind: 'name_differs' }
  | { kind: 'key_differs'; key: IdentityKeyKind }
  | { kind: 'self_service' }
  | { kind: 'several_customers' };

export interface MatchJudgement {
  /** Nothing contradicts the match: link automatically. Otherwise ask marketing. */
  link: boolean;
  score: number;
  reasons: MatchReason[];
}

/** A person has one mobile and one WeChat id; emails (work, personal) may well be several. */
const SINGULAR_KEYS: readonly IdentityKeyKind[] = ['phone', 'wechat'];

const WEIGHTS: Record<MatchReason['kind'], number> = {
  same_key: 3,
  name_agrees: 2,
  name_differs: -4,
  key_differs: -3,
  self_service: -1,
  several_customers: -2,
};

export interface MatchContext {
  /** The incoming record came only from a kiosk or phone page: it never links on its own. */
  selfService: boolean;
  /** The incoming record's keys point at more than one customer. */
  severalCustomers: boolean;
}

export function judgeMatch(
  incoming: MatchSide,
  candidate: MatchSide,
  context: MatchContext,
): MatchJudgement {
  const reasons: MatchReason[] = [];
  const has = (side: MatchSide, key: IdentityKey) =>
    side.keys.some((k) => k.kind === key.kind && k.value === key.value);
  const shared = new Set(incoming.keys.filter((key) => has(candidate, key)).map((k) => k.kind));
  for (const key of shared) reasons.push({ kind: 'same_key', key });
  if (incoming.name.trim() !== '' && candidate.name.trim() !== '') {
    reasons.push({
      kind: namesCompatible(incoming.name, candidate.name) ? 'name_agrees' : 'name_differs',
    });
  }
  for (const kind of SINGULAR_KEYS) {
    if (shared.has(kind)) continue;
    const mine = incoming.keys.filter((k) => k.kind === kind);
    const theirs = candidate.keys.filter((k) => k.kind === kind);
    if (mine.length > 0 && theirs.length > 0) reasons.push({ kind: 'key_differs', key: kind });
  }
  if (context.selfService) reasons.push({ kind: 'self_service' });
  if (context.severalCustomers) reasons.push({ kind: 'several_customers' });
  const score = reasons.reduce((sum, reason) => sum + WEIGHTS[reason.kind], 0);
  const link = shared.size > 0 && reasons.every((reason) => WEIGHTS[reason.kind] > 0);
  return { link, score, reasons };
}
