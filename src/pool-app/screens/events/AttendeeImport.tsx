import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportColumn } from '../../../shared/api/attendee-columns';
import {
  CSV_MIME,
  IMPORT_BODY_LIMIT_BYTES,
  XLSX_MIME,
  type ImportPreviewResponse,
  type ImportResponse,
} from '../../../shared/api/attendees';
import { CATALOGS, isLanguage, type Language } from '../../../shared/i18n';
import { PROFILE_FIELDS, type ProfileField } from '../../../shared/schemas';
import { ApiError, api } from '../../api/client';
import { messageOf } from './format';

type Step =
  | { kind: 'idle' }
  | { kind: 'uploading'; file: File; purpose: 'preview' | 'import'; fraction: number }
  | { kind: 'preview'; file: File; preview: ImportPreviewResponse }
  | { kind: 'result'; file: File; result: ImportResponse }
  | { kind: 'failed'; message: string; detail?: string };

/** The type the pool is told; the bytes decide in the end (a CSV label on an XLSX is forgiven). */
function contentTypeOf(file: File): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx') || file.type === XLSX_MIME) return XLSX_MIME;
  if (name.endsWith('.csv') || file.type === CSV_MIME) return CSV_MIME;
  return null;
}

const FILE_ERROR_CODES = [
  'empty_file',
  'unreadable_file',
  'bad_header',
  'too_many_rows',
  'unsupported_media_type',
] as const;
const isFileErrorCode = (code: string): code is (typeof FILE_ERROR_CODES)[number] =>
  (FILE_ERROR_CODES as readonly string[]).includes(code);

const isProfileField = (key: string): key is ProfileField =>
  (PROFILE_FIELDS as readonly string[]).includes(key);

/** A column's or an error's field in the user's language. */
export function columnLabel(column: ImportColumn | string, language: Language): string {
  const catalog = CATALOGS[language];
  if (isProfileField(column)) return catalog.fields[column];
  if (column === 'consent') return catalog.export.columns.consent;
  if (column === 'badgeCode') return catalog.export.columns.badgeCode;
  return column;
}

/**
 * Attendee import: drop or choose a CSV/XLSX, see what the pool read (the columns it guessed, the
 * first rows, every refused row), then import it. Both uploads show their progress.
 */
export function AttendeeImport({
  eventId,
  onImported,
}: {
  eventId: string;
  onImported: () => void;
}) {
  const { t, i18n } = useTranslation('events');
  const language: Language = isLanguage(i18n.language) ? i18n.language : 'zh-CN';
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);

  /** The pool's reason in the user's words where its code is known, its own text as detail. */
  const failedStep = (error: unknown): Step => {
    const code = error instanceof ApiError ? error.code : '';
    if (isFileErrorCode(code)) {
      return {
        kind: 'failed',
        message: t(`import.fileErrors.${code}`),
        detail: t('import.detail', { message: messageOf(error) }),
      };
    }
    return { kind: 'failed', message: t('import.fileError', { message: messageOf(error) }) };
  };

  const upload = <T,>(file: File, purpose: 'preview' | 'import', contentType: string) => {
    setStep({ kind: 'uploading', file, purpose, fraction: 0 });
    return api.upload<T>(`/events/${eventId}/attendees/${purpose}`, file, {
      contentType,
      query: { lang: language },
      onProgress: (fraction) =>
        setStep((current) =>
          current.kind === 'uploading' && current.file === file
            ? { ...current, fraction }
            : current,
        ),
    });
  };

  const choose = async (file: File | undefined) => {
    if (!file) return;
    const contentType = contentTypeOf(file);
    if (!contentType) return setStep({ kind: 'failed', message: t('import.wrongType') });
    if (file.size > IMPORT_BODY_LIMIT_BYTES) {
      return setStep({
        kind: 'failed',
        message: t('import.tooLarge', { limit: IMPORT_BODY_LIMIT_BYTES / 1024 / 1024 }),
      });
    }
    try {
      const preview = await upload<ImportPreviewResponse>(file, 'preview', contentType);
      setStep({ kind: 'preview', file, preview });
    } catch (error) {
      setStep(failedStep(error));
    }
  };

  const confirm = async (file: File) => {
    const contentType = contentTypeOf(file) ?? CSV_MIME;
    try {
      const result = await upload<ImportResponse>(file, 'import', contentType);
      setStep({ kind: 'result', file, result });
      onImported();
    } catch (error) {
      setStep(failedStep(error));
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void choose(event.dataTransfer.files[0]);
  };

  const reset = () => {
    if (picker.current) picker.current.value = '';
    setStep({ kind: 'idle' });
  };

  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 id="import-title">{t('import.title')}</h2>
      <p className="hint">{t('import.intro')}</p>
      {(step.kind === 'idle' || step.kind === 'failed') && (
        <div
          className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
          data-testid="attendee-drop-zone"
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p>{t('import.drop')}</p>
          <p className="hint">{t('import.or')}</p>
          <label className="button" htmlFor="attendee-file">
            {t('import.choose')}
          </label>
          <input
            ref={picker}
            id="attendee-file"
            className="visually-hidden"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-label={t('import.chooseLabel')}
            onChange={(event) => void choose(event.target.files?.[0])}
          />
        </div>
      )}
      {step.kind === 'failed' && (
        <div role="alert">
          <p className="field-error">{step.message}</p>
          {step.detail && <p className="hint">{step.detail}</p>}
        </div>
      )}
      {step.kind === 'uploading' && (
        <UploadProgress
          label={t('import.uploading', { file: step.file.name })}
          fraction={step.fraction}
          after={step.purpose === 'preview' ? t('import.checking') : t('import.importing')}
        />
      )}
      {step.kind === 'preview' && (
        <Preview
          file={step.file}
          preview={step.preview}
          language={language}
          onConfirm={() => void confirm(step.file)}
          onCancel={reset}
        />
      )}
      {step.kind === 'result' && (
        <div className="import-result" role="status" aria-labelledby="import-result-title">
          <UploadProgress label={t('import.uploading', { file: step.file.name })} fraction={1} />
          <h3 id="import-result-title">{t('import.resultTitle')}</h3>
          <dl className="import-numbers">
            <div>
              <dt>{t('import.resultRows')}</dt>
              <dd>{step.result.rows}</dd>
            </div>
            <div>
              <dt>{t('import.resultCreated')}</dt>
              <dd>{step.result.created}</dd>
            </div>
            <div>
              <dt>{t('import.resultUpdated')}</dt>
              <dd>{step.result.updated}</dd>
            </div>
            <div>
              <dt>{t('import.resultDuplicates')}</dt>
              <dd>{step.result.duplicateRows}</dd>
            </div>
            <div>
              <dt>{t('import.resultRefused')}</dt>
              <dd>0</dd>
            </div>
            <div>
              <dt>{t('import.resultRegistered')}</dt>
              <dd>{step.result.registered}</dd>
            </div>
          </dl>
          <button type="button" onClick={reset}>
            {t('import.another')}
          </button>
        </div>
      )}
    </section>
  );
}

