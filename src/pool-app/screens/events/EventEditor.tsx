import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import type { EventResponse } from '../../../shared/api';
import type { LeadEvent } from '../../../shared/schemas';
import { ApiError, api } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { navigate, useHashQuery } from '../../hash-location';
import { LoadError, Loading, NotFound } from '../common/states';
import { AttendeesPanel } from './AttendeesPanel';
import { BoothPanel } from './BoothPanel';
import { DrawsPanel } from './DrawsPanel';
import { draftOf, newDraft } from './event-draft';
import { EventForm } from './EventForm';
import { PapersPanel } from './PapersPanel';
import './events.css';

const TABS = ['details', 'attendees', 'booth', 'papers', 'draws'] as const;
type Tab = (typeof TABS)[number];
const isTab = (value: string | null): value is Tab => TABS.includes(value as Tab);

/** `#/events/new`: the settings form alone; saving opens the new event. */
export function NewEvent() {
  const { t } = useTranslation('events');
  const today = new Date().toISOString().slice(0, 10);
  return (
    <div className="events">
      <header className="page-header">
        <h1>{t('editor.newTitle')}</h1>
        <Link href="/events">{t('editor.back')}</Link>
      </header>
      <EventForm
        initial={newDraft(today)}
        onSaved={(event) => navigate(`/events/${event.id}?created=1`)}
      />
    </div>
  );
}

/** `#/events/:id?tab=…`: one event, its parts as tabs (the tab is in the link). */
export function EventEditor() {
  const { t } = useTranslation('events');
  const { id = '' } = useParams<{ id: string }>();
  const [query] = useHashQuery();
  const tab: Tab = isTab(query.get('tab')) ? (query.get('tab') as Tab) : 'details';
  const resource = useResource(() => api.get<EventResponse>(`/events/${id}`), id);
  const event = resource.data?.event;

  if (resource.status === 'error' && !event) {
    if (resource.error instanceof ApiError && resource.error.status === 404) return <NotFound />;
    return <LoadError error={resource.error} onRetry={resource.reload} />;
  }
  if (!event) return <Loading />;

  const tabLink = (to: Tab) => {
    const next = new URLSearchParams();
    if (to !== 'details') next.set('tab', to);
    const search = next.toString();
    return `/events/${event.id}${search ? `?${search}` : ''}`;
  };
  return (
    <div className="events">
      <header className="page-header">
        <h1>{event.name}</h1>
        <Link href="/events">{t('editor.back')}</Link>
      </header>
      {query.get('created') === '1' && (
        <p className="event-notice" role="status">
          {t('editor.created', { name: event.name })}
        </p>
      )}
      <nav className="event-tabs" aria-label={t('tabs.label')}>
        {TABS.map((name) => (
          <Link key={name} href={tabLink(name)} aria-current={name === tab ? 'page' : undefined}>
            {t(`tabs.${name}`)}
          </Link>
        ))}
      </nav>
      <EventTab tab={tab} event={event} onSaved={resource.reload} />
    </div>
  );
}

function EventTab({ tab, event, onSaved }: { tab: Tab; event: LeadEvent; onSaved: () => void }) {
  switch (tab) {
    case 'details':
      return (
        <EventForm key={event.id} initial={draftOf(event)} original={event} onSaved={onSaved} />
      );
    case 'attendees':
      return <AttendeesPanel event={event} />;
    case 'booth':
      return <BoothPanel event={event} />;
    case 'papers':
      return <PapersPanel event={event} />;
    case 'draws':
      return <DrawsPanel event={event} />;
  }
}
