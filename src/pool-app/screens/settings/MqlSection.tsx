import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import {
  GRADES,
  SCORED_FACT_TYPES,
  type Grade,
  type IntelligenceConfig,
  type MqlClause,
} from '../../../shared/intelligence';
import { NEXT_STEPS } from '../../../shared/schemas/qualification';
import { NumberField } from './NumberField';

interface SectionProps {
  config: IntelligenceConfig;
  onChange: (next: IntelligenceConfig) => void;
}

type Kind = MqlClause['kind'];
type ClauseOf<K extends Kind> = Extract<MqlClause, { kind: K }>;
const KINDS: readonly Kind[] = ['fitAndScore', 'fact', 'rating', 'nextStep'];
const RATINGS = ['hot', 'warm', 'cold'] as const;
const FRESH: { [K in Kind]: ClauseOf<K> } = {
  fitAndScore: { kind: 'fitAndScore', grade: 'B', minScore: 60 },
  fact: { kind: 'fact', types: ['demo_requested', 'trial_requested'] },
  rating: { kind: 'rating', ratings: ['hot'] },
  nextStep: { kind: 'nextStep', steps: ['demo', 'trial'] },
};

const toggled = <T,>(list: readonly T[], value: T, on: boolean): T[] =>
  on ? [...list, value] : list.filter((item) => item !== value);

/**
 * One clause of each kind, each switched on or off; a switched-off clause is remembered here, so
 * switching it back on brings back what was set. (A config with two clauses of one kind keeps the
 * second as it is: it is edited in the JSON box.)
 */
export function MqlSection({ config, onChange }: SectionProps) {
  const { t } = useTranslation('settings');
  const parked = useRef<Partial<Record<Kind, MqlClause>>>({});
  const clauses = config.mql.anyOf;
  const first = <K extends Kind>(kind: K) =>
    clauses.find((clause): clause is ClauseOf<K> => clause.kind === kind);
  const setClauses = (anyOf: MqlClause[]) =>
    onChange({ ...config, mql: { anyOf: anyOf as IntelligenceConfig['mql']['anyOf'] } });
  const replace = (next: MqlClause) => {
    const at = clauses.findIndex((clause) => clause.kind === next.kind);
    setClauses(clauses.map((clause, i) => (i === at ? next : clause)));
  };
  const enable = (kind: Kind, on: boolean) => {
    if (on) {
      setClauses([...clauses, parked.current[kind] ?? FRESH[kind]]);
    } else {
      parked.current[kind] = first(kind);
      setClauses(clauses.filter((clause) => clause.kind !== kind));
    }
  };

  const body = (kind: Kind) => {
    switch (kind) {
      case 'fitAndScore': {
        const clause = first('fitAndScore')!;
        return (
          <div className="settings-row">
            <label className="field">
              <span>{t('mql.grade')}</span>
              <select
                value={clause.grade}
                onChange={(e) => replace({ ...clause, grade: e.target.value as Grade })}
              >
                {GRADES.map((grade) => (
                  <option key={grade} value={grade}>
                    {grade}
                  </option>
                ))}
              </select>
            </label>
            <NumberField
              visibleLabel
              label={t('mql.minScore')}
              value={clause.minScore}
              onChange={(n) => replace({ ...clause, minScore: n ?? 0 })}
            />
          </div>
        );
      }
      case 'fact': {
        const clause = first('fact')!;
        return (
          <div className="settings-checks">
            {SCORED_FACT_TYPES.map((type) => (
              <label key={type}>
                <input
                  type="checkbox"
                  checked={clause.types.includes(type)}
                  onChange={(e) => {
                    const types = toggled(clause.types, type, e.target.checked);
                    if (types.length > 0)
                      replace({ ...clause, types: types as typeof clause.types });
                  }}
                />
                {t(`facts.${type}`, { defaultValue: type })}
              </label>
            ))}
          </div>
        );
      }
      case 'rating': {
        const clause = first('rating')!;
        return (
          <div className="settings-checks">
            {RATINGS.map((rating) => (
              <label key={rating}>
                <input
                  type="checkbox"
                  checked={clause.ratings.includes(rating)}
                  onChange={(e) => {
                    const ratings = toggled(clause.ratings, rating, e.target.checked);
                    if (ratings.length > 0) {
                      replace({ ...clause, ratings: ratings as typeof clause.ratings });
                    }
                  }}
                />
                {t(`mql.ratings.${rating}`)}
              </label>
            ))}
          </div>
        );
      }
      case 'nextStep': {
        const clause = first('nextStep')!;
        return (
          <div className="settings-checks">
            {NEXT_STEPS.map((step) => (
              <label key={step}>
                <input
                  type="checkbox"
                  checked={clause.steps.includes(step)}
                  onChange={(e) => {
                    const steps = toggled(clause.steps, step, e.target.checked);
                    if (steps.length > 0)
                      replace({ ...clause, steps: steps as typeof clause.steps });
                  }}
                />
                {t(`mql.steps.${step}`)}
              </label>
            ))}
          </div>
        );
      }
    }
  };

  return (
    <section className="panel settings-section" aria-labelledby="mql-title">
      <h2 id="mql-title">{t('mql.title')}</h2>
      <p className="hint">{t('mql.hint')}</p>
      {KINDS.map((kind) => {
        const on = first(kind) !== undefined;
        return (
          <fieldset key={kind} className="settings-clause">
            <legend>
              <label>
                <input
                  type="checkbox"
                  checked={on}
                  aria-label={`${t('mql.enabled')}: ${t(`mql.${kind}`)}`}
                  onChange={(e) => enable(kind, e.target.checked)}
                />
                {t(`mql.${kind}`)}
              </label>
            </legend>
            {on && body(kind)}
          </fieldset>
        );
      })}
      {clauses.length === 0 && (
        <p className="field-error" role="alert">
          {t('mql.none')}
        </p>
      )}
    </section>
  );
}
