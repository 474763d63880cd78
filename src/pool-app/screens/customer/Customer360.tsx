import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import type { Customer360Response, EraseResponse } from '../../../shared/api';
import type { Interaction } from '../../../shared/schemas';
import { api, ApiError } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { useUser } from '../../session';
import { LoadError, Loading, NotFound } from '../common/states';
import { EraseDialog } from './EraseDialog';
import { formatTime } from './format';
import { IntelligencePanel } from './IntelligencePanel';
import { MergesPanel } from './MergesPanel';
import { ProfilePanel } from './ProfilePanel';
import { QualificationPanel } from './QualificationPanel';
import { StagePanel } from './StagePanel';
import { TimelinePanel } from './TimelinePanel';
import { ReassignPanel } from '../sales/ReassignPanel';
import { ReturnedNotice } from '../sales/ReturnedNotice';
import { TasksPanel } from '../sales/TasksPanel';
import './customer.css';

const FACTS_PAGE = 50;

const loadDetail = (id: string, lang: string, before?: string) =>
  api.get<Customer360Response>(`/customers/${encodeURIComponent(id)}`, {
    lang,
    factsLimit: FACTS_PAGE,
    factsBefore: before,
  });

/**
 * `#/customers/:id`: one person as the whole pool knows them — the merged profile with where each
 * value came from, every fact from every booth, the booth's judgement, grade and score with their
 * lines, the stage, merges (undoable) and, for admins, erasure. A sales user may open only the
 * leads routed to them: the pool answers any other as not found, said here as not theirs.
 */
