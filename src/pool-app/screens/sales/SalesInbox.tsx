import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { InboxLead, InboxResponse, ReturnBody, StageMoveResponse } from '../../../shared/api';
import { api } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { useUser } from '../../session';
import { Unloaded } from '../common/states';
import { formatShortTime } from '../customer/format';
import { formatSpan } from './format';
import { ReturnDialog } from './ReturnDialog';
import './sales.css';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The deadline line of a lead: time left or overdue, for its SLA or its next task. */
function DueBadge({ lead, now }: { lead: InboxLead; now: number }) {
  const { t, i18n } = useTranslation('sales');
  if (lead.due === null) return <span className="sales-due">{t('inbox.due.none')}</span>;
  const left = lead.due.at - now;
  const time = formatSpan(left, i18n.language);
  const overdue = left < 0;
  const key =
    lead.due.kind === 'sla'
      ? overdue
        ? 'inbox.due.overdue'
        : 'inbox.due.left'
      : overdue
        ? 'inbox.due.taskOverdue'
        : 'inbox.due.taskLeft';
  return (
    <span className={overdue ? 'sales-due sales-due-overdue' : 'sales-due'}>
      {t(key, { time })}
    </span>
  );
}

/**
 * `#/inbox`: the leads routed to the signed-in user (and their team's, if they lead one) in the
 * order to work them — MQLs by SLA, overdue first, then accepted leads by their next task — with
 * the three moves sales makes: accept, qualify, return with a reason. Built for a phone first.
 */
export function SalesInbox() {
  const { t, i18n } = useTranslation('sales');
  const user = useUser();
  const inbox = useResource(() => api.get<InboxResponse>('/sales/inbox'), 'inbox');
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [returning, setReturning] = useState<InboxLead | null>(null);
  const [returnFailure, setReturnFailure] = useState<string | null>(null);

  const nameOf = (lead: InboxLead) => lead.name || t('inbox.unnamed');
  const move = async (lead: InboxLead, to: 'SAL' | 'SQL') => {
    setBusy(lead.id);
    setNotice(null);
    try {
      await api.send<StageMoveResponse>('POST', `/customers/${lead.id}/stage`, { to });
      setNotice(t(to === 'SAL' ? 'inbox.accepted' : 'inbox.qualified', { name: nameOf(lead) }));
      inbox.reload();
    } catch (error) {
      setNotice(t('inbox.failed', { message: errorText(error) }));
    } finally {
      setBusy(null);
    }
  };
  const giveBack = async (lead: InboxLead, body: ReturnBody) => {
    setBusy(lead.id);
    setReturnFailure(null);
    try {
      await api.send<StageMoveResponse>('POST', `/customers/${lead.id}/return`, body);
      setReturning(null);
      setNotice(t('inbox.returned', { name: nameOf(lead) }));
      inbox.reload();
    } catch (error) {
      setReturnFailure(t('inbox.failed', { message: errorText(error) }));
    } finally {
      setBusy(null);
    }
  };

  const data = inbox.data;
  const team = data?.leads.some((lead) => lead.owner !== user.id) ?? false;
  return (
    <div className="sales-inbox">
      <header className="page-header">
        <div>
          <h1>{t('inbox.title')}</h1>
          <p className="hint">{t(team ? 'inbox.introTeam' : 'inbox.intro')}</p>
        </div>
        <Link href="/customers">{t('inbox.allCustomers')}</Link>
      </header>
      <div aria-live="polite" className="sales-messages">
        {notice && <p className="sales-notice">{notice}</p>}
      </div>
      <Unloaded resource={inbox} />
      {data && data.leads.length === 0 && <p className="state">{t('inbox.empty')}</p>}
      {data && data.leads.length > 0 && (
        <>
          <p className="sales-count">{t('inbox.count', { count: data.leads.length })}</p>
          <ul className="sales-leads" aria-label={t('inbox.listLabel')}>
            {data.leads.map((lead) => {
              const next = lead.tasks[0];
              return (
                <li key={lead.id} className="panel sales-lead">
                  <div className="sales-lead-head">
                    <h2>
                      <Link href={`/customers/${lead.id}`}>{nameOf(lead)}</Link>
                    </h2>
                    <span className={`sales-stage sales-stage-${lead.stage}`}>
                      {t(`inbox.stages.${lead.stage as 'MQL' | 'SAL' | 'SQL'}`)}
                    </span>
                  </div>
                  {(lead.company || lead.province) && (
                    <p className="sales-lead-company">
                      {[lead.company, lead.province].filter(Boolean).join(' · ')}
                    </p>
                  )}
                  <p className="sales-lead-meta">
                    <DueBadge lead={lead} now={data.now} />
                    <span>{t('inbox.grade', { grade: lead.grade, score: lead.score })}</span>
                    {lead.owner !== user.id && (
                      <span>{t('inbox.owner', { name: lead.ownerName ?? lead.owner })}</span>
                    )}
                  </p>
                  {next && (
                    <p className="sales-lead-task">
                      {t('inbox.nextTask', {
                        task: next.nextStep ? t(`tasks.steps.${next.nextStep}`) : next.title,
                        at: formatShortTime(next.dueAt, i18n.language),
                      })}
                    </p>
                  )}
                  <div className="sales-actions">
                    {lead.stage === 'MQL' && (
                      <button
                        type="button"
                        className="primary"
                        disabled={busy === lead.id}
                        onClick={() => void move(lead, 'SAL')}
                      >
                        {t('inbox.accept')}
                      </button>
                    )}
                    {lead.stage === 'SAL' && (
                      <button
                        type="button"
                        className="primary"
                        disabled={busy === lead.id}
                        onClick={() => void move(lead, 'SQL')}
                      >
                        {t('inbox.qualify')}
                      </button>
                    )}
                    <button
                      type="button"
                      disabled={busy === lead.id}
                      onClick={() => {
                        setReturnFailure(null);
                        setReturning(lead);
                      }}
                    >
                      {t('inbox.return')}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
          {data.truncated && (
            <p className="hint">{t('inbox.truncated', { count: data.leads.length })}</p>
          )}
        </>
      )}
      {returning && (
        <ReturnDialog
          name={nameOf(returning)}
          busy={busy === returning.id}
          failure={returnFailure}
          onReturn={(body) => void giveBack(returning, body)}
          onCancel={() => setReturning(null)}
        />
      )}
    </div>
  );
}
