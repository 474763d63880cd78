import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { map } from 'rxjs';
import { maskedLabel, unawardedPrizes, type Draw } from '../../shared/draws';
import type { Person } from '../../shared/schemas';
import { useServices } from '../app/services';
import { useObservable } from '../hooks/use-rx';
import { unawardedText } from './prize-text';
import { revealPlan, sampleEvenly } from './reveal-plan';
import { useAnnounceScreen } from './screen-presence';
import { useDraw } from './use-draws';
import './draws.css';

/** How long names roll before a prize's winners appear, and how long they stay alone. */
const ROLL_MS = 2600;
const HOLD_MS = 2000;
const TICK_MS = 70;
const ROLLING_NAMES = 240;

type Phase =
  | { kind: 'waiting' }
  | { kind: 'rolling'; step: number }
  | { kind: 'revealed'; step: number }
  | { kind: 'done' };

function prefersReducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/**
 * `#/draw/:id` — the projector view: names roll, then winners appear prize by prize, then the
 * whole list. Names and phones are masked (王*伟 138****8000): the room sees who won without
 * learning who they are. With reduced motion the list shows at once.
 */
export function BigScreen({ drawId }: { drawId: string }) {
  const { t, i18n } = useTranslation();
  const draw = useDraw(drawId);
  // The console asks before a run whether the projector is showing this draw.
  useAnnounceScreen(drawId);
  const [phase, setPhase] = useState<Phase>({ kind: 'waiting' });
  const [tick, setTick] = useState(0);
  const steps = useMemo(() => (draw ? revealPlan(draw) : []), [draw]);
  const drawn = draw?.status === 'drawn' && draw.audit !== null;

  const loaded = draw !== null && draw !== undefined;
  /** The screen saw the draw before it ran: the run is the moment to show, live. */
  const sawItWaiting = useRef(false);

  // Reveals a run the screen was waiting for; a screen opened after the run shows the result (its
  // replay button plays the names again).
  useEffect(() => {
    if (!loaded) return;
    if (!drawn) {
      sawItWaiting.current = true;
      return setPhase({ kind: 'waiting' });
    }
    const roll = sawItWaiting.current && !prefersReducedMotion();
    setPhase(roll ? { kind: 'rolling', step: 0 } : { kind: 'done' });
  }, [loaded, drawn]);

  // Reduced motion switched on while names roll (the projector's setting): straight to the list.
  useEffect(() => {
    const query = window.matchMedia?.('(prefers-reduced-motion: reduce)');
    if (!query) return undefined;
    const onChange = () => {
      if (query.matches)
        setPhase((current) => (current.kind === 'waiting' ? current : { kind: 'done' }));
    };
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);

  useEffect(() => {
    if (phase.kind === 'rolling') {
      const roll = window.setInterval(() => setTick((n) => n + 1), TICK_MS);
      const stop = window.setTimeout(
        () => setPhase({ kind: 'revealed', step: phase.step }),
        ROLL_MS,
      );
      return () => {
        window.clearInterval(roll);
        window.clearTimeout(stop);
      };
    }
    if (phase.kind === 'revealed') {
      const next = window.setTimeout(
        () =>
          setPhase(
            phase.step + 1 < steps.length
              ? { kind: 'rolling', step: phase.step + 1 }
              : { kind: 'done' },
          ),
        HOLD_MS,
      );
      return () => window.clearTimeout(next);
    }
    return undefined;
  }, [phase, steps.length]);

  const labels = useLabels(draw);

  if (draw === undefined) return <main className="big-screen" aria-busy="true" />;
  if (draw === null) {
    return (
      <main className="big-screen" aria-label={t('draw.screen.label')}>
        <p className="big-screen-center">{t('draw.screen.notFound')}</p>
      </main>
    );
  }
  const label = (id: string) => labels.get(id) ?? `#${id.slice(-4)}`;
  const rolling = draw.audit ? sampleEvenly(draw.audit.entrantIds, ROLLING_NAMES) : [];
  const step = phase.kind === 'rolling' || phase.kind === 'revealed' ? steps[phase.step] : null;
  const unawarded = draw.audit ? unawardedPrizes(draw.audit.prizes, draw.audit.winners) : [];

  return (
    <main className="big-screen" aria-label={t('draw.screen.label')} data-phase={phase.kind}>
      <header className="big-screen-head">
        <h1>{draw.name}</h1>
        {draw.audit ? (
          <p>{t('draw.screen.entrants', { count: draw.audit.entrantIds.length })}</p>
        ) : null}
      </header>
      {phase.kind === 'waiting' ? (
        <section className="big-screen-center">
          <p className="big-screen-waiting">{t('draw.screen.waiting')}</p>
          <ul className="big-screen-prizes">
            {draw.prizes.map((prize) => (
              <li key={prize.id}>
                {t('draw.prizeLine', { name: prize.name, quantity: prize.quantity })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {step && phase.kind === 'rolling' ? (
        <section className="big-screen-center">
          <h2 className="big-screen-prize">
            {t('draw.screen.drawing', { prize: step.prize.name })}
          </h2>
          <p className="big-screen-roll" aria-hidden="true">
            {rolling.length > 0 ? label(rolling[tick % rolling.length] as string) : ''}
          </p>
        </section>
      ) : null}
      {step && phase.kind === 'revealed' ? (
        <section className="big-screen-center" aria-live="polite">
          <h2 className="big-screen-prize">
            {t('draw.screen.prizeWinners', { prize: step.prize.name, count: step.winners.length })}
          </h2>
          <ul className={`big-screen-reveal${step.winners.length > 6 ? ' many' : ''}`}>
            {step.winners.map((winner) => (
              <li key={winner.personId}>{label(winner.personId)}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {phase.kind === 'done' ? (
        <section className="big-screen-final" aria-label={t('draw.screen.winnersTitle')}>
          <h2>{t('draw.screen.winnersTitle')}</h2>
          <div className="big-screen-columns">
            {[...steps].reverse().map(({ prize, winners }) => (
              <div key={prize.id} className="big-screen-column">
                <h3>
                  {t('draw.screen.prizeWinners', { prize: prize.name, count: winners.length })}
                </h3>
                <ul data-columns={Math.min(4, Math.ceil(winners.length / 6))}>
                  {winners.map((winner) => (
                    <li key={winner.personId}>{label(winner.personId)}</li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
          {unawarded.length > 0 ? (
            <p className="big-screen-unawarded">
              {t('draw.screen.unawarded', {
                prizes: unawardedText(unawarded, t, i18n.language),
              })}
            </p>
          ) : null}
        </section>
      ) : null}
      <footer className="big-screen-foot">
        <span>{t('draw.screen.privacy')}</span>
        {phase.kind === 'rolling' || phase.kind === 'revealed' ? (
          <button type="button" onClick={() => setPhase({ kind: 'done' })}>
            {t('draw.screen.skip')}
          </button>
        ) : null}
        {phase.kind === 'done' && !prefersReducedMotion() ? (
          <button type="button" onClick={() => setPhase({ kind: 'rolling', step: 0 })}>
            {t('draw.screen.replay')}
          </button>
        ) : null}
      </footer>
    </main>
  );
}

/** Masked labels of the people the screen shows: the rolling sample and the winners. */
function useLabels(draw: Draw | null | undefined): Map<string, string> {
  const { db } = useServices();
  const ids = draw?.audit
    ? [
        ...sampleEvenly(draw.audit.entrantIds, ROLLING_NAMES),
        ...draw.audit.winners.map((winner) => winner.personId),
      ]
    : [];
  const key = ids.join(',');
  return useObservable(
    () =>
      db.people
        .findByIds(ids)
        .$.pipe(
          map(
            (docs) =>
              new Map(
                [...docs.values()].map((doc) => [doc.id, maskedLabel(doc.toJSON() as Person)]),
              ),
          ),
        ),
    new Map<string, string>(),
    [db, key],
  );
}
