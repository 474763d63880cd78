import { useTranslation } from 'react-i18next';
import type { SalesReturn } from '../../../shared/api';
import { formatTime } from '../customer/format';
import './sales.css';

/** Why sales gave the lead back, said where marketing looks: the 360's summary. */
export function ReturnedNotice({ returned }: { returned: SalesReturn }) {
  const { t, i18n } = useTranslation('sales');
  const reason = t(`reasons.${returned.reason}`);
  return (
    <section className="panel c360-panel sales-returned" aria-labelledby="sales-returned-title">
      <h2 id="sales-returned-title">{t('returned.title')}</h2>
      <p>
        {t('returned.line', {
          who: returned.byName ?? t('returned.unknownUser'),
          at: formatTime(returned.at, i18n.language),
          reason,
        })}
      </p>
      {returned.note && <blockquote className="sales-returned-note">{returned.note}</blockquote>}
    </section>
  );
}
