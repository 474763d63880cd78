import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  parseReturnWhy,
  type Customer360Response,
  type CustomerChange,
  type StageMoveResponse,
} from '../../../shared/api';
import { STAGES, type Stage } from '../../../shared/intelligence';
import { api } from '../../api/client';
import { useUser } from '../../session';
import { formatTime, shortId } from './format';

/** The lead's stage, a manual move with its reason, and every change so far (newest first). */
export function StagePanel({
  detail,
  onChanged,
}: {
  detail: Customer360Response;
  onChanged: (notice: string) => void;
}) {
  const { t, i18n } = useTranslation('customer');
  const me = useUser();
  const others = STAGES.filter((stage) => stage !== detail.stage);
  const [to, setTo] = useState<Stage>(others[0] ?? 'MQL');
  const [why, setWhy] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const stageName = (stage: string | null) =>
    stage && (STAGES as readonly string[]).includes(stage)
      ? t(`stage.names.${stage as Stage}`)
      : (stage ?? t('stage.none'));
  const who = (id: string) =>
    id === 'system'
      ? t('stage.system')
      : id === me.id
        ? me.name
        : (detail.userNames[id] ?? shortId(id));
  const describe = (change: CustomerChange) =>
    change.kind === 'stage'
      ? t('stage.change.stage', { from: stageName(change.from), to: stageName(change.to) })
      : t('stage.change.owner', {
          from: change.from ? who(change.from) : t('stage.none'),
          to: change.to ? who(change.to) : t('stage.none'),
        });

  // A return's why is a listed reason's code and the note: the reason said in words.
  const readableWhy = (change: CustomerChange) => {
    const returned = change.to === 'nurture' ? parseReturnWhy(change.why) : null;
    if (!returned) return change.why;
    const reason = t(`sales:reasons.${returned.reason}`);
    return returned.note ? `${reason}: ${returned.note}` : reason;
  };

  const move = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const answer = await api.send<StageMoveResponse>(
        'POST',
        `/customers/${detail.customer.id}/stage`,
        { to, why },
      );
      setWhy('');
      onChanged(t('stage.moved', { stage: stageName(answer.stage) }));
    } catch (error) {
      setFailure(
        t('error.unknown', { message: error instanceof Error ? error.message : String(error) }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel c360-panel" aria-labelledby="c360-stage-title">
      <h2 id="c360-stage-title">{t('stage.title')}</h2>
      <p className="c360-stage-now">{t('stage.current', { stage: stageName(detail.stage) })}</p>
      <form className="c360-stage-form" onSubmit={(event) => void move(event)}>
        <div className="field">
          <label htmlFor="c360-stage-to">{t('stage.moveTo')}</label>
          <select
            id="c360-stage-to"
            value={to}
            onChange={(event) => setTo(event.target.value as Stage)}
          >
            {others.map((stage) => (
              <option key={stage} value={stage}>
                {stageName(stage)}
              </option>
            ))}
          </select>
        </div>
        <div className="field c360-stage-why">
          <label htmlFor="c360-stage-why">{t('stage.why')}</label>
          <input
            id="c360-stage-why"
            value={why}
            maxLength={1000}
            onChange={(event) => setWhy(event.target.value)}
            aria-describedby="c360-stage-why-hint"
          />
          <span id="c360-stage-why-hint" className="hint">
            {t('stage.whyHint')}
          </span>
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {t('stage.move')}
        </button>
      </form>
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      <h3>{t('stage.history')}</h3>
      {detail.history.length === 0 ? (
        <p className="hint">{t('stage.historyEmpty')}</p>
      ) : (
        <ol className="c360-history">
          {[...detail.history].reverse().map((change, index) => (
            <li key={index}>
              <span>{describe(change)}</span>
              {change.why && <q>{readableWhy(change)}</q>}
              <span className="hint">
                {t('stage.by', { who: who(change.who), at: formatTime(change.at, i18n.language) })}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
