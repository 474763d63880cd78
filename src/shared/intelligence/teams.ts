import type { IntelligenceConfig } from './config';

/**
 * Teams are the routing config's team rules: whoever a rule names as `lead` leads its members.
 * A sales user works their own leads and, when they lead a team, their team's.
 */

/** The owners whose leads `userId` may see and act on: themselves first, then their teams. */
export function ownersInScopeOf(config: IntelligenceConfig, userId: string): string[] {
  const owners = new Set([userId]);
  for (const rule of config.routing.rules)
    if (rule.assign.kind === 'team' && rule.assign.lead === userId)
      for (const member of rule.assign.members) owners.add(member);
  return [...owners];
}

/** Whether `userId` leads any team (and so may reassign within it). */
export function leadsATeam(config: IntelligenceConfig, userId: string): boolean {
  return config.routing.rules.some(
    (rule) => rule.assign.kind === 'team' && rule.assign.lead === userId,
  );
}
