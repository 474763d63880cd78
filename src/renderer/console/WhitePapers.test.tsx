import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { Language } from '../../shared/i18n';
import { EMPTY_PERSON_INPUT, type Asset, type LeadEvent } from '../../shared/schemas';
import { ServicesContext, type Services } from '../app/services';
import { createI18n } from '../app/i18n';
import { recordInteraction, registerAttendee, type CaptureContext } from '../store/leads';
import { closeTestStores, openStore } from '../store/testing';
import { Timeline } from './Timeline';
import { WhitePapersPanel } from './WhitePapers';

afterEach(async () => {
  cleanup();
  await closeTestStores();
});

/** An asset as the pool's sync delivers it (metadata only). */
function pulledAsset(event: LeadEvent, title: string, id: string): Asset {
  return {
    id,
    eventId: event.id,
    title,
    fileHash: 'a'.repeat(64),
    size: 2_516_582,
    mime: 'application/pdf',
    url: `http://pool.test/api/v1/events/${event.id}/assets/${id}/file`,
    createdAt: 1,
    updatedAt: 1,
  };
}

async function setUp(language: Language, email = 'Li.Lei@Example.com') {
  const store = await openStore();
  const { ctx, event, db } = store;
  const registered = await registerAttendee(
    ctx,
    event,
    { ...EMPTY_PERSON_INPUT, name: '李雷', phone: '13800138000', email },
    { source: 'staff', consentGranted: true, requireConsent: false },
  );
  if (!registered.ok) throw new Error('person');
  const person = registered.value.person;
  const asset = pulledAsset(event, '工业互联网白皮书', ctx.newId());
  await db.assets.insert(asset);
  const i18n = await createI18n(language);
  // The two components use the store and the capture context only.
  const services = { db, capture: ctx } as unknown as Services;
  const wrap = (children: ReactNode) => (
    <ServicesContext.Provider value={services}>
      <I18nextProvider i18n={i18n}>{children}</I18nextProvider>
    </ServicesContext.Provider>
  );
  render(
    wrap(
      <>
        <WhitePapersPanel event={event} person={person} />
        <Timeline personId={person.id} />
      </>,
    ),
  );
  return { ...store, person, asset, ctx: ctx as CaptureContext };
}

describe('white papers in the person panel', () => {
  it('sends a pulled white paper to the person’s email as a local content_requested fact', async () => {
    const { db, person, asset } = await setUp('zh-CN');
    const panel = await screen.findByRole('region', { name: '白皮书' });
    const send = await within(panel).findByRole('button', {
      name: '把《工业互联网白皮书》发送到 li.lei@example.com',
    });
    expect(within(panel).getByText('2.4 MB')).toBeInTheDocument();
    await userEvent.click(send);

    const facts = await db.interactions.find({ selector: { type: 'content_requested' } }).exec();
    expect(facts.map((f) => [f.personId, f.deviceId, f.staffId, f.data])).toEqual([
      [
        person.id,
        'dev-1',
        'staff-1',
        { assetId: asset.id, email: 'li.lei@example.com', via: 'staff', lang: 'zh-CN' },
      ],
    ]);
    expect(await within(panel).findByRole('status')).toHaveTextContent(
      '已记录：《工业互联网白皮书》将发送到 li.lei@example.com',
    );
    expect(await within(panel).findByText('已请求，由客户池发送')).toBeInTheDocument();
    // Sent to this address already: the button rests until the email changes.
    expect(send).toBeDisabled();
    const timeline = screen.getByRole('region', { name: '互动记录' });
    expect(
      await within(timeline).findByText('《工业互联网白皮书》→ li.lei@example.com'),
    ).toBeInTheDocument();
  });

  it('shows a download the pool recorded, in English', async () => {
    const { ctx, event, person, asset } = await setUp('en');
    const panel = await screen.findByRole('region', { name: 'White papers' });
    await userEvent.click(
      await within(panel).findByRole('button', {
        name: 'Send “工业互联网白皮书” to li.lei@example.com',
      }),
    );
    const request = (
      await ctx.db.interactions.find({ selector: { type: 'content_requested' } }).exec()
    )[0];
    // What the pool writes when the link is used, as sync brings it to the device.
    await act(async () => {
      await recordInteraction(
        { ...ctx, deviceId: 'pool', staffId: '' },
        {
          eventId: event.id,
          personId: person.id,
          type: 'content_downloaded',
          data: { assetId: asset.id, requestId: request?.id ?? '' },
        },
      );
    });
    expect(await within(panel).findByText('Downloaded')).toBeInTheDocument();
    const timeline = screen.getByRole('region', { name: 'Timeline' });
    expect(await within(timeline).findByText('Downloaded content')).toBeInTheDocument();
    expect(await within(timeline).findByText('“工业互联网白皮书”')).toBeInTheDocument();
  });

  it('asks for an email first when the person has none', async () => {
    const { db } = await setUp('zh-CN', '');
    const panel = await screen.findByRole('region', { name: '白皮书' });
    expect(
      await within(panel).findByText('先填写并保存此人的邮箱，才能发送白皮书'),
    ).toBeInTheDocument();
    expect(within(panel).getByRole('button', { name: /发送到/ })).toBeDisabled();
    const requests = await db.interactions.find({ selector: { type: 'content_requested' } }).exec();
    expect(requests).toHaveLength(0);
  });
});
