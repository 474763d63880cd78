import { ContentDownloadedDataSchema, ContentRequestedDataSchema } from '../../shared/attendee';
import { normalizeEmail } from '../../shared/identity';
import type { Asset, Interaction, Person } from '../../shared/schemas';
import type { CaptureContext } from './leads';
import { recordInteraction } from './leads';

/**
 * White papers at the booth: the event's assets arrive by sync (metadata only); staff send one
 * to a person by recording a `content_requested` fact. That write is local and instant; the pool
 * mails the link once the fact reaches it (at once when online, after sync when offline).
 */

export type SendResult = { ok: true; value: Interaction } | { ok: false; error: 'noEmail' };

export async function requestWhitePaper(
  ctx: CaptureContext,
  person: Pick<Person, 'id' | 'eventId' | 'email'>,
  asset: Pick<Asset, 'id'>,
  lang: 'zh-CN' | 'en',
): Promise<SendResult> {
  const email = normalizeEmail(person.email);
  const data = ContentRequestedDataSchema.safeParse({
    assetId: asset.id,
    email,
    via: 'staff',
    lang,
  });
  if (!data.success) return { ok: false, error: 'noEmail' };
  const fact = await recordInteraction(ctx, {
    eventId: person.eventId,
    personId: person.id,
    type: 'content_requested',
    data: data.data,
  });
  return { ok: true, value: fact };
}

export interface WhitePaperState {
  /** The email of the latest request, or null when never requested. */
  requestedTo: string | null;
  downloaded: boolean;
}

/** Per asset: was it requested (to which address, latest first) and downloaded, from the facts. */
export function whitePaperStates(facts: readonly Interaction[]): Map<string, WhitePaperState> {
  const states = new Map<string, WhitePaperState>();
  const get = (assetId: string) => {
    const state = states.get(assetId) ?? { requestedTo: null, downloaded: false };
    states.set(assetId, state);
    return state;
  };
  for (const fact of [...facts].sort((a, b) => a.occurredAt - b.occurredAt)) {
    if (fact.type === 'content_requested') {
      const data = ContentRequestedDataSchema.safeParse(fact.data);
      if (data.success) get(data.data.assetId).requestedTo = data.data.email;
    } else if (fact.type === 'content_downloaded') {
      const data = ContentDownloadedDataSchema.safeParse(fact.data);
      if (data.success) get(data.data.assetId).downloaded = true;
    }
  }
  return states;
}
