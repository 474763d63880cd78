import { describe, expect, it } from 'vitest';
import { NOTHING_DONE, type AttendeeContext } from '../shared/attendee/protocol';
import {
  buildSubmission,
  checkBeforeSubmit,
  doneLines,
  emptyFormState,
  fieldsToShow,
  inlineErrors,
  openOffers,
  toggle,
} from './form-logic';

const paper = { id: '0192f0a4-1c2b-7d3e-8f40-000000000001', title: 'White paper' };
const draw = { id: '0192f0a4-1c2b-7d3e-8f40-000000000002', title: 'Lucky draw' };

const context = (overrides: Partial<AttendeeContext> = {}): AttendeeContext => ({
  event: {
    id: '0192f0a4-1c2b-7d3e-8f40-0000000000e1',
    name: 'Expo',
    consentText: 'We may contact you.',
    consentVersion: 'v3',
  },
  ask: ['name', 'phone'],
  required: ['name', 'phone'],
  recognized: false,
  assets: [paper],
  draws: [draw],
  done: NOTHING_DONE,
  servedBy: 'pool',
  ...overrides,
});

describe('the phone form', () => {
  it('shows only the asked fields, and email once a white paper is chosen', () => {
    const state = emptyFormState();
    expect(fieldsToShow(context(), state, false)).toEqual(['name', 'phone']);
    const wantsPaper = { ...state, contentIds: [paper.id] };
    expect(fieldsToShow(context(), wantsPaper, false)).toEqual(['name', 'phone', 'email']);
    // This phone gave an email before: the server still has it for this visitor.
    expect(fieldsToShow(context(), wantsPaper, true)).toEqual(['name', 'phone']);
    // The server says one is needed after all.
    const told = { ...wantsPaper, errors: { email: 'errors.emailForPapers' } };
    expect(fieldsToShow(context(), told, true)).toEqual(['name', 'phone', 'email']);
    // Already asked: not twice.
    expect(fieldsToShow(context({ ask: ['email'] }), wantsPaper, false)).toEqual(['email']);
  });

  it('checks consent, required fields and the email for papers before sending', () => {
    const ctx = context();
    const state = { ...emptyFormState(), contentIds: [paper.id], values: { name: ' ' } };
    const shown = fieldsToShow(ctx, state, false);
    expect(checkBeforeSubmit(ctx, state, shown, false)).toEqual({
      name: 'errors.required',
      phone: 'errors.required',
      email: 'errors.emailForPapers',
      consent: 'errors.consent',
    });
    const filled = {
      ...state,
      consent: true,
      values: { name: '王伟', phone: '13800138000', email: 'w@x.cn' },
    };
    expect(checkBeforeSubmit(ctx, filled, shown, false)).toEqual({});
  });

  it('sends only the shown fields, trimmed and non-empty, with the consent version', () => {
    const state = {
      ...emptyFormState(),
      consent: true,
      demo: true,
      drawIds: [draw.id],
      values: { name: ' 王伟 ', phone: '', company: 'not shown' },
    };
    const body = buildSubmission(context(), state, ['name', 'phone'], {
      boothToken: 'b',
      visitorToken: 'v',
    });
    expect(body).toEqual({
      eventId: context().event.id,
      boothToken: 'b',
      visitorToken: 'v',
      fields: { name: '王伟' },
      consent: { granted: true, version: 'v3' },
      requests: { contentIds: [], drawIds: [draw.id], demo: true, trial: false },
    });
    expect(
      buildSubmission(context(), state, [], { boothToken: 'b', visitorToken: 'v', ticket: 'LP1.x' })
        .ticket,
    ).toBe('LP1.x');
  });

  it('offers only what this visitor has not done, and thanks for exactly what it did', () => {
    const done = {
      registered: true,
      checkedIn: false,
      contentIds: [paper.id],
      drawIds: [],
      demo: true,
      trial: false,
    };
    expect(openOffers(context({ done }))).toEqual({
      assets: [],
      draws: [draw],
      demo: false,
      trial: true,
    });
    expect(doneLines(context(), done)).toEqual([
      { key: 'doneRegistered' },
      { key: 'doneContent', title: 'White paper' },
      { key: 'doneDemo' },
    ]);
    // An id the page has no title for (an offer withdrawn meanwhile) is not listed raw.
    expect(
      doneLines(context(), { ...done, contentIds: ['0192f0a4-1c2b-7d3e-8f40-0000000000ff'] }),
    ).toEqual([{ key: 'doneRegistered' }, { key: 'doneDemo' }]);
  });

  it('keeps server field errors and toggles selections', () => {
    expect(inlineErrors({ phone: 'errors.phone', x: undefined })).toEqual({
      phone: 'errors.phone',
    });
    expect(inlineErrors(undefined)).toEqual({});
    expect(toggle(['a'], 'b', true)).toEqual(['a', 'b']);
    expect(toggle(['a', 'b'], 'a', false)).toEqual(['b']);
    expect(toggle(['a'], 'a', true)).toEqual(['a']);
  });
});
