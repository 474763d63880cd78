import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { newId, systemClock } from '../shared/ids';
import { createPoolServer } from './app';
import { redactUrl, requestLogSerializer } from './log-redaction';
import { openTestDatabase } from './testing';

describe('log redaction', () => {
  it('masks tokens in query strings and keeps the rest', () => {
    expect(redactUrl('/api/v1/sync/people/stream?access_token=lpd_secret&eventId=x')).toBe(
      '/api/v1/sync/people/stream?access_token=[redacted]&eventId=x',
    );
    expect(redactUrl('/a?token=abc')).toBe('/a?token=[redacted]');
    expect(redactUrl('/api/v1/health')).toBe('/api/v1/health');
  });

  it('never writes a bearer or query token into the pool log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const db = await openTestDatabase();
    const app = await createPoolServer({
      db,
      clock: systemClock,
      newId,
      publicUrl: () => '',
      logger: { level: 'info', stream, serializers: { req: requestLogSerializer } },
    });
    try {
      const secret = 'lpd_this-must-never-reach-a-log-line-000000000';
      await app.inject({
        method: 'GET',
        url: `/api/v1/sync/people/pull?access_token=${secret}`,
        headers: { authorization: `Bearer ${secret}` },
      });
      const log = lines.join('');
      expect(log).toContain('/api/v1/sync/people/pull?access_token=[redacted]');
      expect(log).not.toContain(secret);
    } finally {
      await app.close();
      await db.close();
    }
  }, 30_000);
});
