import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CRM_FIELDS, CRM_HEADER_MAX, type CrmMapping } from '../../../shared/api/crm-mappings';
import { api, ApiError } from '../../api/client';
import {
  bodyOf,
  draftColumn,
  draftErrors,
  hasErrors,
  moved,
  type DraftColumn,
  type MappingDraft,
} from './draft';

/** One mapping's name and columns: headers, what each holds, their order; saved to the pool. */
export function MappingEditor({
  initial,
  onSaved,
  onCancel,
}: {
  initial: MappingDraft;
  onSaved: (mapping: CrmMapping) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('crm');
  const [draft, setDraft] = useState(initial);
  const [showErrors, setShowErrors] = useState(false);
  const [nameTaken, setNameTaken] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const errors = draftErrors(draft);
  const nameError =
    showErrors && errors.name
      ? t('editor.errors.name')
      : nameTaken
        ? t('editor.errors.taken')
        : null;

  const setColumns = (columns: DraftColumn[]) => setDraft({ ...draft, columns });
  const change = (key: number, patch: Partial<DraftColumn>) =>
    setColumns(
      draft.columns.map((column) => (column.key === key ? { ...column, ...patch } : column)),
    );

  const save = async () => {
    setShowErrors(true);
    setFailure(null);
    if (hasErrors(errors)) return;
    setSaving(true);
    try {
      const body = bodyOf(draft);
      const saved =
        draft.id === null
          ? await api.send<CrmMapping>('POST', '/crm-mappings', body)
          : await api.send<CrmMapping>(
              'PUT',
              `/crm-mappings/${encodeURIComponent(draft.id)}`,
              body,
            );
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'mapping_name_taken') setNameTaken(true);
      else
        setFailure(
          t('editor.errors.failed', { message: error instanceof Error ? error.message : '' }),
        );
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="panel crm-editor"
      aria-labelledby="crm-editor-title"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2 id="crm-editor-title">
        {initial.id === null ? t('editor.titleNew') : t('editor.titleEdit', { name: initial.name })}
      </h2>
      <div className="field">
        <label htmlFor="crm-name">{t('editor.name')}</label>
        <input
          id="crm-name"
          value={draft.name}
          placeholder={t('editor.namePlaceholder')}
          maxLength={100}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? 'crm-name-error' : undefined}
          onChange={(event) => {
            setNameTaken(false);
            setDraft({ ...draft, name: event.target.value });
          }}
        />
        {nameError && (
          <p id="crm-name-error" className="field-error">
            {nameError}
          </p>
        )}
      </div>
      <h3>{t('editor.columnsTitle')}</h3>
      {showErrors && errors.columns && <p className="field-error">{t('editor.errors.columns')}</p>}
      <ol className="crm-columns">
        {draft.columns.map((column, index) => (
          <ColumnRow
            key={column.key}
            column={column}
            n={index + 1}
            last={index === draft.columns.length - 1}
            error={showErrors ? errors.headers[column.key] : undefined}
            onChange={(patch) => change(column.key, patch)}
            onMove={(by) => setColumns(moved(draft.columns, index, index + by))}
            onRemove={() => setColumns(draft.columns.filter((other) => other.key !== column.key))}
          />
        ))}
      </ol>
      <button type="button" onClick={() => setColumns([...draft.columns, draftColumn()])}>
        {t('editor.add')}
      </button>
      <p className="crm-preview">
        <span className="hint">{t('editor.preview')}</span>{' '}
        <code>{draft.columns.map((column) => column.header.trim()).join(',')}</code>
      </p>
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      <div className="crm-editor-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t('editor.saving') : t('editor.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('editor.cancel')}
        </button>
      </div>
    </form>
  );
}

function ColumnRow({
  column,
  n,
  last,
  error,
  onChange,
  onMove,
  onRemove,
}: {
  column: DraftColumn;
  n: number;
  last: boolean;
  error: 'header' | 'duplicate' | undefined;
  onChange: (patch: Partial<DraftColumn>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('crm');
  const id = `crm-column-${column.key}`;
  return (
    <li className="crm-column">
      <input
        id={`${id}-header`}
        aria-label={t('editor.header', { n })}
        value={column.header}
        maxLength={CRM_HEADER_MAX}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange({ header: event.target.value })}
      />
      <select
        aria-label={t('editor.source', { n })}
        value={column.source}
        onChange={(event) => onChange({ source: event.target.value as DraftColumn['source'] })}
      >
        {CRM_FIELDS.map((field) => (
          <option key={field} value={field}>
            {t(`fields.${field}`)}
          </option>
        ))}
        <option value="constant">{t('editor.fixedText')}</option>
      </select>
      {column.source === 'constant' && (
        <input
          aria-label={t('editor.constant', { n })}
          value={column.constant}
          maxLength={200}
          onChange={(event) => onChange({ constant: event.target.value })}
        />
      )}
      <span className="crm-column-actions">
        <button
          type="button"
          aria-label={t('editor.up', { n })}
          disabled={n === 1}
          onClick={() => onMove(-1)}
        >
          ↑
        </button>
        <button
          type="button"
          aria-label={t('editor.down', { n })}
          disabled={last}
          onClick={() => onMove(1)}
        >
          ↓
        </button>
        <button
          type="button"
          className="danger"
          aria-label={t('editor.remove', { n })}
          onClick={onRemove}
        >
          ×
        </button>
      </span>
      {error && (
        <p id={`${id}-error`} className="field-error crm-column-error">
          {t(`editor.errors.${error}`)}
        </p>
      )}
    </li>
  );
}
