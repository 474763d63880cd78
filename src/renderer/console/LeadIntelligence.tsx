import { useTranslation } from 'react-i18next';
import { isLanguage } from '../../shared/i18n';
import { explain, tagLabel, type ExplanationLine } from '../../shared/intelligence';
import type { BoothAssessment } from '../store/lead-assessment';
import './intelligence.css';

/** The engine formats its own lines and tags in both languages; it only needs to know which. */
export function useEngineLang(): 'zh-CN' | 'en' {
  const { i18n } = useTranslation();
  return isLanguage(i18n.language) ? i18n.language : 'zh-CN';
}

/** "A1 · 建议立即跟进": what staff act on, on the panel and on the lead's row alike. */
export function MqlFlag({ cell, testId }: { cell: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <strong className="mql-flag" data-testid={testId}>
      {t('intelligence.followUpNow', { cell })}
    </strong>
  );
}

function Lines({ lines, empty }: { lines: ExplanationLine[]; empty: string }) {
  if (lines.length === 0) return <p className="placeholder">{empty}</p>;
  return (
    <ul className="intel-lines">
      {lines.map((line, i) => (
        <li key={i} className={line.points < 0 ? 'intel-minus' : undefined}>
          {line.label}
        </li>
      ))}
    </ul>
  );
}

function RulesSource({ revision }: { revision: number | null }) {
  const { t } = useTranslation();
  const text =
    revision === null
      ? t('intelligence.rulesDefault')
      : revision === 0
        ? t('intelligence.rulesPoolDefault')
        : t('intelligence.rulesPool', { revision });
  return <p className="intel-source">{text}</p>;
}

/** The open lead's grade × score card, computed on this device, online or not. */
export function LeadIntelligenceCard({ value }: { value: BoothAssessment }) {
  const { t } = useTranslation();
  const lang = useEngineLang();
  const { assessment, mql, revision } = value;
  const lines = explain(assessment, lang);
  const { grade, points } = assessment.fit;
  const { score } = assessment.engagement;
  return (
    <section
      className={`card intelligence${mql ? ' intelligence-mql' : ''}`}
      aria-label={t('intelligence.title')}
    >
      <div className="card-head">
        <h2>{t('intelligence.title')}</h2>
        <span className={`cell-badge grade-${grade}`} data-testid="intelligence.cell">
          {assessment.cell}
        </span>
      </div>
      {mql ? (
        <div className="mql-banner">
          <MqlFlag cell={assessment.cell} testId="intelligence.mql" />
          <span>{t('intelligence.followUpHint')}</span>
        </div>
      ) : null}
      <dl className="intel-summary">
        <div>
          <dt>{t('intelligence.grade')}</dt>
          <dd data-testid="intelligence.grade">{grade}</dd>
        </div>
        <div>
          <dt>{t('intelligence.fitPoints')}</dt>
          <dd data-testid="intelligence.fit">{points}</dd>
        </div>
        <div>
          <dt>{t('intelligence.score')}</dt>
          <dd data-testid="intelligence.score">{score}</dd>
        </div>
      </dl>
      <div className="intel-axes">
        <section aria-label={t('intelligence.fitTitle', { grade, points })}>
          <h3>{t('intelligence.fitTitle', { grade, points })}</h3>
          <Lines
            lines={lines.filter((line) => line.axis === 'fit')}
            empty={t('intelligence.noFitLines')}
          />
        </section>
        <section aria-label={t('intelligence.engagementTitle', { score })}>
          <h3>{t('intelligence.engagementTitle', { score })}</h3>
          <Lines
            lines={lines.filter((line) => line.axis === 'engagement')}
            empty={t('intelligence.noEngagementLines')}
          />
        </section>
      </div>
      {assessment.tags.length > 0 ? (
        <ul className="intel-tags" aria-label={t('intelligence.tags')}>
          {assessment.tags.map((tag) => (
            <li key={tag} className="intel-tag">
              {tagLabel(tag, lang)}
            </li>
          ))}
        </ul>
      ) : null}
      <RulesSource revision={revision} />
    </section>
  );
}
