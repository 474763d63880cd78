import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  IntelligenceConfigResponse,
  IntelligencePreviewResponse,
} from '../../../shared/api/intelligence';
import type { IntelligenceConfig } from '../../../shared/intelligence';
import { api, ApiError } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { LoadError, Loading } from '../common/states';
import { formatTime } from '../users/format';
import { GradingSection } from './GradingSection';
import { MqlSection } from './MqlSection';
import { PreviewTable } from './PreviewTable';
import { rebase } from './rebase';
import { RoutingSection } from './RoutingSection';
import { ScoringSection } from './ScoringSection';
import { SettingsNav } from './SettingsNav';
import './settings.css';

/** `#/settings/intelligence`: loads the config in force, then hands it to the editor. */
export function IntelligenceSettings() {
  const { t } = useTranslation('settings');
  const resource = useResource(
    () => api.get<IntelligenceConfigResponse>('/intelligence/config'),
    'intelligence-config',
  );
  return (
    <div className="settings">
      <SettingsNav />
      <header className="page-header">
        <h1>{t('title')}</h1>
      </header>
      <p className="hint settings-intro">{t('intro')}</p>
      {resource.status === 'error' && (
        <LoadError error={resource.error} onRetry={resource.reload} />
      )}
      {resource.status === 'loading' && !resource.data && <Loading />}
      {resource.data && <ConfigEditor key={resource.data.revision} loaded={resource.data} />}
    </div>
  );
}

type Save =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved'; revision: number }
  | { status: 'stale'; current: IntelligenceConfigResponse }
  | { status: 'failed'; message: string };

/**
 * The draft config, edited by the sections (or as JSON), previewed against the config in force,
 * then saved on the revision it was based on: a save over someone else's newer revision is
 * refused (409) and the user chooses between their version and theirs.
 */
function ConfigEditor({ loaded }: { loaded: IntelligenceConfigResponse }) {
  const { t, i18n } = useTranslation('settings');
  const [base, setBase] = useState(loaded);
  const [draft, setDraft] = useState<IntelligenceConfig>(loaded.config);
  const [preview, setPreview] = useState<{
    of: string;
    result: IntelligencePreviewResponse;
  } | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [save, setSave] = useState<Save>({ status: 'idle' });
  const [json, setJson] = useState<string | null>(null);
  const [jsonError, setJsonError] = useState<string | null>(null);

  const draftText = JSON.stringify(draft);
  const dirty = draftText !== JSON.stringify(base.config);
  const previewed = preview !== null && preview.of === draftText;

  const edit = (next: IntelligenceConfig) => {
    setDraft(next);
    setJson(null);
    if (save.status === 'saved' || save.status === 'failed') setSave({ status: 'idle' });
  };

  const runPreview = async (config: IntelligenceConfig = draft) => {
    setPreviewing(true);
    setPreviewError(null);
    try {
      const result = await api.send<IntelligencePreviewResponse>('POST', '/intelligence/preview', {
        config,
      });
      setPreview({ of: JSON.stringify(config), result });
    } catch (error) {
      setPreview(null);
      setPreviewError(
        t('preview.invalid', { message: error instanceof Error ? error.message : String(error) }),
      );
    } finally {
      setPreviewing(false);
    }
  };

  const runSave = async () => {
    setSave({ status: 'saving' });
    try {
      const saved = await api.send<IntelligenceConfigResponse>('PUT', '/intelligence/config', {
        config: draft,
        baseRevision: base.revision,
      });
      setBase(saved);
      setDraft(saved.config);
      setPreview(null);
      setSave({ status: 'saved', revision: saved.revision });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        const current = await api.get<IntelligenceConfigResponse>('/intelligence/config');
        setSave({ status: 'stale', current });
        return;
      }
      setSave({
        status: 'failed',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  };

  const applyJson = () => {
    try {
      const parsed = JSON.parse(json ?? draftText) as IntelligenceConfig;
      setJsonError(null);
      edit(parsed);
    } catch (error) {
      setJsonError(t('advanced.invalid', { message: String(error) }));
    }
  };

  return (
    <>
      <p className="hint">
        {base.revision === 0 ? t('revisionDefault') : t('revision', { revision: base.revision })}
        {base.savedAt !== null &&
          ` · ${t('savedAt', { at: formatTime(base.savedAt, i18n.language) })}`}
      </p>
      <form
        className="settings-form"
        onSubmit={(event) => {
          event.preventDefault();
          void runPreview();
        }}
      >
        <GradingSection config={draft} onChange={edit} />
        <ScoringSection config={draft} onChange={edit} />
        <MqlSection config={draft} onChange={edit} />
        <RoutingSection config={draft} onChange={edit} />
        <details className="panel settings-section">
          <summary>{t('advanced.title')}</summary>
          <label className="field">
            <span>{t('advanced.label')}</span>
            <textarea
              rows={16}
              spellCheck={false}
              value={json ?? JSON.stringify(draft, null, 2)}
              onChange={(e) => setJson(e.target.value)}
            />
          </label>
          {jsonError && (
            <p className="field-error" role="alert">
              {jsonError}
            </p>
          )}
          <button type="button" onClick={applyJson}>
            {t('advanced.apply')}
          </button>
        </details>

        <section
          className="panel settings-section settings-preview-panel"
          aria-labelledby="preview-title"
        >
          <h2 id="preview-title">{t('preview.title')}</h2>
          <div aria-live="polite">
            {previewing && <p role="status">{t('preview.running')}</p>}
            {previewError && (
              <p className="field-error" role="alert">
                {previewError}
              </p>
            )}
            {previewed && save.status !== 'stale' && <PreviewTable preview={preview.result} />}
            {dirty && !previewed && !previewing && <p className="hint">{t('preview.needed')}</p>}
            {save.status === 'saved' && (
              <p className="settings-notice">{t('save.done', { revision: save.revision })}</p>
            )}
            {save.status === 'failed' && (
              <p className="field-error" role="alert">
                {t('save.failed', { message: save.message })}
              </p>
            )}
          </div>
          {save.status === 'stale' && (
            <div className="settings-stale" role="alert">
              <p>
                {t('save.stale', {
                  revision: save.current.revision,
                  at:
                    save.current.savedAt === null
                      ? ''
                      : formatTime(save.current.savedAt, i18n.language),
                })}
              </p>
              <div className="settings-actions">
                <button
                  type="button"
                  onClick={() => {
                    setBase(save.current);
                    setDraft(save.current.config);
                    setPreview(null);
                    setSave({ status: 'idle' });
                  }}
                >
                  {t('save.loadTheirs', { revision: save.current.revision })}
                </button>
                <button
                  type="button"
                  onClick={() => {
                    const rebased = rebase(base.config, draft, save.current.config);
                    setBase(save.current);
                    setDraft(rebased);
                    setPreview(null);
                    setSave({ status: 'idle' });
                    void runPreview(rebased);
                  }}
                >
                  {t('save.keepMine')}
                </button>
              </div>
            </div>
          )}
          <div className="settings-actions">
            <button type="submit" disabled={previewing}>
              {t('preview.button')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={!dirty || !previewed || save.status === 'saving' || save.status === 'stale'}
              onClick={() => void runSave()}
            >
              {save.status === 'saving' ? t('save.saving') : t('save.button')}
            </button>
            <button
              type="button"
              disabled={!dirty}
              onClick={() => {
                edit(base.config);
                setPreview(null);
              }}
            >
              {t('save.reset')}
            </button>
          </div>
        </section>
      </form>
    </>
  );
}
