import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conductDraw, cryptoRandomSource, type DrawAudit } from '../shared/draws';
import { newId } from '../shared/ids';

const run = promisify(execFile);

/** The real command, as `npm run leadpond -- draw verify <file>` runs it. */
async function leadpond(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '-s', 'leadpond', '--', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('leadpond draw verify', () => {
  let dir: string;
  let audit: DrawAudit;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'leadpond-cli-'));
    audit = conductDraw({
      draw: {
        id: newId(),
        eventId: newId(),
        name: '年会抽奖',
        prizes: [
          { id: 'p1', name: '一等奖', quantity: 1 },
          { id: 'p2', name: '二等奖', quantity: 3 },
        ],
        eligibility: {
          requiredInteractions: ['checked_in'],
          excludePreviousWinners: true,
          requireMarketingConsent: false,
        },
      },
      entrantIds: Array.from({ length: 50 }, () => newId()),
      random: cryptoRandomSource((array) => globalThis.crypto.getRandomValues(array)),
      drawnAt: Date.now(),
      deviceId: 'booth-a',
    });
    await writeFile(file('audit.json'), JSON.stringify(audit, null, 2));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes an honest audit file', async () => {
    const result = await leadpond('draw', 'verify', file('audit.json'));
    expect(result).toEqual({ code: 0, stdout: 'verified: 50 entrants, 4 winners\n', stderr: '' });
  });

  it('says which prizes went unawarded when there were fewer entrants than prizes', async () => {
    const short = conductDraw({
      draw: {
        ...audit,
        id: newId(),
        name: '展台抽奖',
        prizes: [
          { id: 'p1', name: '一等奖', quantity: 1 },
          { id: 'p2', name: '二等奖', quantity: 1 },
          { id: 'p3', name: '三等奖', quantity: 1 },
        ],
      },
      entrantIds: [newId(), newId()],
      random: cryptoRandomSource((array) => globalThis.crypto.getRandomValues(array)),
      drawnAt: Date.now(),
      deviceId: 'booth-a',
    });
    await writeFile(file('short.json'), JSON.stringify(short));
    const result = await leadpond('draw', 'verify', file('short.json'));
    expect(result).toEqual({
      code: 0,
      stdout:
        'verified: 2 entrants, 2 winners\n' +
        'unawarded: 1 of 1 × "三等奖" (p3), not enough entrants\n',
      stderr: '',
    });
  });

  it('fails a tampered winner, a broken file and a wrong shape with one clear line, no stack trace', async () => {
    const loser = audit.entrantIds.find((id) => !audit.winners.some((w) => w.personId === id))!;
    const tampered = {
      ...audit,
      winners: [{ ...audit.winners[0]!, personId: loser }, ...audit.winners.slice(1)],
    };
    await writeFile(file('tampered.json'), JSON.stringify(tampered));
    await writeFile(file('broken.json'), '{"format": "leadpond.draw-audit", ');
    await writeFile(file('shape.json'), JSON.stringify({ ...audit, randomValues: 'many' }));
    const cases: [string, RegExp][] = [
      ['tampered.json', /^not verified: winner 1 differs/],
      ['broken.json', /^not verified: .* is not JSON$/],
      ['shape.json', /^not verified: not a valid draw audit record: randomValues/],
      ['missing.json', /^not verified: cannot read .*missing\.json \(ENOENT\)$/],
    ];
    for (const [name, reason] of cases) {
      const result = await leadpond('draw', 'verify', file(name));
      expect(result.code, name).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(reason);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('answers an unknown command with its usage', async () => {
    const result = await leadpond('draw', 'run');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('usage: leadpond draw verify <audit.json>\n');
  });
});