export function UploadProgress({
  label,
  fraction,
  after,
}: {
  label: string;
  fraction: number;
  /** Said once every byte is out and the pool is working on them. */
  after?: string;
}) {
  const { t } = useTranslation('events');
  const percent = Math.round(fraction * 100);
  return (
    <div className="upload-progress">
      <span>{label}</span>
      <progress aria-label={t('import.uploadProgress')} max={100} value={percent} />
      <span>{percent}%</span>
      {after && percent === 100 && <span className="hint">{after}</span>}
    </div>
  );
}

function Preview({
  file,
  preview,
  language,
  onConfirm,
  onCancel,
}: {
  file: File;
  preview: ImportPreviewResponse;
  language: Language;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('events');
  const refused = preview.rejectedRows > 0;
  const refusedRows = new Set(preview.rejections.map((rejection) => rejection.row));
  return (
    <div className="import-preview">
      <h3>{t('import.previewTitle', { file: file.name })}</h3>
      {!refused && (
        <p>
          {t('import.summary', {
            rows: preview.rows,
            people: preview.people,
            duplicates: preview.duplicateRows,
          })}
        </p>
      )}
      <div className="table-scroll">
        <table className="data import-sample">
          <caption>{t('import.mappingCaption', { count: preview.sample.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.row')}</th>
              {preview.header.map((title, i) => {
                const column = preview.columns[i] ?? null;
                return (
                  <th key={i} scope="col" className={column ? undefined : 'import-ignored'}>
                    <span className="import-header">{title}</span>
                    <span className="import-mapped">
                      → {column ? columnLabel(column, language) : t('import.ignored')}
                    </span>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {preview.sample.map((row, r) => (
              // Row numbers as the spreadsheet shows them: the header is row 1.
              <tr key={r} className={refusedRows.has(r + 2) ? 'import-refused-row' : undefined}>
                <th scope="row">{r + 2}</th>
                {preview.header.map((_, c) => (
                  <td key={c}>{row[c] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {refused && (
        <div className="import-rejections" role="alert" aria-labelledby="import-rejected-title">
          <h3 id="import-rejected-title">
            {t('import.rejectedTitle', { count: preview.rejectedRows })}
          </h3>
          <p>{t('import.rejectedHint')}</p>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('import.row')}</th>
                <th scope="col">{t('import.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rejections.map((rejection) => (
                <tr key={rejection.row}>
                  <th scope="row">{rejection.row}</th>
                  <td>
                    <ul className="plain-list">
                      {Object.entries(rejection.errors).map(([field, message]) => (
                        <li key={field}>
                          {t('import.fieldProblem', {
                            field: columnLabel(field, language),
                            message,
                          })}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="import-actions">
        {!refused && (
          <button type="button" className="primary" onClick={onConfirm}>
            {t('import.confirm', { rows: preview.rows })}
          </button>
        )}
        <button type="button" onClick={onCancel}>
          {t('import.cancel')}
        </button>
      </div>
    </div>
  );
}
