import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildWinnerTable, type Draw } from '../../shared/draws';
import { displayName } from '../../shared/person-ops';
import type { LeadEvent, Person } from '../../shared/schemas';
import { useServices } from '../app/services';
import { drawEntrants, runDraw } from '../store/draws';
import { useWinners } from './use-draws';

const MIME = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
} as const;

/** One draw in the console: its prizes and status, and what this device may do with it. */
export function DrawCard({ draw, event }: { draw: Draw; event: LeadEvent }) {
  const { t, i18n } = useTranslation();
  const { db, capture, platform } = useServices();
  const winners = useWinners(draw);
  const [entrants, setEntrants] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const explanationId = useId();
  const owned = draw.ownerDeviceId === capture.deviceId;
  const open = draw.status === 'open';

  // A refusal shown on another device is stale once the owner has run the draw.
  useEffect(() => {
    if (!open && !owned) setMessage('');
  }, [open, owned]);

  useEffect(() => {
    if (!open) return;
    let live = true;
    void drawEntrants(db, draw).then((ids) => {
      if (live) setEntrants(ids.length);
    });
    return () => {
      live = false;
    };
  }, [db, draw, open]);

  async function attempt(action: () => Promise<void>) {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      setMessage(t('draw.failed', { message: error instanceof Error ? error.message : error }));
    } finally {
      setBusy(false);
    }
  }

  // The store decides: a device that does not own the draw is refused there, not only here.
  const run = () =>
    attempt(async () => {
      setMessage(t('draw.running'));
      const result = await runDraw(capture, draw.id);
      setMessage(
        result.ok
          ? t('draw.done', { count: result.audit.winners.length })
          : t(`draw.refused.${result.reason}`),
      );
    });

  const saveAudit = () =>
    attempt(async () => {
      if (!draw.audit) return;
      const { exportFileName } = await import('../services/export-files');
      const bytes = new TextEncoder().encode(`${JSON.stringify(draw.audit, null, 2)}\n`);
      const result = await platform.saveFile({
        suggestedName: exportFileName(draw.name, 'json', new Date(), 'draw-audit'),
        mime: MIME.json,
        bytes,
      });
      if (result.saved) {
        setMessage(t('draw.auditSaved', { location: result.location ?? draw.name }));
      }
    });

  const exportWinners = (kind: 'csv' | 'xlsx') =>
    attempt(async () => {
      const { boothSheetStyle, exportFileName, toCsvBytes, toXlsxBytes } =
        await import('../services/export-files');
      const table = buildWinnerTable({
        draw,
        people: [...winners.values()],
        style: boothSheetStyle(kind, (key) => t(key)),
      });
      const bytes = kind === 'csv' ? toCsvBytes(table) : await toXlsxBytes(table);
      const result = await platform.saveFile({
        suggestedName: exportFileName(`${event.name}-${draw.name}`, kind, new Date(), 'winners'),
        mime: MIME[kind],
        bytes,
      });
      if (result.saved) setMessage(t('draw.exported', { count: table.rows.length }));
    });

  const ownerLabel = owned ? t('draw.thisDevice') : draw.ownerDeviceId.slice(-8);
  const prizeNames = new Map(draw.prizes.map((prize) => [prize.id, prize.name]));
  const time = draw.audit ? new Date(draw.audit.drawnAt).toLocaleString(i18n.language) : '';

  return (
    <article className="card draw-card" aria-label={draw.name} data-status={draw.status}>
      <header className="draw-card-head">
        <h2>{draw.name}</h2>
        <span className={`draw-status draw-status-${draw.status}`}>
          {t(`draw.status.${draw.status}`)}
        </span>
      </header>
      <ul className="draw-prize-list">
        {draw.prizes.map((prize) => (
          <li key={prize.id}>
            {t('draw.prizeLine', { name: prize.name, quantity: prize.quantity })}
          </li>
        ))}
      </ul>
      <p className="draw-meta">
        {t('draw.owner', { device: ownerLabel })}
        {open && entrants !== null ? ` · ${t('draw.entrants', { count: entrants })}` : null}
        {time ? ` · ${t('draw.drawnAt', { time })}` : null}
      </p>
      <div className="draw-actions">
        {open ? (
          <button
            type="button"
            className="primary"
            aria-disabled={!owned || busy}
            aria-describedby={owned ? undefined : explanationId}
            onClick={() => {
              if (!busy) void run();
            }}
          >
            {t('draw.run')}
          </button>
        ) : null}
        <button type="button" onClick={() => void platform.openDrawScreen(draw.id)}>
          {t('draw.bigScreen')}
        </button>
        {draw.audit ? (
          <>
            <button type="button" disabled={busy} onClick={() => void saveAudit()}>
              {t('draw.saveAudit')}
            </button>
            <button type="button" disabled={busy} onClick={() => void exportWinners('csv')}>
              {t('draw.exportCsv')}
            </button>
            <button type="button" disabled={busy} onClick={() => void exportWinners('xlsx')}>
              {t('draw.exportXlsx')}
            </button>
          </>
        ) : null}
      </div>
      {open && !owned ? (
        <p id={explanationId} className="draw-explain">
          {t('draw.notOwner', { device: ownerLabel })}
        </p>
      ) : null}
      {message ? (
        <p className="draw-message" role="status">
          {message}
        </p>
      ) : null}
      {draw.audit ? (
        <section aria-label={t('draw.winners')}>
          <h3>{t('draw.winners')}</h3>
          <ol className="draw-winners">
            {draw.audit.winners.map((winner) => {
              const person: Person | undefined = winners.get(winner.personId);
              return (
                <li key={winner.personId}>
                  <span className="draw-winner-prize">{prizeNames.get(winner.prizeId)}</span>
                  <span>{person ? displayName(person) : winner.personId.slice(-8)}</span>
                  {person?.company ? <span className="muted">{person.company}</span> : null}
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}
    </article>
  );
}
