import { flexRender, tableFeatures, useTable, type ColumnDef } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerSummary } from '../../../shared/api/customers';
import { formatShortTime, profileText, readablePhone, regionOf } from './format';

const ROW_HEIGHT = 37;
/** No client-side sorting or filtering: the pool does both (v9 registers features explicitly). */
const FEATURES = tableFeatures({});
/** Ask for the next page while this many rows are still below the view. */
const PREFETCH_ROWS = 30;

interface Props {
  rows: CustomerSummary[];
  hasMore: boolean;
  onNearEnd: () => void;
}

/**
 * The customers as a real table (screen readers get rows and column headers), of which only the
 * rows in view and a few around are in the DOM: 100k loaded rows scroll as smoothly as 100.
 * Spacer rows above and below stand for the rest, so the scroll bar tells how far one is.
 */
export function CustomerTable({ rows, hasMore, onNearEnd }: Props) {
  const { t, i18n } = useTranslation('customers');
  const language = i18n.language;
  const columns = useMemo<ColumnDef<typeof FEATURES, CustomerSummary>[]>(
    () => [
      {
        id: 'name',
        header: t('table.name'),
        cell: ({ row }) => (
          <a href={`#/customers/${encodeURIComponent(row.original.id)}`}>
            {profileText(row.original.profile, 'name') || t('table.unnamed')}
          </a>
        ),
      },
      {
        id: 'company',
        header: t('table.company'),
        cell: ({ row }) => profileText(row.original.profile, 'company'),
      },
      {
        id: 'title',
        header: t('table.title'),
        cell: ({ row }) => profileText(row.original.profile, 'title'),
      },
      {
        id: 'phone',
        header: t('table.phone'),
        cell: ({ row }) => (
          <span className="nowrap">
            {readablePhone(profileText(row.original.profile, 'phone'))}
          </span>
        ),
      },
      {
        id: 'region',
        header: t('table.region'),
        cell: ({ row }) => regionOf(row.original.profile),
      },
      { id: 'grade', header: t('table.grade'), cell: ({ row }) => row.original.grade },
      {
        id: 'score',
        header: t('table.score'),
        cell: ({ row }) => <span className="num">{row.original.score}</span>,
      },
      {
        id: 'stage',
        header: t('table.stage'),
        cell: ({ row }) => {
          const { stage, returned } = row.original;
          // Marketing sees why sales gave a nurtured lead back without opening it.
          if (stage !== 'nurture' || !returned) return t(`stages.${stage}`);
          const reason = t(`sales:reasons.${returned.reason}`);
          const said = returned.note
            ? t('table.returnedNote', { reason, note: returned.note })
            : t('table.returned', { reason });
          // The narrow cell shows the reason; the whole sentence is its tooltip and what a screen
          // reader says.
          return (
            <>
              {t(`stages.${stage}`)}
              <span className="customer-returned" title={said}>
                <span aria-hidden="true">{reason}</span>
                <span className="visually-hidden">{said}</span>
              </span>
            </>
          );
        },
      },
      {
        id: 'owner',
        header: t('table.owner'),
        cell: ({ row }) => row.original.ownerName ?? t('table.noOwner'),
      },
      {
        id: 'lastActivity',
        header: t('table.lastActivity'),
        cell: ({ row }) =>
          row.original.lastActivityAt === null
            ? t('table.never')
            : formatShortTime(row.original.lastActivityAt, language),
      },
    ],
    [t, language],
  );
  const table = useTable({
    features: FEATURES,
    data: rows,
    columns,
    getRowId: (row) => row.id,
  });
  const tableRows = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (hasMore && lastIndex >= tableRows.length - PREFETCH_ROWS) onNearEnd();
  }, [hasMore, lastIndex, tableRows.length, onNearEnd]);

  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div
      className="customer-scroller"
      ref={scroller}
      tabIndex={0}
      role="region"
      aria-label={t('table.caption')}
    >
      <table className="data customer-table" aria-rowcount={tableRows.length + 1}>
        <caption className="visually-hidden">{t('table.caption')}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={1}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className={`col-${header.id}`}>
                  {flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {top > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={columns.length} style={{ height: top }} />
            </tr>
          )}
          {items.map((item) => {
            const row = tableRows[item.index];
            if (!row) return null;
            return (
              <tr key={row.id} aria-rowindex={item.index + 2} style={{ height: ROW_HEIGHT }}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className={`col-${cell.column.id}`}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            );
          })}
          {bottom > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={columns.length} style={{ height: bottom }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
