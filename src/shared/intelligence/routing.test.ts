import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type IntelligenceConfig, type RoutingRule } from './config';
import { route, slaDueAt, type RoutingLead } from './routing';

const when = (conditions: Partial<RoutingRule['when']>): RoutingRule['when'] => ({
  regions: [],
  provinces: [],
  industries: [],
  interests: [],
  sizes: [],
  grades: [],
  ...conditions,
});

/** South China goes to a team in turn; automotive anywhere else to one specialist; the rest waits. */
const config: IntelligenceConfig = {
  ...DEFAULT_CONFIG,
  routing: {
    rules: [
      {
        id: 'south',
        name: '华南团队',
        when: when({ regions: ['south'] }),
        assign: { kind: 'team', members: ['li', 'wang', 'zhao'], strategy: 'round_robin' },
      },
      {
        id: 'auto',
        name: '汽车行业',
        when: when({ industries: ['汽车'] }),
        assign: { kind: 'owner', owner: 'chen' },
      },
      {
        id: 'big-a',
        name: 'Key accounts',
        when: when({ sizes: ['1000+'], grades: ['A'] }),
        assign: { kind: 'team', members: ['kim', 'lee'], strategy: 'least_loaded' },
      },
    ],
    defaultQueue: 'inbox',
    slaHours: { A: 8, B: 24, C: 72, D: null },
  },
};

const lead = (profile: Partial<RoutingLead['profile']>, grade: RoutingLead['grade'] = 'B') => ({
  profile: { province: '', city: '', industry: '', companySize: '', ...profile },
  grade,
  interests: [],
});
const empty = { cursors: {}, openLeads: {} };

describe('route: ordered rules, first match wins, unmatched leads wait in the default queue', () => {
  it('sends a Guangdong lead to the south team in turn, and moves the cursor', () => {
    const first = route(lead({ province: '广东', industry: '汽车制造' }), config, empty);
    // The region rule comes first, so the automotive rule is never asked.
    expect(first).toEqual({
      kind: 'owner',
      owner: 'li',
      ruleId: 'south',
      nextCursor: 1,
      why: 'rule 华南团队: region south; round robin',
    });
    const third = route(lead({ city: '深圳' }), config, { cursors: { south: 2 }, openLeads: {} });
    expect(third).toMatchObject({ owner: 'zhao', nextCursor: 0 });
  });

  it('sends an automotive lead outside the south to its specialist', () => {
    expect(route(lead({ province: '江苏', industry: '新能源汽车' }), config, empty)).toEqual({
      kind: 'owner',
      owner: 'chen',
      ruleId: 'auto',
      nextCursor: null,
      why: 'rule 汽车行业: industry 新能源汽车; owner',
    });
  });

  it('gives a key account to the least loaded member, the first listed on a tie', () => {
    const big = lead({ province: '北京', companySize: '5000人' }, 'A');
    expect(route(big, config, { cursors: {}, openLeads: { kim: 4, lee: 2 } })).toMatchObject({
      owner: 'lee',
      why: 'rule Key accounts: size 1000+, grade A; least loaded (2 open)',
    });
    expect(route(big, config, { cursors: {}, openLeads: { kim: 3, lee: 3 } })).toMatchObject({
      owner: 'kim',
    });
    // The same company graded B matches no rule.
    expect(route({ ...big, grade: 'B' }, config, empty).kind).toBe('queue');
  });

  it('queues a lead no rule matches', () => {
    expect(route(lead({ province: '四川', industry: '教育' }), config, empty)).toEqual({
      kind: 'queue',
      queue: 'inbox',
      why: 'no rule matched: queue inbox',
    });
  });
});

describe('slaDueAt: follow-up time per grade', () => {
  const at = Date.UTC(2026, 10, 26, 9, 0, 0);
  it('gives A the same working day, B a day, C three days and D no deadline', () => {
    expect(slaDueAt('A', config, at)).toBe(at + 8 * 3_600_000);
    expect(slaDueAt('B', config, at)).toBe(at + 24 * 3_600_000);
    expect(slaDueAt('C', config, at)).toBe(at + 72 * 3_600_000);
    expect(slaDueAt('D', config, at)).toBeNull();
  });
});
