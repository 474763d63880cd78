import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type IntelligenceConfig, type RoutingRule } from './config';
import { leadsATeam, ownersInScopeOf } from './teams';

const team = (id: string, members: string[], lead?: string): RoutingRule => ({
  id,
  name: id,
  when: { regions: [], provinces: [], industries: [], interests: [], sizes: [], grades: [] },
  assign: { kind: 'team', members, strategy: 'round_robin', ...(lead ? { lead } : {}) },
});

const configWith = (rules: RoutingRule[]): IntelligenceConfig => ({
  ...DEFAULT_CONFIG,
  routing: { ...DEFAULT_CONFIG.routing, rules },
});

describe('sales scope by team', () => {
  const config = configWith([
    team('east', ['ann', 'bob'], 'lee'),
    team('north', ['cat', 'bob'], 'lee'),
    team('west', ['dan']),
    { ...team('solo', []), assign: { kind: 'owner', owner: 'eve' } },
  ]);

  it('gives a team lead their own leads and every member of the teams they lead', () => {
    expect(ownersInScopeOf(config, 'lee')).toEqual(['lee', 'ann', 'bob', 'cat']);
    expect(leadsATeam(config, 'lee')).toBe(true);
  });

  it('gives a member, or a team without a lead, only their own', () => {
    expect(ownersInScopeOf(config, 'bob')).toEqual(['bob']);
    expect(ownersInScopeOf(config, 'dan')).toEqual(['dan']);
    expect(leadsATeam(config, 'bob')).toBe(false);
    expect(leadsATeam(config, 'eve')).toBe(false);
  });
});
