import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer360Response, ExplanationLine, ManualTagsResponse } from '../../../shared/api';
import { isLanguage } from '../../../shared/i18n';
import { api } from '../../api/client';
import { formatTime } from './format';

/** Tags typed with Chinese or Latin separators: 重点客户、展后回访, key account */
const splitTags = (text: string) =>
  [...new Set(text.split(/[,，、;；\n]/).map((tag) => tag.trim()))].filter((tag) => tag !== '');

function Lines({ lines, empty }: { lines: ExplanationLine[]; empty: string }) {
  if (lines.length === 0) return <p className="hint">{empty}</p>;
  return (
    <ul className="c360-lines">
      {lines.map((line, index) => (
        // The label already reads "+20 职位: 总监": the colour only repeats its sign.
        <li key={index} className={line.points < 0 ? 'c360-line-negative' : 'c360-line'}>
          {line.label}
        </li>
      ))}
    </ul>
  );
}

/** Grade and score with the lines they add up from; tags, and marketing's manual ones. */
export function IntelligencePanel({
  detail,
  canTag,
  onChanged,
}: {
  detail: Customer360Response;
  canTag: boolean;
  onChanged: (notice: string) => void;
}) {
  const { t, i18n } = useTranslation('customer');
  const lang = isLanguage(i18n.language) ? i18n.language : 'zh-CN';
  const [manual, setManual] = useState(detail.manualTags.join('、'));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const fit = detail.explanation.filter((line) => line.axis === 'fit');
  const engagement = detail.explanation.filter((line) => line.axis === 'engagement');

  const saveTags = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      await api.send<ManualTagsResponse>('PUT', `/customers/${detail.customer.id}/tags`, {
        manual: splitTags(manual),
      });
      onChanged(t('intelligence.tagsSaved'));
    } catch (error) {
      setFailure(
        t('error.unknown', { message: error instanceof Error ? error.message : String(error) }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel c360-panel" aria-labelledby="c360-intelligence-title">
      <h2 id="c360-intelligence-title">{t('intelligence.title')}</h2>
      <p className="hint">
        {detail.scoredAt === null
          ? t('intelligence.neverScored')
          : t('intelligence.scoredAt', { at: formatTime(detail.scoredAt, i18n.language) })}
      </p>
      <div className="c360-axes">
        <div>
          <h3>{t('intelligence.fitTitle', { grade: detail.grade, points: detail.fitPoints })}</h3>
          <Lines lines={fit} empty={t('intelligence.noLines')} />
        </div>
        <div>
          <h3>{t('intelligence.engagementTitle', { score: detail.score })}</h3>
          <Lines lines={engagement} empty={t('intelligence.noLines')} />
        </div>
      </div>
      <h3>{t('intelligence.tags')}</h3>
      {detail.tags.length === 0 ? (
        <p className="hint">{t('intelligence.noTags')}</p>
      ) : (
        <ul className="c360-tags">
          {detail.tags.map((tag) => (
            <li key={tag.tag}>{tag.labels[lang]}</li>
          ))}
        </ul>
      )}
      {canTag && (
        <form className="c360-tag-form" onSubmit={(event) => void saveTags(event)}>
          <div className="field">
            <label htmlFor="c360-manual-tags">{t('intelligence.manualTags')}</label>
            <input
              id="c360-manual-tags"
              value={manual}
              onChange={(event) => setManual(event.target.value)}
              aria-describedby="c360-manual-tags-hint"
            />
            <span id="c360-manual-tags-hint" className="hint">
              {t('intelligence.manualTagsHint')}
            </span>
          </div>
          <button type="submit" disabled={busy}>
            {t('intelligence.saveTags')}
          </button>
          {failure && (
            <p className="field-error" role="alert">
              {failure}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
