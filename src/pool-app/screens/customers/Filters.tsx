import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssetListResponse } from '../../../shared/api/assets';
import { CONSENT_FILTERS, CUSTOMER_BEHAVIOURS } from '../../../shared/api/customers';
import type { EventListResponse } from '../../../shared/api/events';
import { STAGES } from '../../../shared/intelligence/stage';
import { GRADES } from '../../../shared/intelligence/vocabulary';
import { api } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { DebouncedInput } from './DebouncedInput';
import { withFilter } from './filter-query';

interface Props {
  params: URLSearchParams;
  onChange: (next: URLSearchParams) => void;
  /** Marketing picks events and white papers; a sales user has no event list to pick from. */
  canPickEvents: boolean;
}

/** A text filter that writes to the URL once the user pauses. */
function TypedFilter({
  id,
  label,
  value,
  onCommit,
  type = 'text',
}: {
  id: string;
  label: string;
  value: string;
  onCommit: (value: string) => void;
  type?: 'text' | 'number';
}) {
  return (
    <div className={`field filter-${id}`}>
      <label htmlFor={`filter-${id}`}>{label}</label>
      <DebouncedInput id={`filter-${id}`} type={type} value={value} onCommit={onCommit} />
    </div>
  );
}

/** `did=kind` or `did=kind:<id>`: the behaviour filter's two halves. */
function splitBehaviour(did: string): { kind: string; id: string } {
  const at = did.indexOf(':');
  return at < 0 ? { kind: did, id: '' } : { kind: did.slice(0, at), id: did.slice(at + 1) };
}

export function Filters({ params, onChange, canPickEvents }: Props) {
  const { t } = useTranslation('customers');
  const set = (key: string) => (value: string) => onChange(withFilter(params, key, value));
  const events = useResource<EventListResponse>(
    () => (canPickEvents ? api.get<EventListResponse>('/events') : Promise.resolve({ events: [] })),
    `events-${canPickEvents}`,
  );
  const behaviour = splitBehaviour(params.get('did') ?? '');
  const [behaviourEvent, setBehaviourEvent] = useState('');
  const assets = useResource<Pick<AssetListResponse, 'assets'>>(
    () =>
      behaviour.kind === 'downloaded' && behaviourEvent
        ? api.get<AssetListResponse>(`/events/${encodeURIComponent(behaviourEvent)}/assets`)
        : Promise.resolve({ assets: [] }),
    `assets-${behaviour.kind}-${behaviourEvent}`,
  );
  const eventList = events.data?.events ?? [];
  const setBehaviour = (kind: string, id: string) =>
    onChange(withFilter(params, 'did', kind === '' ? '' : id === '' ? kind : `${kind}:${id}`));

  return (
    <form
      className="panel customer-filters"
      aria-label={t('filters.title')}
      onSubmit={(event) => event.preventDefault()}
    >
      {canPickEvents && (
        <div className="field">
          <label htmlFor="filter-event">{t('filters.event')}</label>
          <select
            id="filter-event"
            value={params.get('eventId') ?? ''}
            onChange={(event) => set('eventId')(event.target.value)}
          >
            <option value="">{t('filters.anyEvent')}</option>
            {eventList.map((event) => (
              <option key={event.id} value={event.id}>
                {event.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="filter-grade">{t('filters.grade')}</label>
        <select
          id="filter-grade"
          value={params.get('grade') ?? ''}
          onChange={(event) => set('grade')(event.target.value)}
        >
          <option value="">{t('filters.any')}</option>
          {GRADES.map((grade) => (
            <option key={grade} value={grade}>
              {grade}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-stage">{t('filters.stage')}</label>
        <select
          id="filter-stage"
          value={params.get('stage') ?? ''}
          onChange={(event) => set('stage')(event.target.value)}
        >
          <option value="">{t('filters.any')}</option>
          {STAGES.map((stage) => (
            <option key={stage} value={stage}>
              {t(`stages.${stage}`)}
            </option>
          ))}
        </select>
      </div>
      <TypedFilter
        id="minScore"
        type="number"
        label={t('filters.minScore')}
        value={params.get('minScore') ?? ''}
        onCommit={set('minScore')}
      />
      <TypedFilter
        id="province"
        label={t('filters.province')}
        value={params.get('province') ?? ''}
        onCommit={set('province')}
      />
      <TypedFilter
        id="city"
        label={t('filters.city')}
        value={params.get('city') ?? ''}
        onCommit={set('city')}
      />
      <TypedFilter
        id="industry"
        label={t('filters.industry')}
        value={params.get('industry') ?? ''}
        onCommit={set('industry')}
      />
      <div className="field">
        <label htmlFor="filter-consent">{t('filters.consent')}</label>
        <select
          id="filter-consent"
          value={params.get('consent') ?? ''}
          onChange={(event) => set('consent')(event.target.value)}
        >
          <option value="">{t('filters.consentAny')}</option>
          {CONSENT_FILTERS.map((consent) => (
            <option key={consent} value={consent}>
              {t(consent === 'granted' ? 'filters.consentGranted' : 'filters.consentMissing')}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-behaviour">{t('filters.behaviour')}</label>
        <select
          id="filter-behaviour"
          value={behaviour.kind}
          onChange={(event) => setBehaviour(event.target.value, '')}
        >
          <option value="">{t('filters.behaviourAny')}</option>
          {CUSTOMER_BEHAVIOURS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`behaviours.${kind}`)}
            </option>
          ))}
        </select>
      </div>
      {canPickEvents && behaviour.kind !== '' && (
        <div className="field">
          <label htmlFor="filter-behaviour-event">{t('filters.behaviourEvent')}</label>
          <select
            id="filter-behaviour-event"
            value={behaviour.kind === 'downloaded' ? behaviourEvent : behaviour.id}
            onChange={(event) => {
              if (behaviour.kind === 'downloaded') setBehaviourEvent(event.target.value);
              else setBehaviour(behaviour.kind, event.target.value);
            }}
          >
            <option value="">{t('filters.anyEvent')}</option>
            {eventList.map((event) => (
              <option key={event.id} value={event.id}>
                {event.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {behaviour.kind === 'downloaded' && behaviourEvent !== '' && (
        <div className="field">
          <label htmlFor="filter-behaviour-asset">{t('filters.behaviourAsset')}</label>
          <select
            id="filter-behaviour-asset"
            value={behaviour.id}
            onChange={(event) => setBehaviour('downloaded', event.target.value)}
          >
            <option value="">{t('filters.anyAsset')}</option>
            {(assets.data?.assets ?? []).map((asset) => (
              <option key={asset.id} value={asset.id}>
                {asset.title}
              </option>
            ))}
          </select>
        </div>
      )}
    </form>
  );
}
