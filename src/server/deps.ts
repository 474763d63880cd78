import type { Clock, IdGenerator } from '../shared/ids';
import type { SqlDatabase } from './db/sql';
import type { WebhookTargetPolicy } from './services/webhook-targets';

/** What every route and service of the pool is given (no hidden singletons). */
export interface PoolDeps {
  db: SqlDatabase;
  clock: Clock;
  newId: IdGenerator;
  /** Base URL devices and phones use to reach this pool (QR codes, mail links). */
  publicUrl: () => string;
  /** White papers: upload limit, download link lifetime (defaults when absent: tests). */
  assets?: AssetSettings;
  /**
   * Rescore the customers a write touches in its transaction (default true). Off only for the
   * bench's baseline, which measures what scoring adds to a push.
   */
  scoreOnIngest?: boolean;
  /**
   * Whether this pool can send mail (LEADPOND_SMTP_URL set): devices are told, so a booth never
   * shows a white paper as on its way while the mail sits queued (default 'none').
   */
  mailDelivery?: 'smtp' | 'none';
  /** Where webhooks may point (LEADPOND_WEBHOOK_ALLOW_HOSTS); default: public https only. */
  webhookTargets?: WebhookTargetPolicy;
}

export interface AssetSettings {
  /** Largest upload (LEADPOND_ASSET_MAX_BYTES). */
  maxUploadBytes: number;
  /** How long a download link works (LEADPOND_DOWNLOAD_TTL_HOURS). */
  downloadTtlHours: number;
}

export const DEFAULT_ASSET_SETTINGS: AssetSettings = {
  maxUploadBytes: 20 * 1024 * 1024,
  downloadTtlHours: 72,
};
