import { resolve } from 'node:path';
import { z } from 'zod';
import { parseAllowHosts, type WebhookTargetPolicy } from './services/webhook-targets';

/** The pool's environment, validated once at start-up (DESIGN.md "Interfaces"). */
export const PoolEnvSchema = z.object({
  LEADPOND_POOL_PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  LEADPOND_POOL_HOST: z.string().min(1).default('127.0.0.1'),
  LEADPOND_DATA_DIR: z.string().min(1).default('./.leadpond'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  LEADPOND_ADMIN_TOKEN: z.string().min(24, 'LEADPOND_ADMIN_TOKEN needs 24+ characters').optional(),
  /** Public base URL of the pool (for links in QR codes and mail); defaults to host:port. */
  LEADPOND_POOL_PUBLIC_URL: z.url().optional(),
  /** Enrollment attempts per minute per address (guessing codes); raise it to enroll many devices at once. */
  LEADPOND_ENROLL_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(20),
  /**
   * Addresses or CIDRs of reverse proxies in front of the pool, comma-separated: their
   * X-Forwarded-For names the client, so rate limits stay per client. Unset: no proxy trusted.
   */
  LEADPOND_TRUST_PROXY: z.string().max(1000).optional(),
  LEADPOND_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
  /** Largest white-paper upload in bytes (default 20 MB). */
  LEADPOND_ASSET_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(512 * 1024 * 1024)
    .default(20 * 1024 * 1024),
  /** How long a white-paper download link works. */
  LEADPOND_DOWNLOAD_TTL_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 365)
    .default(72),
  /** SMTP server for the mail queue: smtp://user:pass@host:587 or smtps://…:465; unset: mail stays queued. */
  LEADPOND_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'LEADPOND_SMTP_URL must be an smtp:// or smtps:// URL')
    .optional(),
  LEADPOND_MAIL_FROM: z.string().min(3).max(320).default('Leadpond <no-reply@localhost>'),
  /**
   * Webhook targets allowed although they are http, loopback or on a private network:
   * comma-separated host:port (an on-premise CRM, a test receiver). Unset: public https only.
   */
  LEADPOND_WEBHOOK_ALLOW_HOSTS: z
    .string()
    .max(2000)
    .regex(/^[\w.\-:[\],\s]*$/, 'LEADPOND_WEBHOOK_ALLOW_HOSTS is a comma-separated host:port list')
    .optional(),
  /** How long a webhook receiver may take to answer before the attempt counts as failed. */
  LEADPOND_WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().min(1).max(120).default(15),
});

export interface PoolConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminToken: string | undefined;
  publicUrl: string | undefined;
  enrollPerMinute: number;
  trustProxy: string | undefined;
  logLevel: z.infer<typeof PoolEnvSchema>['LEADPOND_LOG_LEVEL'];
  assets: { maxUploadBytes: number; downloadTtlHours: number };
  /** Holds the SMTP password: never log it. */
  smtpUrl: string | undefined;
  mailFrom: string;
  webhookTargets: WebhookTargetPolicy;
  webhookTimeoutMs: number;
}

export type ConfigResult = { ok: true; config: PoolConfig } | { ok: false; message: string };

export function readPoolConfig(env: Record<string, string | undefined>): ConfigResult {
  // Empty variables mean "not set", as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = PoolEnvSchema.safeParse(present);
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    return { ok: false, message };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: {
      port: e.LEADPOND_POOL_PORT,
      host: e.LEADPOND_POOL_HOST,
      dataDir: resolve(e.LEADPOND_DATA_DIR),
      databaseUrl: e.DATABASE_URL,
      adminToken: e.LEADPOND_ADMIN_TOKEN,
      publicUrl: e.LEADPOND_POOL_PUBLIC_URL,
      enrollPerMinute: e.LEADPOND_ENROLL_PER_MINUTE,
      trustProxy: e.LEADPOND_TRUST_PROXY,
      logLevel: e.LEADPOND_LOG_LEVEL,
      assets: {
        maxUploadBytes: e.LEADPOND_ASSET_MAX_BYTES,
        downloadTtlHours: e.LEADPOND_DOWNLOAD_TTL_HOURS,
      },
      smtpUrl: e.LEADPOND_SMTP_URL,
      mailFrom: e.LEADPOND_MAIL_FROM,
      webhookTargets: parseAllowHosts(e.LEADPOND_WEBHOOK_ALLOW_HOSTS),
      webhookTimeoutMs: e.LEADPOND_WEBHOOK_TIMEOUT_SECONDS * 1000,
    },
  };
}
