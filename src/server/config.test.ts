import { describe, expect, it } from 'vitest';
import { readPoolConfig } from './config';

describe('pool configuration: white papers and mail', () => {
  it('defaults to 20 MB uploads, 72-hour links and no SMTP (mail stays queued)', () => {
    const read = readPoolConfig({});
    expect(read.ok && read.config.assets).toEqual({
      maxUploadBytes: 20 * 1024 * 1024,
      downloadTtlHours: 72,
    });
    expect(read.ok && read.config.smtpUrl).toBeUndefined();
  });

  it('takes the limits, the SMTP URL and the sender from the environment', () => {
    const read = readPoolConfig({
      LEADPOND_ASSET_MAX_BYTES: '5242880',
      LEADPOND_DOWNLOAD_TTL_HOURS: '24',
      LEADPOND_SMTP_URL: 'smtp://user:pass@mail.example.com:587',
      LEADPOND_MAIL_FROM: 'Expo <expo@example.com>',
    });
    expect(read.ok && read.config).toMatchObject({
      assets: { maxUploadBytes: 5_242_880, downloadTtlHours: 24 },
      smtpUrl: 'smtp://user:pass@mail.example.com:587',
      mailFrom: 'Expo <expo@example.com>',
    });
  });

  it('says what is wrong with a bad value', () => {
    const read = readPoolConfig({
      LEADPOND_SMTP_URL: 'http://mail',
      LEADPOND_ASSET_MAX_BYTES: 'lots',
    });
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.message).toMatch(/LEADPOND_SMTP_URL: LEADPOND_SMTP_URL must be an smtp/);
      expect(read.message).toMatch(/LEADPOND_ASSET_MAX_BYTES/);
    }
  });
});
