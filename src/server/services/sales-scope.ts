import { ownersInScopeOf } from '../../shared/intelligence';
import type { Principal } from '../auth';
import type { SqlExecutor } from '../db/sql';
import { loadConfig } from './intelligence-config';

type User = Extract<Principal, { kind: 'user' }>;

/**
 * Whose leads a user may see and work: null for admins and marketing (everyone's); for a sales
 * user their own and, when the routing config makes them a team's lead, their team's. Every
 * sales route asks this, so the scope is one rule on the server, not a filter in the app.
 */
export async function ownersInScope(tx: SqlExecutor, user: User): Promise<string[] | null> {
  if (user.role !== 'sales') return null;
  const { config } = await loadConfig(tx);
  return ownersInScopeOf(config, user.userId);
}

export function ownerInScope(scope: readonly string[] | null, owner: string | null): boolean {
  return scope === null || (owner !== null && scope.includes(owner));
}
