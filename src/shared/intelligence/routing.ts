import type { IntelligenceConfig, RoutingRule, RoutingTarget } from './config';
import { regionOf, sizeBandOf, type IntelligenceProfile } from './tags';
import type { Grade } from './vocabulary';

/** What routing looks at: the lead's profile, its grade and the products it showed interest in. */
export interface RoutingLead {
  profile: Pick<IntelligenceProfile, 'province' | 'city' | 'industry' | 'companySize'>;
  grade: Grade;
  interests: readonly string[];
}

/**
 * What a team rule needs to know beyond the lead, read by the caller in one place: where each
 * round-robin rule stands, and how many open leads (MQL or SAL) each owner holds now.
 */
export interface RoutingState {
  cursors: Readonly<Record<string, number>>;
  openLeads: Readonly<Record<string, number>>;
}

export type RoutingDecision =
  | {
      kind: 'owner';
      owner: string;
      ruleId: string;
      /** The rule's next round-robin position, for the caller to store; null for other targets. */
      nextCursor: number | null;
      why: string;
    }
  | { kind: 'queue'; queue: string; why: string };

const folded = (text: string) => text.trim().toLowerCase();
const containsAny = (text: string, needles: readonly string[]) => {
  const haystack = folded(text);
  return needles.some((needle) => haystack.includes(folded(needle)));
};

/** The conditions a rule states, each with what it found, or null at the first that fails. */
export function ruleMatches(rule: RoutingRule, lead: RoutingLead): string[] | null {
  const found: string[] = [];
  const { when } = rule;
  const { profile } = lead;
  if (when.regions.length > 0) {
    const region = regionOf(profile.province, profile.city);
    if (region === null || !when.regions.includes(region)) return null;
    found.push(`region ${region}`);
  }
  if (when.provinces.length > 0) {
    if (!when.provinces.some((p) => folded(p) !== '' && folded(profile.province) === folded(p)))
      return null;
    found.push(`province ${profile.province.trim()}`);
  }
  if (when.industries.length > 0) {
    if (!containsAny(profile.industry, when.industries)) return null;
    found.push(`industry ${profile.industry.trim()}`);
  }
  if (when.interests.length > 0) {
    const interest = lead.interests.find((i) => containsAny(i, when.interests));
    if (interest === undefined) return null;
    found.push(`interest ${interest.trim()}`);
  }
  if (when.sizes.length > 0) {
    const size = sizeBandOf(profile.companySize);
    if (size === null || !when.sizes.includes(size)) return null;
    found.push(`size ${size}`);
  }
  if (when.grades.length > 0) {
    if (!when.grades.includes(lead.grade)) return null;
    found.push(`grade ${lead.grade}`);
  }
  return found;
}

function pick(
  target: RoutingTarget,
  ruleId: string,
  state: RoutingState,
): { owner: string; nextCursor: number | null; how: string } {
  if (target.kind === 'owner') return { owner: target.owner, nextCursor: null, how: 'owner' };
  const { members } = target;
  if (target.strategy === 'round_robin') {
    const position = Math.max(0, Math.trunc(state.cursors[ruleId] ?? 0)) % members.length;
    return {
      owner: members[position]!,
      nextCursor: (position + 1) % members.length,
      how: 'round robin',
    };
  }
  // Least loaded; ties go to the member listed first, so the outcome is the same everywhere.
  let best = members[0]!;
  for (const member of members)
    if ((state.openLeads[member] ?? 0) < (state.openLeads[best] ?? 0)) best = member;
  return {
    owner: best,
    nextCursor: null,
    how: `least loaded (${state.openLeads[best] ?? 0} open)`,
  };
}

/** First matching rule wins; a lead no rule matches waits in the default queue. */
export function route(
  lead: RoutingLead,
  config: IntelligenceConfig,
  state: RoutingState,
): RoutingDecision {
  for (const rule of config.routing.rules) {
    const found = ruleMatches(rule, lead);
    if (found === null) continue;
    const choice = pick(rule.assign, rule.id, state);
    const because = found.length > 0 ? found.join(', ') : 'matches every lead';
    return {
      kind: 'owner',
      owner: choice.owner,
      ruleId: rule.id,
      nextCursor: choice.nextCursor,
      why: `rule ${rule.name}: ${because}; ${choice.how}`,
    };
  }
  return {
    kind: 'queue',
    queue: config.routing.defaultQueue,
    why: `no rule matched: queue ${config.routing.defaultQueue}`,
  };
}

/** When sales must have followed up an MQL of this grade routed at `at`; null: no deadline. */
export function slaDueAt(grade: Grade, config: IntelligenceConfig, at: number): number | null {
  const hours = config.routing.slaHours[grade];
  return hours === null ? null : at + Math.round(hours * 3_600_000);
}
