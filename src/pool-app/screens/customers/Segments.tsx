import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Segment, SegmentListResponse } from '../../../shared/api/segments';
import { ApiError, api } from '../../api/client';
import type { Resource } from '../../api/use-resource';
import { paramsOfSegment, segmentFilterOf } from './filter-query';

interface Props {
  segments: Resource<SegmentListResponse>;
  activeId: string | null;
  params: URLSearchParams;
  onOpen: (next: URLSearchParams) => void;
  /** Marketing and admins save and delete segments; the API refuses anyone else. */
  canEdit: boolean;
}

/** Saved segments with their live counts; opening one puts its filters in the URL. */
export function Segments({ segments, activeId, params, onOpen, canEdit }: Props) {
  const { t } = useTranslation('customers');
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const list = segments.data?.segments ?? [];

  const save = async () => {
    if (name.trim() === '') {
      setMessage({ text: t('segments.nameRequired'), error: true });
      return;
    }
    setSaving(true);
    setMessage(null);
    try {
      const saved = await api.send<Segment>('POST', '/segments', {
        name: name.trim(),
        filter: segmentFilterOf(params),
      });
      setName('');
      setMessage({ text: t('segments.saved', { name: saved.name }), error: false });
      segments.reload();
      onOpen(paramsOfSegment(saved.id, saved.filter));
    } catch (error) {
      const taken = error instanceof ApiError && error.status === 409;
      setMessage({
        text: taken ? t('segments.nameTaken') : t('loadError', { message: String(error) }),
        error: true,
      });
    } finally {
      setSaving(false);
    }
  };

  const remove = async (segment: Segment) => {
    try {
      await api.send('DELETE', `/segments/${encodeURIComponent(segment.id)}`);
      setMessage({ text: t('segments.deleted', { name: segment.name }), error: false });
      segments.reload();
      if (activeId === segment.id) onOpen(new URLSearchParams());
    } catch (error) {
      setMessage({ text: t('loadError', { message: String(error) }), error: true });
    }
  };

  return (
    <nav className="panel customer-segments" aria-labelledby="segments-title">
      <h2 id="segments-title">{t('segments.title')}</h2>
      <ul>
        <li>
          <button
            type="button"
            className="segment-open"
            aria-current={activeId === null && params.toString() === '' ? 'true' : undefined}
            onClick={() => onOpen(new URLSearchParams())}
          >
            {t('segments.all')}
          </button>
        </li>
        {list.map((segment) => (
          <li key={segment.id}>
            <button
              type="button"
              className="segment-open"
              aria-current={activeId === segment.id ? 'true' : undefined}
              aria-label={t('segments.countOf', { name: segment.name, count: segment.count })}
              onClick={() => onOpen(paramsOfSegment(segment.id, segment.filter))}
            >
              <span>{segment.name}</span>
              <span className="segment-count">{segment.count.toLocaleString()}</span>
            </button>
            {canEdit && (
              <button
                type="button"
                className="segment-delete"
                aria-label={t('segments.deleteLabel', { name: segment.name })}
                title={t('segments.delete')}
                onClick={() => void remove(segment)}
              >
                <span aria-hidden="true">{t('segments.deleteMark')}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {segments.status === 'ready' && list.length === 0 && (
        <p className="hint">{t('segments.none')}</p>
      )}
      {canEdit && (
        <form
          className="segment-save"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <label htmlFor="segment-name">{t('segments.name')}</label>
          <input
            id="segment-name"
            value={name}
            maxLength={100}
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className="primary" disabled={saving}>
            {t('segments.save')}
          </button>
        </form>
      )}
      <div aria-live="polite">
        {message && (
          <p
            className={message.error ? 'field-error' : 'hint'}
            role={message.error ? 'alert' : undefined}
          >
            {message.text}
          </p>
        )}
      </div>
    </nav>
  );
}
