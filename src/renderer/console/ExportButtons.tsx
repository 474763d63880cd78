import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Interaction, LeadEvent, Person, Qualification } from '../../shared/schemas';
import { useServices } from '../app/services';

const MIME = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** Exports the event's leads; the file is built locally, so export works offline. */
export function ExportButtons({
  event,
  onNotice,
}: {
  event: LeadEvent;
  onNotice(message: string): void;
}) {
  const { t } = useTranslation();
  const { db, platform } = useServices();
  const [busy, setBusy] = useState(false);

  async function run(kind: keyof typeof MIME) {
    setBusy(true);
    try {
      const [people, qualifications, interactions] = await Promise.all([
        db.people.find({ selector: { eventId: event.id } }).exec(),
        db.qualifications.find({ selector: { eventId: event.id } }).exec(),
        db.interactions.find({ selector: { eventId: event.id } }).exec(),
      ]);
      // The spreadsheet libraries load on first export, not at start-up.
      const [{ buildLeadTable }, { boothSheetStyle, exportFileName, toCsvBytes, toXlsxBytes }] =
        await Promise.all([
          import('../../shared/export/lead-rows'),
          import('../services/export-files'),
        ]);
      const table = buildLeadTable({
        event,
        people: people.map((d) => d.toJSON() as Person),
        qualifications: qualifications.map((d) => d.toJSON() as Qualification),
        interactions: interactions.map((d) => d.toJSON() as Interaction),
        style: boothSheetStyle(kind, (key: string) => t(key)),
      });
      const bytes = kind === 'csv' ? toCsvBytes(table) : await toXlsxBytes(table);
      const result = await platform.saveFile({
        suggestedName: exportFileName(event.name, kind),
        mime: MIME[kind],
        bytes,
      });
      if (result.saved) onNotice(t('export.done', { count: table.rows.length }));
    } catch (error) {
      onNotice(
        t('export.failed', { message: error instanceof Error ? error.message : String(error) }),
      );
    } finally {
      setBusy(false);
    }
  }

  // One labelled pair instead of two long buttons keeps the top bar on one line at 1366 px; each
  // button's name still says what it does ("导出 CSV").
  return (
    <div className="button-group" role="group" aria-label={t('export.group')}>
      <span className="button-group-label" aria-hidden="true">
        {t('export.group')}
      </span>
      <button
        type="button"
        disabled={busy}
        aria-label={t('export.csv')}
        onClick={() => void run('csv')}
      >
        CSV
      </button>
      <button
        type="button"
        disabled={busy}
        aria-label={t('export.xlsx')}
        onClick={() => void run('xlsx')}
      >
        Excel
      </button>
    </div>
  );
}
