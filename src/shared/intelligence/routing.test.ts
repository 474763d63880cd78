import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig, type IntelligenceConfig } from './config';
import { route, slaDueAt, type RoutingLead, type RoutingState } from './routing';

/**
 * An exhibitor's org chart: East China goes to a two-person team in turn, anything about
 * semiconductors to the industry specialist, big D-grade companies to the least busy inside-sales
 * rep; everything else waits in the inbox.
 */
const CHAIN = parseConfig({
  ...DEFAULT_CONFIG,
  routing: {
    rules: [
      {
        id: 'east',
        name: '华东团队',
        when: { regions: ['east'] },
        assign: { kind: 'team', members: ['u-wang', 'u-li'], strategy: 'round_robin' },
      },
      {
        id: 'semi',
        name: 'Semiconductor',
        when: { industries: ['半导体', 'semiconductor'] },
        assign: { kind: 'owner', owner: 'u-zhao' },
      },
      {
        id: 'big-d',
        name: 'Inside sales',
        when: { sizes: ['500-999', '1000+'], grades: ['C', 'D'] },
        assign: { kind: 'team', members: ['u-sun', 'u-zhou'], strategy: 'least_loaded' },
      },
    ],
    defaultQueue: 'inbox',
    slaHours: { A: 8, B: 24, C: 72, D: null },
  },
});
if (!CHAIN.ok) throw new Error(JSON.stringify(CHAIN.error));
const config: IntelligenceConfig = CHAIN.config;

const lead = (over: Partial<RoutingLead['profile']> & { grade?: RoutingLead['grade'] } = {}) => {
  const { grade = 'A', ...profile } = over;
  return {
    profile: { province: '', city: '', industry: '', companySize: '', ...profile },
    grade,
    interests: [],
  } satisfies RoutingLead;
};
const EMPTY: RoutingState = { cursors: {}, openLeads: {} };

describe('routing: ordered rules, first match wins, unmatched to the default queue', () => {
  it('sends a Shanghai lead to the East team in turn, storing where the turn stands', () => {
    const first = route(lead({ province: '上海' }), config, EMPTY);
    expect(first).toMatchObject({ kind: 'owner', owner: 'u-wang', ruleId: 'east', nextCursor: 1 });
    const second = route(lead({ province: '上海' }), config, {
      ...EMPTY,
      cursors: { east: 1 },
    });
    expect(second).toMatchObject({ owner: 'u-li', nextCursor: 0 });
    // A cursor left over from a bigger team wraps instead of pointing at nobody.
    expect(route(lead({ city: '杭州' }), config, { ...EMPTY, cursors: { east: 7 } })).toMatchObject(
      { owner: 'u-li', nextCursor: 0 },
    );
  });

  it('an East semiconductor lead stays with the East team: the earlier rule wins', () => {
    const decision = route(lead({ province: '江苏', industry: '半导体设备' }), config, EMPTY);
    expect(decision).toMatchObject({ ruleId: 'east' });
    expect(decision.why).toContain('region east');
  });

  it('sends semiconductors elsewhere to the specialist, matching typed text either language', () => {
    for (const industry of ['半导体', 'Semiconductor equipment']) {
      expect(route(lead({ province: '广东', industry }), config, EMPTY)).toMatchObject({
        kind: 'owner',
        owner: 'u-zhao',
        ruleId: 'semi',
        nextCursor: null,
      });
    }
  });

  it('gives a big C/D company to the least loaded rep, the first listed on a tie', () => {
    const big = lead({ province: '四川', companySize: '1200人', grade: 'D' });
    expect(
      route(big, config, { cursors: {}, openLeads: { 'u-sun': 5, 'u-zhou': 2 } }),
    ).toMatchObject({ owner: 'u-zhou', ruleId: 'big-d' });
    expect(
      route(big, config, { cursors: {}, openLeads: { 'u-sun': 2, 'u-zhou': 2 } }),
    ).toMatchObject({ owner: 'u-sun' });
    // Every condition must hold: the same company graded A matches no rule.
    expect(route({ ...big, grade: 'A' }, config, EMPTY)).toEqual({
      kind: 'queue',
      queue: 'inbox',
      why: 'no rule matched: queue inbox',
    });
  });

  it('an empty rule list (the default config) queues every lead', () => {
    expect(route(lead({ province: '上海' }), DEFAULT_CONFIG, EMPTY)).toMatchObject({
      kind: 'queue',
      queue: DEFAULT_CONFIG.routing.defaultQueue,
    });
  });

  it('gives each grade its follow-up deadline, and none where the config sets none', () => {
    const at = Date.UTC(2026, 11, 1, 9);
    expect(slaDueAt('A', config, at)).toBe(at + 8 * 3_600_000);
    expect(slaDueAt('C', config, at)).toBe(at + 72 * 3_600_000);
    expect(slaDueAt('D', config, at)).toBeNull();
  });

  it('refuses duplicate rule ids and an empty team', () => {
    const twice = parseConfig({
      ...config,
      routing: { ...config.routing, rules: [config.routing.rules[0], config.routing.rules[0]] },
    });
    expect(twice.ok).toBe(false);
    const noTeam = parseConfig({
      ...config,
      routing: {
        ...config.routing,
        rules: [
          {
            ...config.routing.rules[0],
            assign: { kind: 'team', members: [], strategy: 'round_robin' },
          },
        ],
      },
    });
    expect(noTeam.ok).toBe(false);
  });

  it('always names a team member or the queue, for any lead and state', () => {
    const members = new Set(['u-wang', 'u-li', 'u-zhao', 'u-sun', 'u-zhou']);
    fc.assert(
      fc.property(
        fc.record({
          province: fc.constantFrom('', '上海', '江苏', '广东', '四川', 'Texas'),
          city: fc.constantFrom('', '杭州', '成都'),
          industry: fc.constantFrom('', '半导体', 'Semiconductor', '汽车'),
          companySize: fc.constantFrom('', '1200人', '50', '500-999'),
          grade: fc.constantFrom('A', 'B', 'C', 'D'),
        }),
        fc.dictionary(fc.constantFrom('east', 'big-d'), fc.integer({ min: -5, max: 50 })),
        fc.dictionary(fc.constantFrom(...members), fc.nat(100)),
        (profile, cursors, openLeads) => {
          const decision = route(lead(profile), config, { cursors, openLeads });
          if (decision.kind === 'queue') expect(decision.queue).toBe('inbox');
          else expect(members.has(decision.owner)).toBe(true);
        },
      ),
    );
  });
});
