import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssigneesResponse, ReassignResponse } from '../../../shared/api';
import { api, ApiError } from '../../api/client';
import { useResource } from '../../api/use-resource';

/**
 * Gives the lead to another person, with a reason (marketing and admins: any sales user; a team
 * lead: their team). Who may is the pool's decision: when it refuses the list, nothing shows.
 */
export function ReassignPanel({
  customerId,
  owner,
  onChanged,
}: {
  customerId: string;
  owner: string | null;
  onChanged: (notice: string) => void;
}) {
  const { t } = useTranslation('sales');
  const assignees = useResource(() => api.get<AssigneesResponse>('/sales/assignees'), 'assignees');
  const others = (assignees.data?.assignees ?? []).filter((person) => person.id !== owner);
  const [to, setTo] = useState('');
  const [why, setWhy] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  if (assignees.status === 'error' && assignees.error instanceof ApiError) return null;
  if (!assignees.data) return null;
  const chosen = others.find((person) => person.id === to) ?? others[0];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen || why.trim() === '') return;
    setBusy(true);
    setFailure(null);
    try {
      await api.send<ReassignResponse>('POST', `/customers/${customerId}/owner`, {
        to: chosen.id,
        why: why.trim(),
      });
      setWhy('');
      onChanged(t('reassign.done', { name: chosen.name }));
    } catch (error) {
      setFailure(
        t('reassign.failed', { message: error instanceof Error ? error.message : String(error) }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel c360-panel" aria-labelledby="sales-reassign-title">
      <h2 id="sales-reassign-title">{t('reassign.title')}</h2>
      {others.length === 0 ? (
        <p className="hint">{t('reassign.nobody')}</p>
      ) : (
        <form className="sales-reassign" onSubmit={(event) => void submit(event)}>
          <div className="field">
            <label htmlFor="sales-reassign-to">{t('reassign.to')}</label>
            <select
              id="sales-reassign-to"
              value={chosen?.id ?? ''}
              onChange={(event) => setTo(event.target.value)}
            >
              {others.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="sales-reassign-why">{t('reassign.why')}</label>
            <input
              id="sales-reassign-why"
              value={why}
              maxLength={1000}
              aria-describedby="sales-reassign-why-hint"
              onChange={(event) => setWhy(event.target.value)}
            />
            <span id="sales-reassign-why-hint" className="hint">
              {t('reassign.whyHint')}
            </span>
          </div>
          <button type="submit" disabled={busy || why.trim() === ''}>
            {t('reassign.submit')}
          </button>
        </form>
      )}
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
    </section>
  );
}
