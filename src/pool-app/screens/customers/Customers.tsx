import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { CrmMappingListResponse } from '../../../shared/api/crm-mappings';
import type { SegmentListResponse } from '../../../shared/api/segments';
import { api, apiUrl } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { useHashQuery } from '../../hash-location';
import { MARKETING } from '../../roles';
import { useUser } from '../../session';
import { LoadError, Loading } from '../common/states';
import { CustomerTable } from './CustomerTable';
import { DebouncedInput } from './DebouncedInput';
import { Filters } from './Filters';
import { filterParams, SEGMENT_PARAM, withFilter } from './filter-query';
import { Segments } from './Segments';
import { useCustomerPages } from './use-customer-pages';
import './customers.css';

/**
 * `#/customers`: the customer pool (a sales user: the leads routed to them), filtered on the
 * server by what the URL says, searched like the booth (pinyin, initials), a page at a time as
 * one scrolls; saved segments with live counts; exports of what is shown.
 */
export function Customers() {
  const { t, i18n } = useTranslation('customers');
  const user = useUser();
  const manages = MARKETING.includes(user.role);
  const [params, setParams] = useHashQuery();
  const filter = useMemo(() => filterParams(params), [params]);
  const segmentId = params.get(SEGMENT_PARAM);
  const pages = useCustomerPages(filter);
  const segments = useResource<SegmentListResponse>(
    () => api.get<SegmentListResponse>('/segments'),
    'segments',
  );
  const change = useCallback(
    (next: URLSearchParams) => setParams(next, { replace: true }),
    [setParams],
  );

  const [mappingId, setMappingId] = useState('');
  const exportQuery = new URLSearchParams(segmentId ? '' : filter.toString());
  exportQuery.set('lang', i18n.language);
  exportQuery.set('tz', Intl.DateTimeFormat().resolvedOptions().timeZone);
  if (mappingId !== '') exportQuery.set('mapping', mappingId);
  const exportHref = (target: 'csv' | 'xlsx') =>
    apiUrl(
      segmentId
        ? `/segments/${encodeURIComponent(segmentId)}/export.${target}`
        : `/customers/export.${target}`,
      exportQuery,
    );

  return (
    <div className="customers">
      <header className="page-header">
        <h1>{t('title')}</h1>
        {manages && (
          <div className="customer-exports" role="group" aria-label={t('export.title')}>
            <ExportColumns value={mappingId} onChange={setMappingId} />
            <a className="button" href={exportHref('csv')} download>
              {t('export.csv')}
            </a>
            <a className="button" href={exportHref('xlsx')} download>
              {t('export.xlsx')}
            </a>
          </div>
        )}
      </header>
      <p className="hint">
        {manages ? t('intro') : t('introSales')} {manages && t('export.consentNote')}
      </p>
      <div className="customers-layout">
        <Segments
          segments={segments}
          activeId={segmentId}
          params={params}
          onOpen={(next) => setParams(next)}
          canEdit={manages}
        />
        <div className="customers-main">
          <SearchBox
            value={params.get('q') ?? ''}
            onSearch={(q) => change(withFilter(params, 'q', q))}
          />
          <Filters params={params} onChange={change} canPickEvents={manages} />
          <div className="customers-status" aria-live="polite">
            {pages.count !== null && <span>{t('count', { count: pages.count })}</span>}
            {filter.toString() !== '' && (
              <button type="button" className="link" onClick={() => change(new URLSearchParams())}>
                {t('filters.clear')}
              </button>
            )}
          </div>
          {pages.status === 'loading' && <Loading />}
          {pages.status === 'error' && <LoadError error={pages.error} onRetry={pages.reload} />}
          {pages.status === 'ready' && pages.rows.length === 0 && (
            <div className="state customers-empty" role="status">
              <p>{t('empty')}</p>
              <p className="hint">{t('emptyHint')}</p>
            </div>
          )}
          {pages.status === 'ready' && pages.rows.length > 0 && (
            <>
              <CustomerTable rows={pages.rows} hasMore={pages.hasMore} onNearEnd={pages.loadMore} />
              <p className="customers-more" aria-live="polite">
                {pages.loadingMore ? (
                  t('loadingMore')
                ) : pages.hasMore ? (
                  <button type="button" onClick={pages.loadMore}>
                    {t('loadMore')}
                  </button>
                ) : (
                  t('allLoaded')
                )}
              </p>
            </>
          )}
        </div>
      </div>
    </div>
  );
}

/** Which columns an export has: the pool's own, or a saved CRM mapping's (#/settings/crm). */
function ExportColumns({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const { t } = useTranslation('customers');
  const mappings = useResource(() => api.get<CrmMappingListResponse>('/crm-mappings'), 'crm');
  return (
    <span className="customer-export-columns">
      <label htmlFor="customer-export-mapping">{t('export.mapping')}</label>
      <select
        id="customer-export-mapping"
        value={value}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{t('export.mappingDefault')}</option>
        {mappings.data?.mappings.map((mapping) => (
          <option key={mapping.id} value={mapping.id}>
            {mapping.name}
          </option>
        ))}
      </select>
      <Link href="/settings/crm">{t('export.manageMappings')}</Link>
    </span>
  );
}

/** The search box: filters once the user pauses typing (or presses Enter). */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation('customers');
  return (
    <div className="customer-search" role="search">
      <label htmlFor="customer-search">{t('search.label')}</label>
      <DebouncedInput
        id="customer-search"
        value={value}
        onCommit={onSearch}
        placeholder={t('search.placeholder')}
      />
    </div>
  );
}