export function Customer360() {
  const { t, i18n } = useTranslation('customer');
  const user = useUser();
  const { id = '' } = useParams<{ id: string }>();
  const [version, setVersion] = useState(0);
  const detail = useResource(
    () => loadDetail(id, i18n.language),
    `${id}:${i18n.language}:${version}`,
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [older, setOlder] = useState<{
    facts: Interaction[];
    devices: Record<string, string>;
    next: string | null;
  } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [erasing, setErasing] = useState(false);
  const [eraseBusy, setEraseBusy] = useState(false);
  const [eraseFailure, setEraseFailure] = useState<string | null>(null);
  const [erased, setErased] = useState<EraseResponse | null>(null);

  useEffect(() => setOlder(null), [id, version]);
  const changed = useCallback((message: string) => {
    setNotice(message);
    setVersion((n) => n + 1);
  }, []);

  if (erased) {
    return (
      <div className="c360">
        <section className="panel c360-erased" aria-labelledby="c360-erased-title">
          <h1 id="c360-erased-title">{t('erase.doneTitle')}</h1>
          <p role="status">
            {t('erase.done', { reference: erased.erasure.reference.slice(0, 16) })}
          </p>
          <Link href="/customers">{t('erase.backToList')}</Link>
        </section>
      </div>
    );
  }
  if (detail.status === 'error' && !detail.data) {
    if (detail.error instanceof ApiError && detail.error.status === 404) {
      if (user.role !== 'sales') return <NotFound />;
      return (
        <section className="state state-forbidden" aria-labelledby="c360-forbidden-title">
          <h1 id="c360-forbidden-title">{t('salesForbidden')}</h1>
          <p>{t('salesForbiddenHint')}</p>
          <Link href="/customers">{t('back')}</Link>
        </section>
      );
    }
    return <LoadError error={detail.error} onRetry={detail.reload} />;
  }
  const data = detail.data;
  if (!data) return <Loading />;

  const name = typeof data.customer.profile.name === 'string' ? data.customer.profile.name : '';
  const company =
    typeof data.customer.profile.company === 'string' ? data.customer.profile.company : '';
  const facts = [...data.interactions, ...(older?.facts ?? [])];
  const devices = { ...data.devices, ...(older?.devices ?? {}) };
  const next = older ? older.next : data.nextFactsBefore;
  const manager = user.role === 'admin' || user.role === 'marketing';

  const loadOlder = async () => {
    if (!next) return;
    setLoadingMore(true);
    try {
      const page = await loadDetail(id, i18n.language, next);
      setOlder({
        facts: [...(older?.facts ?? []), ...page.interactions],
        devices: { ...(older?.devices ?? {}), ...page.devices },
        next: page.nextFactsBefore,
      });
    } catch (error) {
      setNotice(
        t('error.unknown', { message: error instanceof Error ? error.message : String(error) }),
      );
    } finally {
      setLoadingMore(false);
    }
  };

  const erase = async () => {
    setEraseBusy(true);
    setEraseFailure(null);
    try {
      setErased(await api.send<EraseResponse>('POST', `/customers/${data.customer.id}/erase`));
      setErasing(false);
    } catch (error) {
      setEraseFailure(
        t('error.unknown', { message: error instanceof Error ? error.message : String(error) }),
      );
    } finally {
      setEraseBusy(false);
    }
  };

  return (
    <div className="c360">
      <p className="c360-back">
        <Link href="/customers">{t('back')}</Link>
      </p>
      <header className="page-header c360-header">
        <div>
          <h1>{name || t('unnamed')}</h1>
          {company && <p className="c360-company">{company}</p>}
        </div>
        <dl className="c360-summary">
          <div>
            <dt>{t('summary.cell')}</dt>
            <dd className="c360-cell">{data.cell}</dd>
          </div>
          <div>
            <dt>{t('summary.grade')}</dt>
            <dd>{data.grade}</dd>
          </div>
          <div>
            <dt>{t('summary.score')}</dt>
            <dd>{data.score}</dd>
          </div>
          <div>
            <dt>{t('summary.stage')}</dt>
            <dd>{t(`stage.names.${data.stage}`)}</dd>
          </div>
          <div>
            <dt>{t('summary.owner')}</dt>
            <dd>
              {data.owner === user.id
                ? user.name
                : data.owner
                  ? (data.userNames[data.owner] ?? `…${data.owner.slice(-6)}`)
                  : data.queue
                    ? t('summary.queue', { queue: data.queue })
                    : t('summary.noOwner')}
            </dd>
          </div>
          {data.slaDueAt !== null && (
            <div>
              <dt>{t('summary.slaDue')}</dt>
              <dd>{formatTime(data.slaDueAt, i18n.language)}</dd>
            </div>
          )}
        </dl>
      </header>
      {data.redirectedFrom && <p className="hint">{t('redirected')}</p>}
      {data.events.length > 0 && (
        <p className="c360-events">
          <strong>{t('summary.events')}</strong> {data.events.map((event) => event.name).join('、')}
        </p>
      )}
      <div className="c360-messages" aria-live="polite">
        {notice && <p className="c360-notice">{notice}</p>}
      </div>
      <div className="c360-grid">
        <div className="c360-column">
          <ProfilePanel detail={data} />
          <QualificationPanel detail={data} />
          <TimelinePanel
            facts={facts}
            devices={devices}
            events={data.events}
            hasMore={next !== null}
            loadingMore={loadingMore}
            onMore={() => void loadOlder()}
          />
        </div>
        <div className="c360-column">
          {data.returned && <ReturnedNotice returned={data.returned} />}
          <IntelligencePanel
            key={`${data.customer.id}:${version}`}
            detail={data}
            canTag={manager}
            onChanged={changed}
          />
          <StagePanel key={`stage:${version}`} detail={data} onChanged={changed} />
          <TasksPanel
            key={`tasks:${data.customer.id}:${version}`}
            customerId={data.customer.id}
            owned={data.owner !== null}
          />
          <ReassignPanel
            key={`reassign:${data.customer.id}:${version}`}
            customerId={data.customer.id}
            owner={data.owner}
            onChanged={changed}
          />
          {manager && (
            <MergesPanel customerId={data.customer.id} version={version} onChanged={changed} />
          )}
          {user.role === 'admin' && (
            <section className="panel c360-panel c360-erase" aria-labelledby="c360-erase-panel">
              <h2 id="c360-erase-panel">{t('erase.title')}</h2>
              <p className="hint">{t('erase.intro')}</p>
              <button type="button" className="danger" onClick={() => setErasing(true)}>
                {t('erase.button')}
              </button>
            </section>
          )}
        </div>
      </div>
      {erasing && (
        <EraseDialog
          expected={name || data.customer.id}
          named={name !== ''}
          busy={eraseBusy}
          failure={eraseFailure}
          onConfirm={() => void erase()}
          onCancel={() => {
            setErasing(false);
            setEraseFailure(null);
          }}
        />
      )}
    </div>
  );
}
