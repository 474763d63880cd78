import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AUTH_ERROR_CODES, EnrollRequestSchema, type EnrollResponse } from '../../shared/sync';
import { authenticate, DEVICE_TOKEN_PREFIX, hashToken, newToken, requireUser } from '../auth';
import type { PoolDeps } from '../deps';
import { notFound, parseWith, unauthorized } from '../http-errors';
import { addressKey } from '../rate-limit-keys';
import { publishRevocation } from '../services/revocations';

/** Enrollment codes are typed by hand at a booth: upper case, no look-alike characters. */
export const normalizeEnrollmentCode = (code: string) => code.trim().toUpperCase();

export function registerDeviceRoutes(
  api: FastifyInstance,
  deps: PoolDeps,
  { enrollPerMinute }: { enrollPerMinute: number },
): void {
  const { db, clock, newId } = deps;

  // A one-time code becomes a device token scoped to the code's event.
  api.post(
    '/devices/enroll',
    {
      config: {
        rateLimit: {
          max: enrollPerMinute,
          timeWindow: '1 minute',
          // Per address, whatever Authorization header comes along (a made-up one per request
          // used to open a fresh budget each time).
          keyGenerator: (request: FastifyRequest) => `enroll:${addressKey(request)}`,
        },
      },
    },
    async (request) => {
      const body = parseWith(EnrollRequestSchema, request.body);
      const now = clock();
      const codeHash = hashToken(normalizeEnrollmentCode(body.code));
      const token = newToken(DEVICE_TOKEN_PREFIX);
      const deviceId = newId();
      const enrolled = await db.transaction(async (tx) => {
        const [code] = await tx.query<{
          event_id: string;
          expires_at: number;
          used_at: number | null;
        }>(
          'select event_id, expires_at, used_at from enrollment_codes where code_hash = $1 for update',
          [codeHash],
        );
        if (!code)
          throw unauthorized('unknown enrollment code', AUTH_ERROR_CODES.enrollmentCodeUnknown);
        if (code.used_at !== null)
          throw unauthorized(
            'this enrollment code has already been used',
            AUTH_ERROR_CODES.enrollmentCodeUsed,
          );
        if (Number(code.expires_at) < now)
          throw unauthorized(
            'this enrollment code has expired',
            AUTH_ERROR_CODES.enrollmentCodeExpired,
          );
        await tx.query(
          'update enrollment_codes set used_at = $2, device_id = $3 where code_hash = $1',
          [codeHash, now, deviceId],
        );
        await tx.query(
          `insert into devices (id, event_id, name, token_hash, enrolled_at) values ($1, $2, $3, $4, $5)`,
          [
            deviceId,
            code.event_id,
            body.deviceName ?? `Booth-${deviceId.slice(-4)}`,
            hashToken(token),
            now,
          ],
        );
        return { eventId: code.event_id };
      });
      const response: EnrollResponse = { token, deviceId, eventId: enrolled.eventId };
      return response;
    },
  );

  api.get('/devices/me', async (request) => {
    const principal = await authenticate(db, request);
    if (principal.kind !== 'device') throw notFound('not a device token');
    await db.query('update devices set last_seen_at = $2 where id = $1', [
      principal.deviceId,
      clock(),
    ]);
    return {
      deviceId: principal.deviceId,
      eventId: principal.eventId,
      name: principal.name,
      mail: deps.mailDelivery ?? 'none',
    };
  });

  api.get('/events/:eventId/devices', async (request) => {
    requireUser(await authenticate(db, request), ['admin', 'marketing']);
    const { eventId } = request.params as { eventId: string };
    const rows = await db.query(
      `select id, name, enrolled_at as "enrolledAt", revoked_at as "revokedAt", last_seen_at as "lastSeenAt"
         from devices where event_id = $1 order by enrolled_at`,
      [eventId],
    );
    return { devices: rows };
  });

  api.post('/devices/:deviceId/revoke', async (request) => {
    requireUser(await authenticate(db, request), ['admin', 'marketing']);
    const { deviceId } = request.params as { deviceId: string };
    const revoked = await db.transaction(async (tx) => {
      const rows = await tx.query(
        'update devices set revoked_at = $2 where id = $1 and revoked_at is null returning id',
        [deviceId, clock()],
      );
      // Told at commit to every pool instance: each ends the device's open live streams.
      if (rows.length > 0) await publishRevocation(tx, `device:${deviceId}`);
      return rows.length > 0;
    });
    if (!revoked) throw notFound('no active device with that id');
    return { revoked: true };
  });
}
