import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import {
  DUPLICATE_STATUSES,
  type DuplicateListResponse,
  type DuplicateSide,
  type DuplicateStatus,
  type PossibleDuplicate,
} from '../../../shared/api';
import type { MatchReason } from '../../../shared/match-evidence';
import { api } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { useHashQuery } from '../../hash-location';
import { Unloaded } from '../common/states';
import { formatTime, readable } from '../customer/format';
import './duplicates.css';

const statusOf = (value: string | null): DuplicateStatus =>
  (DUPLICATE_STATUSES as readonly string[]).includes(value ?? '')
    ? (value as DuplicateStatus)
    : 'pending';

/**
 * `#/duplicates` (marketing, admins): pairs of customers that share a key but that the pool would
 * not merge on its own (DESIGN.md "Trust"), side by side with the evidence, to confirm (an
 * undoable merge) or reject (they never merge). `?status=` shows decided pairs too.
 */
export function Duplicates() {
  const { t } = useTranslation('duplicates');
  const [query, setQuery] = useHashQuery();
  const status = statusOf(query.get('status'));
  const [version, setVersion] = useState(0);
  const list = useResource(
    () => api.get<DuplicateListResponse>('/customers/duplicates', { status, limit: 50 }),
    `${status}:${version}`,
  );
  // Later pages of the same status, appended under the first (reset by any reload).
  const [later, setLater] = useState<DuplicateListResponse | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const decide = async (pair: PossibleDuplicate, decision: 'confirm' | 'reject') => {
    setBusy(pair.id);
    setFailure(null);
    try {
      await api.send('POST', `/customers/duplicates/${pair.id}/${decision}`);
      setNotice(
        decision === 'confirm'
          ? t('confirmed', { name: pair.arriving.name || pair.existing.name })
          : t('rejected'),
      );
      setVersion((n) => n + 1);
      setLater(null);
    } catch (error) {
      setFailure(
        t('error.unknown', { message: error instanceof Error ? error.message : String(error) }),
      );
    } finally {
      setBusy(null);
    }
  };

  const pairs = [...(list.data?.duplicates ?? []), ...(later?.duplicates ?? [])];
  const next = later ? later.nextBefore : (list.data?.nextBefore ?? null);
  const loadMore = async () => {
    if (!next) return;
    try {
      const page = await api.get<DuplicateListResponse>('/customers/duplicates', {
        status,
        limit: 50,
        before: next,
      });
      setLater({
        duplicates: [...(later?.duplicates ?? []), ...page.duplicates],
        nextBefore: page.nextBefore,
      });
    } catch (error) {
      setFailure(
        t('error.unknown', { message: error instanceof Error ? error.message : String(error) }),
      );
    }
  };

  return (
    <div className="dups">
      <header className="page-header">
        <h1>{t('title')}</h1>
        <div className="field dups-filter">
          <label htmlFor="dups-status">{t('statusFilter')}</label>
          <select
            id="dups-status"
            value={status}
            onChange={(event) => {
              const params = new URLSearchParams(query);
              params.set('status', event.target.value);
              setLater(null);
              setQuery(params, { replace: true });
            }}
          >
            {DUPLICATE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </header>
      <p className="dups-intro">{t('intro')}</p>
      <div aria-live="polite">{notice && <p className="dups-notice">{notice}</p>}</div>
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      <Unloaded resource={list} />
      {list.data?.duplicates.length === 0 && <p className="hint">{t('empty')}</p>}
      <ul className="dups-list">
        {pairs.map((pair) => (
          <PairCard
            key={pair.id}
            pair={pair}
            busy={busy === pair.id}
            onDecide={(decision) => void decide(pair, decision)}
          />
        ))}
      </ul>
      {next && (
        <button type="button" className="dups-more" onClick={() => void loadMore()}>
          {t('more')}
        </button>
      )}
    </div>
  );
}

function PairCard({
  pair,
  busy,
  onDecide,
}: {
  pair: PossibleDuplicate;
  busy: boolean;
  onDecide: (decision: 'confirm' | 'reject') => void;
}) {
  const { t, i18n } = useTranslation('duplicates');
  const reason = (r: MatchReason) =>
    'key' in r ? t(`reasons.${r.kind}`, { key: t(`kinds.${r.key}`) }) : t(`reasons.${r.kind}`);
  const a = pair.existing.name || pair.existing.id.slice(-6);
  const b = pair.arriving.name || pair.arriving.id.slice(-6);
  const titleId = `dup-${pair.id}`;
  return (
    <li className="panel dups-pair" aria-labelledby={titleId}>
      <h2 id={titleId} className="dups-pair-title">
        {t('sharedKey', {
          kind: t(`kinds.${pair.key.kind}`),
          value: readable(pair.key.kind, pair.key.value),
        })}
        <span className="dups-score">{t('score', { score: pair.score })}</span>
      </h2>
      <div className="dups-sides">
        <Side title={t('existing')} side={pair.existing} other={pair.arriving} />
        <Side title={t('arriving')} side={pair.arriving} other={pair.existing} />
      </div>
      <h3>{t('reasons.title')}</h3>
      <ul className="dups-reasons">
        {pair.reasons.map((r, index) => (
          <li key={index} className={`dups-reason dups-reason-${r.kind}`}>
            {reason(r)}
          </li>
        ))}
      </ul>
      {pair.status === 'pending' ? (
        <div className="dups-actions">
          <button
            type="button"
            className="primary"
            disabled={busy}
            aria-label={t('confirmLabel', { a, b })}
            onClick={() => onDecide('confirm')}
          >
            {t('confirm')}
          </button>
          <button
            type="button"
            disabled={busy}
            aria-label={t('rejectLabel', { a, b })}
            onClick={() => onDecide('reject')}
          >
            {t('reject')}
          </button>
        </div>
      ) : (
        <p className="hint">
          {t('decided', {
            status: t(`statuses.${pair.status}`),
            at: pair.decidedAt === null ? '' : formatTime(pair.decidedAt, i18n.language),
          })}
        </p>
      )}
    </li>
  );
}

const SIDE_FIELDS = ['name', 'company', 'title', 'phone', 'email'] as const;

/** One customer of the pair; fields that differ from the other side are marked. */
function Side({
  title,
  side,
  other,
}: {
  title: string;
  side: DuplicateSide;
  other: DuplicateSide;
}) {
  const { t, i18n } = useTranslation('duplicates');
  return (
    <div className="dups-side">
      <h3>{title}</h3>
      <dl>
        {SIDE_FIELDS.map((field) => (
          <div
            key={field}
            className={
              side[field] !== other[field] && side[field] && other[field] ? 'dups-differs' : ''
            }
          >
            <dt>{t(`fields.${field}`)}</dt>
            <dd>{readable(field, side[field]) || '—'}</dd>
          </div>
        ))}
        <div>
          <dt>{t('fields.events')}</dt>
          <dd>{side.eventIds.length}</dd>
        </div>
        <div>
          <dt>{t('fields.createdAt')}</dt>
          <dd>{formatTime(side.createdAt, i18n.language)}</dd>
        </div>
      </dl>
      <Link href={`/customers/${side.id}`}>{t('open')}</Link>
    </div>
  );
}
