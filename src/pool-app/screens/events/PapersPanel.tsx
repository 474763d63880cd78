import { useRef, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AssetListResponse, AssetUploadResponse } from '../../../shared/api';
import { isLanguage, type Language } from '../../../shared/i18n';
import { readableMessage } from '../../../shared/api/messages';
import { AssetTitleSchema, type Asset, type LeadEvent } from '../../../shared/schemas';
import { ApiError, api, apiUrl } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { Unloaded } from '../common/states';
import { UploadProgress } from './AttendeeImport';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { TextField } from './fields';
import { formatBytes, formatTime, messageOf } from './format';

const PDF_MIME = 'application/pdf';

/** Said for a file the pool turns down; its own words otherwise (they are English). */
function uploadFailure(error: unknown, t: TFunction<'events'>, tooLarge: string): string {
  if (error instanceof ApiError && error.status === 415) return t('papers.notPdf');
  if (error instanceof ApiError && error.status === 413) return tooLarge;
  return t('papers.failed', { message: messageOf(error) });
}

/** The white-papers tab: upload a PDF with a title (progress shown), the list, delete. */
export function PapersPanel({ event }: { event: LeadEvent }) {
  const { t, i18n } = useTranslation('events');
  const language: Language = isLanguage(i18n.language) ? i18n.language : 'zh-CN';
  const resource = useResource(
    () => api.get<AssetListResponse>(`/events/${event.id}/assets`),
    `assets:${event.id}`,
  );
  const picker = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<{ title?: string; file?: string }>({});
  const [progress, setProgress] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Asset | null>(null);
  const [busy, setBusy] = useState(false);

  const limit = resource.data?.maxUploadBytes;
  const tooLargeMessage = (size: number) =>
    t('papers.tooLarge', {
      limit: limit === undefined ? '—' : formatBytes(limit, i18n.language),
      size: formatBytes(size, i18n.language),
    });

  const chooseFile = (chosen: File | null) => {
    setFile(chosen);
    setFailure(null);
    // The pool decides by the bytes; the name and type already tell most wrong files.
    const looksPdf =
      chosen && (chosen.type === PDF_MIME || chosen.name.toLowerCase().endsWith('.pdf'));
    const problem = !chosen
      ? undefined
      : !looksPdf
        ? t('papers.notPdf')
        : limit !== undefined && chosen.size > limit
          ? tooLargeMessage(chosen.size)
          : undefined;
    setErrors((current) => ({ ...current, file: problem }));
  };

  const upload = async (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    setFailure(null);
    const parsedTitle = AssetTitleSchema.safeParse(title);
    const found = {
      title: parsedTitle.success
        ? undefined
        : readableMessage(parsedTitle.error.issues[0]?.message ?? '', language),
      file: !file ? t('papers.fileRequired') : errors.file,
    };
    setErrors(found);
    if (found.title || found.file || !file || !parsedTitle.success) return;
    setProgress(0);
    try {
      const response = await api.upload<AssetUploadResponse>(`/events/${event.id}/assets`, file, {
        contentType: PDF_MIME,
        query: { title: parsedTitle.data },
        onProgress: setProgress,
      });
      setNotice(
        response.deduplicated
          ? t('papers.duplicate', { title: response.asset.title })
          : t('papers.uploadedNotice', { title: response.asset.title }),
      );
      setTitle('');
      setFile(null);
      if (picker.current) picker.current.value = '';
      resource.reload();
    } catch (error) {
      const message = uploadFailure(error, t, tooLargeMessage(file.size));
      if (error instanceof ApiError && (error.status === 415 || error.status === 413)) {
        setErrors({ file: message });
      } else setFailure(message);
    } finally {
      setProgress(null);
    }
  };

  const remove = async (asset: Asset) => {
    setBusy(true);
    try {
      await api.send('DELETE', `/events/${event.id}/assets/${asset.id}`);
      setNotice(t('papers.deleted', { title: asset.title }));
      resource.reload();
    } catch (error) {
      setFailure(t('papers.failed', { message: messageOf(error) }));
    } finally {
      setBusy(false);
      setDeleting(null);
    }
  };

  const assets = resource.data?.assets;
  return (
    <section className="panel" aria-labelledby="papers-title">
      <h2 id="papers-title">{t('papers.title')}</h2>
      <p className="hint">{t('papers.intro')}</p>
      <form className="papers-form" noValidate onSubmit={(e) => void upload(e)}>
        <TextField
          id="paper-title"
          label={t('papers.titleLabel')}
          value={title}
          error={errors.title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <TextField
          id="paper-file"
          type="file"
          accept=".pdf,application/pdf"
          label={t('papers.file')}
          hint={
            limit === undefined
              ? undefined
              : t('papers.fileHint', { limit: formatBytes(limit, i18n.language) })
          }
          error={errors.file}
          onChange={(e) => chooseFile(e.target.files?.[0] ?? null)}
          ref={picker}
        />
        <div className="papers-submit">
          <button type="submit" className="primary" disabled={progress !== null}>
            {progress !== null ? t('papers.uploading') : t('papers.upload')}
          </button>
        </div>
      </form>
      {progress !== null && file && <UploadProgress label={file.name} fraction={progress} />}
      <div aria-live="polite">{notice && <p className="event-notice">{notice}</p>}</div>
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      <Unloaded resource={resource} />
      {assets && assets.length === 0 && <p className="hint">{t('papers.none')}</p>}
      {assets && assets.length > 0 && (
        <table className="data">
          <caption className="visually-hidden">{t('papers.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('papers.titleLabel')}</th>
              <th scope="col">{t('papers.size')}</th>
              <th scope="col">{t('papers.type')}</th>
              <th scope="col">{t('papers.uploaded')}</th>
              <th scope="col">{t('papers.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {assets.map((asset) => (
              <tr key={asset.id}>
                <th scope="row">{asset.title}</th>
                <td>{formatBytes(asset.size, i18n.language)}</td>
                <td>{asset.mime}</td>
                <td>{formatTime(asset.createdAt, i18n.language)}</td>
                <td className="row-actions">
                  <a
                    href={apiUrl(`/events/${event.id}/assets/${asset.id}/file`)}
                    aria-label={t('papers.downloadLabel', { title: asset.title })}
                  >
                    {t('papers.download')}
                  </a>
                  <button
                    type="button"
                    className="danger"
                    aria-label={t('papers.deleteLabel', { title: asset.title })}
                    onClick={() => setDeleting(asset)}
                  >
                    {t('papers.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <ConfirmDialog
          id="delete-paper"
          title={t('papers.confirmTitle', { title: deleting.title })}
          body={t('papers.confirmBody')}
          confirm={t('papers.confirm')}
          cancel={t('papers.cancel')}
          busy={busy}
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        />
      )}
    </section>
  );
}
