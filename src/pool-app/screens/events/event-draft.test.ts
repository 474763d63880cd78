import { describe, expect, it } from 'vitest';
import { CreateEventBodySchema } from '../../../shared/api';
import { CATALOGS } from '../../../shared/i18n';
import { EventSchema } from '../../../shared/schemas';
import {
  bodyOf,
  consentVersionStale,
  draftErrors,
  draftOf,
  fieldRows,
  moveField,
  newDraft,
  toggleAsked,
  toggleRequired,
  type FallbackMessage,
} from './event-draft';

const fallback: FallbackMessage = (key) => `fallback:${key}`;

describe('the event form’s draft', () => {
  it('turns a filled draft into a body the pool accepts, and an event back into the same draft', () => {
    const draft = {
      ...newDraft('2026-12-10'),
      name: '博览会',
      endsOn: '2026-12-12',
      costAmount: '1200.5',
      currency: 'usd',
      interests: '机器人\n\n  数字孪生 \n',
      consentText: '同意',
      consentEnText: 'I agree',
      consentEnVersion: 'en-1',
      kioskIdleSeconds: '45',
    };
    const body = bodyOf(draft);
    expect(CreateEventBodySchema.parse(body)).toMatchObject({
      cost: { amount: 1200.5, currency: 'USD' },
      interests: ['机器人', '数字孪生'],
      consent: { translations: [{ language: 'en', text: 'I agree', version: 'en-1' }] },
      kioskIdleSeconds: 45,
    });
    expect(draftErrors(draft, 'zh-CN', fallback)).toEqual({});
    const event = EventSchema.parse({
      ...CreateEventBodySchema.parse(body),
      id: '0190a8a0-0000-7000-8000-000000000001',
      publicKey: '',
      createdAt: 1,
      updatedAt: 1,
    });
    expect(bodyOf(draftOf(event))).toEqual(CreateEventBodySchema.parse(body));
  });

  it('says each problem at its input, in the shared words where the schema has them', () => {
    const errors = draftErrors(
      {
        ...newDraft('2026-12-10'),
        endsOn: '2026-12-01',
        kioskIdleSeconds: 'abc',
        retentionDays: '',
        costAmount: '-1',
        consentEnText: 'text without a version',
      },
      'en',
      fallback,
    );
    expect(errors).toEqual({
      name: CATALOGS.en.errors.required,
      endsOn: CATALOGS.en.errors.endBeforeStart,
      kioskIdleSeconds: CATALOGS.en.errors.idleSeconds,
      retentionDays: CATALOGS.en.errors.retentionDays,
      costAmount: 'fallback:costAmount',
      consentEnVersion: CATALOGS.en.errors.required,
    });
    expect(CATALOGS['zh-CN'].errors.idleSeconds).toContain('5–3600');
  });

  it('keeps required fields asked, and sees new consent words under an old version', () => {
    let draft = toggleRequired(newDraft('2026-12-10'), 'company', true);
    expect(draft.required).toEqual(['name', 'phone', 'company']);
    draft = toggleAsked(draft, 'company', false);
    expect(draft.required).toEqual(['name', 'phone']);
    expect(draft.fields).not.toContain('company');
    expect(toggleAsked(draft, 'city', true).fields.at(-1)).toBe('city');
    const moved = moveField(draft, 'email', -1);
    expect(moved.fields).toEqual(['name', 'email', 'phone', 'title']);
    expect(moveField(moved, 'name', -1)).toBe(moved);
    expect(moveField(moved, 'title', 1)).toBe(moved);
    expect(fieldRows(moved).slice(0, 5)).toEqual(['name', 'email', 'phone', 'title', 'wechatId']);

    const event = EventSchema.parse({
      ...CreateEventBodySchema.parse({ name: 'x', startsOn: '2026-01-01', endsOn: '2026-01-01' }),
      consent: {
        text: '旧',
        version: 'v1',
        translations: [{ language: 'en', text: 'old', version: 'e1' }],
      },
      id: '0190a8a0-0000-7000-8000-000000000001',
      publicKey: '',
      createdAt: 1,
      updatedAt: 1,
    });
    const reworded = { ...draftOf(event), consentText: '新', consentEnText: 'new' };
    expect(consentVersionStale(reworded, event)).toEqual({ main: true, english: true });
    expect(
      consentVersionStale({ ...reworded, consentVersion: 'v2', consentEnVersion: 'e2' }, event),
    ).toEqual({ main: false, english: false });
  });
});
