import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  buildWinnerTable,
  prizesShortOf,
  totalPrizeQuantity,
  unawardedPrizes,
  type Draw,
} from '../../shared/draws';
import { displayName } from '../../shared/person-ops';
import type { LeadEvent, Person } from '../../shared/schemas';
import { useServices } from '../app/services';
import { deleteDraw, drawEntrants, runDraw } from '../store/draws';
import { ConfirmDialog } from './ConfirmDialog';
import { DrawForm } from './DrawForm';
import { unawardedText } from './prize-text';
import { useScreenOpen } from './screen-presence';
import { useWinners } from './use-draws';

const MIME = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
} as const;

type Dialog = { kind: 'run'; entrants: number } | { kind: 'delete' } | { kind: 'edit' } | null;

/** One draw in the console: its prizes and status, and what this device may do with it. */
export function DrawCard({
  draw,
  event,
  onNotice,
}: {
  draw: Draw;
  event: LeadEvent;
  /** Told what happened to a draw that leaves the list (deleted). */
  onNotice(message: string): void;
}) {
  const { t, i18n } = useTranslation();
  const { db, capture, platform } = useServices();
  const winners = useWinners(draw);
  const screenOpen = useScreenOpen(draw.id);
  const [entrants, setEntrants] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
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

  const prizeList = (list: Parameters<typeof unawardedText>[0]) =>
    unawardedText(list, t, i18n.language);

  // Counted afresh when asked: people checked in since the card last counted are in the run.
  async function askToRun() {
    try {
      const ids = await drawEntrants(db, draw);
      setEntrants(ids.length);
      if (ids.length === 0) return setMessage(t('draw.refused.no_entrants'));
      setDialog({ kind: 'run', entrants: ids.length });
    } catch (error) {
      setMessage(t('draw.failed', { message: error instanceof Error ? error.message : error }));
    }
  }

  // The store decides: a device that does not own the draw is refused there, not only here.
  const run = () =>
    attempt(async () => {
      setMessage(t('draw.running'));
      const result = await runDraw(capture, draw.id);
      setDialog(null);
      if (!result.ok) return setMessage(t(`draw.refused.${result.reason}`));
      const short = unawardedPrizes(result.audit.prizes, result.audit.winners);
      setMessage(
        short.length === 0
          ? t('draw.done', { count: result.audit.winners.length })
          : t('draw.doneShort', { count: result.audit.winners.length, prizes: prizeList(short) }),
      );
    });

  const remove = () =>
    attempt(async () => {
      const result = await deleteDraw(capture, draw.id);
      setDialog(null);
      if (!result.ok) return setMessage(t(`draw.refusedChange.${result.reason}`));
      onNotice(t('draw.deleted', { name: draw.name }));
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
  const total = totalPrizeQuantity(draw.prizes);
  const forecast = open && entrants !== null ? prizesShortOf(draw.prizes, entrants) : [];
  const unawarded = draw.audit ? unawardedPrizes(draw.audit.prizes, draw.audit.winners) : [];
  const shortfall = (count: number) =>
    t('draw.shortfall', {
      entrants: count,
      total,
      prizes: prizeList(prizesShortOf(draw.prizes, count)),
    });
  const editable = open && owned;

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
      {open && entrants === 0 ? <p className="draw-warning">{t('draw.noEntrants')}</p> : null}
      {forecast.length > 0 && entrants !== null && entrants > 0 ? (
        <p className="draw-warning">{shortfall(entrants)}</p>
      ) : null}
      {unawarded.length > 0 ? (
        <p className="draw-warning">{t('draw.unawarded', { prizes: prizeList(unawarded) })}</p>
      ) : null}
      <div className="draw-actions">
        {open ? (
          <button
            type="button"
            className="primary"
            aria-disabled={!owned || busy}
            aria-describedby={owned ? undefined : explanationId}
            onClick={() => {
              if (busy) return;
              // Another device's click reaches the store, which refuses it and says why.
              void (owned ? askToRun() : run());
            }}
          >
            {t('draw.run')}
          </button>
        ) : null}
        <button type="button" onClick={() => void platform.openDrawScreen(draw.id)}>
          {t('draw.bigScreen')}
        </button>
        {editable ? (
          <>
            <button type="button" disabled={busy} onClick={() => setDialog({ kind: 'edit' })}>
              {t('draw.edit')}
            </button>
            <button type="button" disabled={busy} onClick={() => setDialog({ kind: 'delete' })}>
              {t('draw.delete')}
            </button>
          </>
        ) : null}
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
      {dialog?.kind === 'run' ? (
        <ConfirmDialog
          title={t('draw.confirmRun.title', { name: draw.name })}
          confirmLabel={t('draw.confirmRun.confirm')}
          cancelLabel={t('draw.cancel')}
          busy={busy}
          onConfirm={() => void run()}
          onCancel={() => setDialog(null)}
        >
          <ul className="draw-confirm-facts">
            <li>{t('draw.confirmRun.entrants', { count: dialog.entrants })}</li>
            <li>{t('draw.confirmRun.prizes', { kinds: draw.prizes.length, total })}</li>
          </ul>
          {prizesShortOf(draw.prizes, dialog.entrants).length > 0 ? (
            <p className="draw-warning">{shortfall(dialog.entrants)}</p>
          ) : null}
          <p>{t('draw.confirmRun.final')}</p>
          <p>{t(screenOpen ? 'draw.confirmRun.screenOpen' : 'draw.confirmRun.screenClosed')}</p>
        </ConfirmDialog>
      ) : null}
      {dialog?.kind === 'delete' ? (
        <ConfirmDialog
          title={t('draw.confirmDelete.title', { name: draw.name })}
          confirmLabel={t('draw.confirmDelete.confirm')}
          cancelLabel={t('draw.cancel')}
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => setDialog(null)}
        >
          <p>{t('draw.confirmDelete.body')}</p>
        </ConfirmDialog>
      ) : null}
      {dialog?.kind === 'edit' ? (
        <DrawForm eventId={event.id} draw={draw} onClose={() => setDialog(null)} />
      ) : null}
    </article>
  );
}
