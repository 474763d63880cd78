import { useTranslation } from 'react-i18next';
import type { LeadEvent } from '../../shared/schemas';
import { useServices } from '../app/services';
import { useObservable } from '../hooks/use-rx';

export function EventPicker({ onCreate }: { onCreate(): void }) {
  const { t } = useTranslation();
  const { db, settings, updateSettings } = useServices();
  const events = useObservable(
    () => db.events.find({ sort: [{ updatedAt: 'desc' }] }).$,
    [],
    [db],
  ).map((doc) => doc.toJSON() as LeadEvent);

  return (
    <div className="event-picker">
      <label>
        <span className="visually-hidden">{t('event.label')}</span>
        <select
          value={settings.currentEventId}
          onChange={(e) => {
            if (e.target.value === '__new__') onCreate();
            else void updateSettings({ currentEventId: e.target.value });
          }}
        >
          {settings.currentEventId === '' ? <option value="">{t('event.choose')}</option> : null}
          {events.map((event) => (
            <option key={event.id} value={event.id}>
              {event.name}
            </option>
          ))}
          <option value="__new__">＋ {t('event.create')}</option>
        </select>
      </label>
    </div>
  );
}
