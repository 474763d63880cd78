import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  GRADES,
  tagLabel,
  type Grade,
  type IntelligenceConfig,
  type Lang,
  type RoutingRule,
} from '../../../shared/intelligence';
import { NumberField } from './NumberField';

interface SectionProps {
  config: IntelligenceConfig;
  onChange: (next: IntelligenceConfig) => void;
}

const splitList = (text: string) =>
  text
    .split(/[,，、]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** The rule list (first match wins), a simple "add rule" form, the default queue and the SLAs. */
export function RoutingSection({ config, onChange }: SectionProps) {
  const { t, i18n } = useTranslation('settings');
  const lang = i18n.language as Lang;
  const routing = config.routing;
  const set = (patch: Partial<IntelligenceConfig['routing']>) =>
    onChange({ ...config, routing: { ...routing, ...patch } });

  const describeWhen = (rule: RoutingRule) => {
    const parts = [
      ...rule.when.regions.map((r) => tagLabel(`region:${r}`, lang)),
      ...rule.when.provinces,
      ...rule.when.industries,
      ...rule.when.interests,
      ...rule.when.sizes.map((s) => tagLabel(`size:${s}`, lang)),
      ...rule.when.grades.map((g) => `${g}`),
    ];
    return parts.length === 0 ? t('routing.any') : parts.join(' · ');
  };
  const describeAssign = (rule: RoutingRule) =>
    rule.assign.kind === 'owner'
      ? rule.assign.owner
      : t('routing.team', {
          members: rule.assign.members.join('、'),
          strategy: t(`routing.strategies.${rule.assign.strategy}`),
        });

  return (
    <section className="panel settings-section" aria-labelledby="routing-title">
      <h2 id="routing-title">{t('routing.title')}</h2>
      <p className="hint">{t('routing.hint')}</p>
      <h3>{t('routing.rules')}</h3>
      {routing.rules.length === 0 ? (
        <p className="hint">{t('routing.noRules')}</p>
      ) : (
        <table className="data settings-table">
          <thead>
            <tr>
              <th scope="col">{t('routing.name')}</th>
              <th scope="col">{t('routing.when')}</th>
              <th scope="col">{t('routing.assign')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('routing.remove', { name: '' })}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {routing.rules.map((rule) => (
              <tr key={rule.id}>
                <th scope="row">{rule.name}</th>
                <td>{describeWhen(rule)}</td>
                <td>{describeAssign(rule)}</td>
                <td>
                  <button
                    type="button"
                    className="danger"
                    aria-label={t('routing.remove', { name: rule.name })}
                    onClick={() => set({ rules: routing.rules.filter((r) => r.id !== rule.id) })}
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewRule onAdd={(rule) => set({ rules: [...routing.rules, rule] })} />
      <div className="settings-row">
        <label className="field">
          <span>{t('routing.defaultQueue')}</span>
          <input
            value={routing.defaultQueue}
            maxLength={100}
            onChange={(e) => set({ defaultQueue: e.target.value })}
          />
        </label>
      </div>
      <fieldset className="settings-row">
        <legend>{t('routing.sla')}</legend>
        {GRADES.map((grade) => (
          <NumberField
            key={grade}
            visibleLabel
            label={t('routing.slaOf', { grade })}
            value={routing.slaHours[grade]}
            nullable
            integer={false}
            min={0}
            onChange={(n) => set({ slaHours: { ...routing.slaHours, [grade]: n } })}
          />
        ))}
      </fieldset>
    </section>
  );
}

function NewRule({ onAdd }: { onAdd: (rule: RoutingRule) => void }) {
  const { t } = useTranslation('settings');
  const [name, setName] = useState('');
  const [provinces, setProvinces] = useState('');
  const [grades, setGrades] = useState<Grade[]>([]);
  const [owner, setOwner] = useState('');
  const [error, setError] = useState(false);
  const add = () => {
    if (name.trim() === '' || owner.trim() === '') {
      setError(true);
      return;
    }
    onAdd({
      id: `rule-${Date.now().toString(36)}`,
      name: name.trim(),
      when: {
        regions: [],
        provinces: splitList(provinces),
        industries: [],
        interests: [],
        sizes: [],
        grades,
      },
      assign: { kind: 'owner', owner: owner.trim() },
    });
    setName('');
    setProvinces('');
    setGrades([]);
    setOwner('');
    setError(false);
  };
  return (
    <fieldset className="settings-new-rule">
      <legend>{t('routing.addTitle')}</legend>
      <div className="settings-row">
        <label className="field">
          <span>{t('routing.name')}</span>
          <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('routing.provinces')}</span>
          <input value={provinces} onChange={(e) => setProvinces(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('routing.owner')}</span>
          <input value={owner} maxLength={64} onChange={(e) => setOwner(e.target.value)} />
        </label>
      </div>
      <div className="settings-checks" role="group" aria-label={t('routing.grades')}>
        <span>{t('routing.grades')}</span>
        {GRADES.map((grade) => (
          <label key={grade}>
            <input
              type="checkbox"
              checked={grades.includes(grade)}
              onChange={(e) =>
                setGrades(e.target.checked ? [...grades, grade] : grades.filter((g) => g !== grade))
              }
            />
            {grade}
          </label>
        ))}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {t('routing.ruleNameRequired')}
        </p>
      )}
      <button type="button" onClick={add}>
        {t('routing.add')}
      </button>
    </fieldset>
  );
}
