import { describe, expect, it } from 'vitest';
import { EMPTY_PERSON_INPUT, NO_CONSENT, type Person } from './schemas';
import { CLOCK_SKEW_MS, isPlaceholderKey, isSelfServicePerson, trustedDevicePerson } from './trust';

const NOW = 1_780_000_000_000;

function person(overrides: Partial<Person> = {}): Person {
  return {
    id: '0190a000-0000-7000-8000-000000000001',
    eventId: '0190a000-0000-7000-8000-0000000000e1',
    ...EMPTY_PERSON_INPUT,
    name: '李四',
    phone: '+8613912345678',
    email: 'lisi@example.com',
    badgeCode: '',
    consent: NO_CONSENT,
    provenance: { name: { source: 'staff', deviceId: 'd1', at: NOW - 1000 } },
    searchKey: '',
    createdAt: NOW - 1000,
    updatedAt: NOW - 1000,
    ...overrides,
  };
}

describe('placeholder keys', () => {
  it.each([
    ['phone', '+8613800138000'],
    ['phone', '+8611111111111'],
    ['phone', '+8613888888888'],
    ['phone', '+8613900000000'],
    ['email', 'info@acme.cn'],
    ['email', 'sales@acme.cn'],
    ['email', 'noreply@acme.cn'],
  ] as const)('%s %s identifies nobody', (kind, value) => {
    expect(isPlaceholderKey(kind, value)).toBe(true);
  });

  it.each([
    ['phone', '+8613912345678'],
    ['phone', '+8613800138001'],
    ['phone', '+14155550123'],
    ['email', 'lisi@example.com'],
    ['email', 'information.desk.li@acme.cn'],
    ['wechat', 'info'],
    ['badge', '11111111'],
  ] as const)('%s %s is a real key', (kind, value) => {
    expect(isPlaceholderKey(kind, value)).toBe(false);
  });
});

describe('self-service people', () => {
  it('is a person only kiosks and phones wrote', () => {
    const at = NOW;
    expect(isSelfServicePerson(person({ provenance: {} }))).toBe(true);
    expect(
      isSelfServicePerson(
        person({
          provenance: {
            name: { source: 'kiosk', deviceId: 'd', at },
            phone: { source: 'mobile', deviceId: 'd', at },
          },
        }),
      ),
    ).toBe(true);
    expect(
      isSelfServicePerson(
        person({
          provenance: {
            name: { source: 'kiosk', deviceId: 'd', at },
            company: { source: 'staff', deviceId: 'd', at },
          },
        }),
      ),
    ).toBe(false);
  });
});

describe('trustedDevicePerson', () => {
  it('clamps forged future times to the receive time plus skew', () => {
    const future = NOW + 365 * 86_400_000;
    const trusted = trustedDevicePerson(
      person({
        updatedAt: future,
        createdAt: future,
        consent: { granted: true, textVersion: 'v1', grantedAt: future },
        provenance: { name: { source: 'staff', deviceId: 'd1', at: future } },
      }),
      NOW,
    );
    expect(trusted.updatedAt).toBe(NOW + CLOCK_SKEW_MS);
    expect(trusted.createdAt).toBe(NOW + CLOCK_SKEW_MS);
    expect(trusted.consent.grantedAt).toBe(NOW + CLOCK_SKEW_MS);
    expect(trusted.provenance.name?.at).toBe(NOW + CLOCK_SKEW_MS);
  });

  it('keeps honest times and lowers claims of import or pool rank to staff', () => {
    const trusted = trustedDevicePerson(
      person({ provenance: { name: { source: 'import', deviceId: 'd1', at: NOW - 5 } } }),
      NOW,
    );
    expect(trusted.provenance.name).toEqual({ source: 'staff', deviceId: 'd1', at: NOW - 5 });
    expect(trusted.updatedAt).toBe(NOW - 1000);
  });

  it('normalizes identity fields: no unreadable phone, no formula as an email', () => {
    const trusted = trustedDevicePerson(
      person({ phone: '138 0013 8001', email: ' =1+1', wechatId: '  wx_li ' }),
      NOW,
    );
    expect(trusted.phone).toBe('+8613800138001');
    expect(trusted.email).toBe('');
    expect(trusted.wechatId).toBe('wx_li');
    expect(trustedDevicePerson(person({ phone: '=cmd|x' }), NOW).phone).toBe('');
    expect(trustedDevicePerson(person({ email: ' LiSi@Example.COM ' }), NOW).email).toBe(
      'lisi@example.com',
    );
  });
});
