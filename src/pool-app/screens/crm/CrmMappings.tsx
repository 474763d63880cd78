import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CRM_TEMPLATES,
  type CrmMapping,
  type CrmMappingListResponse,
  type CrmTemplate,
} from '../../../shared/api/crm-mappings';
import { api } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { Unloaded } from '../common/states';
import { SettingsNav } from '../settings/SettingsNav';
import { formatTime } from '../users/format';
import { draftOf, draftOfMapping, type MappingDraft } from './draft';
import { MappingEditor } from './MappingEditor';
import './crm.css';

const TEMPLATE_NAMES = Object.keys(CRM_TEMPLATES) as CrmTemplate[];

/** `#/settings/crm`: the CRM export mappings, started from a template and edited column by column. */
export function CrmMappings() {
  const { t, i18n } = useTranslation('crm');
  const resource = useResource(() => api.get<CrmMappingListResponse>('/crm-mappings'), 'crm');
  const [editing, setEditing] = useState<MappingDraft | null>(null);
  const [template, setTemplate] = useState<CrmTemplate | 'blank'>('salesforce');
  const [notice, setNotice] = useState<string | null>(null);
  const [removing, setRemoving] = useState<CrmMapping | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const start = () => {
    setNotice(null);
    setEditing(
      template === 'blank'
        ? draftOf(null, '', [])
        : draftOf(null, t(`start.templates.${template}`), CRM_TEMPLATES[template]),
    );
  };
  const remove = async (mapping: CrmMapping) => {
    setBusy(true);
    setFailure(null);
    try {
      await api.send('DELETE', `/crm-mappings/${encodeURIComponent(mapping.id)}`);
      setNotice(t('removeDialog.done', { name: mapping.name }));
      resource.reload();
    } catch (error) {
      setFailure(
        t('editor.errors.failed', { message: error instanceof Error ? error.message : '' }),
      );
    } finally {
      setBusy(false);
      setRemoving(null);
    }
  };

  const mappings = resource.data?.mappings;
  return (
    <div className="crm">
      <SettingsNav />
      <header className="page-header">
        <h1>{t('title')}</h1>
      </header>
      <p className="hint crm-intro">{t('intro')}</p>
      <div aria-live="polite">{notice && <p className="crm-notice">{notice}</p>}</div>
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      {editing ? (
        <MappingEditor
          initial={editing}
          onCancel={() => setEditing(null)}
          onSaved={(mapping) => {
            setEditing(null);
            setNotice(t('editor.saved', { name: mapping.name }));
            resource.reload();
          }}
        />
      ) : (
        <>
          <section className="panel" aria-labelledby="crm-list-title">
            <h2 id="crm-list-title">{t('list.title')}</h2>
            <Unloaded resource={resource} />
            {mappings && mappings.length === 0 && <p className="hint">{t('list.none')}</p>}
            {mappings && mappings.length > 0 && (
              <table className="data crm-table">
                <caption className="visually-hidden">{t('list.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('list.name')}</th>
                    <th scope="col">{t('list.columns')}</th>
                    <th scope="col">{t('list.updated')}</th>
                    <th scope="col">{t('list.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {mappings.map((mapping) => (
                    <tr key={mapping.id}>
                      <th scope="row">{mapping.name}</th>
                      <td className="crm-headers">
                        {mapping.columns.map((column) => column.header).join(', ')}
                      </td>
                      <td>{formatTime(mapping.updatedAt, i18n.language)}</td>
                      <td className="crm-actions">
                        <button
                          type="button"
                          aria-label={t('list.edit', { name: mapping.name })}
                          onClick={() => {
                            setNotice(null);
                            setEditing(draftOfMapping(mapping));
                          }}
                        >
                          {t('list.editShort')}
                        </button>
                        <button
                          type="button"
                          className="danger"
                          aria-label={t('list.remove', { name: mapping.name })}
                          onClick={() => setRemoving(mapping)}
                        >
                          {t('list.removeShort')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="panel crm-start" aria-labelledby="crm-start-title">
            <h2 id="crm-start-title">{t('start.title')}</h2>
            <div className="field">
              <label htmlFor="crm-template">{t('start.template')}</label>
              <select
                id="crm-template"
                value={template}
                aria-describedby="crm-template-hint"
                onChange={(event) => setTemplate(event.target.value as CrmTemplate | 'blank')}
              >
                {TEMPLATE_NAMES.map((name) => (
                  <option key={name} value={name}>
                    {t(`start.templates.${name}`)}
                  </option>
                ))}
                <option value="blank">{t('start.templates.blank')}</option>
              </select>
              <p id="crm-template-hint" className="hint">
                {t('start.templateHint')}
              </p>
            </div>
            <button type="button" className="primary" onClick={start}>
              {t('start.create')}
            </button>
          </section>
        </>
      )}
      {removing && (
        <ConfirmDialog
          id="crm-remove"
          title={t('removeDialog.title', { name: removing.name })}
          body={t('removeDialog.body')}
          confirm={t('removeDialog.confirm')}
          cancel={t('removeDialog.cancel')}
          busy={busy}
          onConfirm={() => void remove(removing)}
          onCancel={() => setRemoving(null)}
        />
      )}
    </div>
  );
}
