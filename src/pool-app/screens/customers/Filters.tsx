import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssetListResponse } from '../../../shared/api/assets';
import { CONSENT_FILTERS, CUSTOMER_BEHAVIOURS } from '../../../shared/api/customer-filters';
import type { EventListResponse } from '../../../shared/api/events';
import { GRADES, STAGES } from '../../../shared/intelligence/ladders';
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

/** A choice filter: "any" first, then the options; a pick writes to the URL at once. */
function ChoiceFilter({
  id,
  label,
  anyLabel,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  anyLabel: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={`filter-${id}`}>{label}</label>
      <select id={`filter-${id}`} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
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
  const eventOptions = (events.data?.events ?? []).map((event) => ({
    value: event.id,
    label: event.name,
  }));
  const setBehaviour = (kind: string, id: string) =>
    onChange(withFilter(params, 'did', kind === '' ? '' : id === '' ? kind : `${kind}:${id}`));

  return (
    <form
      className="panel customer-filters"
      aria-label={t('filters.title')}
      onSubmit={(event) => event.preventDefault()}
    >
      {canPickEvents && (
        <ChoiceFilter
          id="event"
          label={t('filters.event')}
          anyLabel={t('filters.anyEvent')}
          value={params.get('eventId') ?? ''}
          options={eventOptions}
          onChange={set('eventId')}
        />
      )}
      <ChoiceFilter
        id="grade"
        label={t('filters.grade')}
        anyLabel={t('filters.any')}
        value={params.get('grade') ?? ''}
        options={GRADES.map((grade) => ({ value: grade, label: grade }))}
        onChange={set('grade')}
      />
      <ChoiceFilter
        id="stage"
        label={t('filters.stage')}
        anyLabel={t('filters.any')}
        value={params.get('stage') ?? ''}
        options={STAGES.map((stage) => ({ value: stage, label: t(`stages.${stage}`) }))}
        onChange={set('stage')}
      />
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
      <ChoiceFilter
        id="consent"
        label={t('filters.consent')}
        anyLabel={t('filters.consentAny')}
        value={params.get('consent') ?? ''}
        options={CONSENT_FILTERS.map((consent) => ({
          value: consent,
          label: t(consent === 'granted' ? 'filters.consentGranted' : 'filters.consentMissing'),
        }))}
        onChange={set('consent')}
      />
      <ChoiceFilter
        id="behaviour"
        label={t('filters.behaviour')}
        anyLabel={t('filters.behaviourAny')}
        value={behaviour.kind}
        options={CUSTOMER_BEHAVIOURS.map((kind) => ({
          value: kind,
          label: t(`behaviours.${kind}`),
        }))}
        onChange={(kind) => setBehaviour(kind, '')}
      />
      {canPickEvents && behaviour.kind !== '' && (
        <ChoiceFilter
          id="behaviour-event"
          label={t('filters.behaviourEvent')}
          anyLabel={t('filters.anyEvent')}
          value={behaviour.kind === 'downloaded' ? behaviourEvent : behaviour.id}
          options={eventOptions}
          onChange={(id) => {
            if (behaviour.kind === 'downloaded') setBehaviourEvent(id);
            else setBehaviour(behaviour.kind, id);
          }}
        />
      )}
      {behaviour.kind === 'downloaded' && behaviourEvent !== '' && (
        <ChoiceFilter
          id="behaviour-asset"
          label={t('filters.behaviourAsset')}
          anyLabel={t('filters.anyAsset')}
          value={behaviour.id}
          options={(assets.data?.assets ?? []).map((asset) => ({
            value: asset.id,
            label: asset.title,
          }))}
          onChange={(id) => setBehaviour('downloaded', id)}
        />
      )}
    </form>
  );
}
