import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MatchKey, PersonMatch } from '../../shared/person-match';
import { displayName } from '../../shared/person-ops';
import type { PersonProfile } from '../../shared/schemas';
import { ModalForm } from '../components/ModalForm';
import { FieldPicker, type FieldPicks } from './FieldPicker';

interface MatchDialogProps {
  matches: PersonMatch[];
  typed: PersonProfile;
  onOpen(personId: string): void;
  onSeparate(): void;
  onMerge(into: string, picks: FieldPicks): void;
  onCancel(): void;
}

/** The matching keys as words of the UI language ("手机、邮箱"). */
export function useKeyList(): (keys: readonly MatchKey[]) => string {
  const { t } = useTranslation();
  return (keys) => keys.map((key) => t(`match.keys.${key}`)).join(t('match.keySeparator'));
}

/**
 * The staff form's question when a new lead's phone, email or WeChat id is already known:
 * nothing is saved until staff open the existing lead, save a different person, or merge field
 * by field into one of the matches.
 */
export function MatchDialog({
  matches,
  typed,
  onOpen,
  onSeparate,
  onMerge,
  onCancel,
}: MatchDialogProps) {
  const { t } = useTranslation();
  const keyList = useKeyList();
  const [mergeInto, setMergeInto] = useState<PersonMatch | null>(null);
  const [picks, setPicks] = useState<FieldPicks>({});
  const allKeys = [...new Set(matches.flatMap((m) => m.keys))];

  if (mergeInto) {
    const name = displayName(mergeInto.person);
    const submit = (e: FormEvent) => {
      e.preventDefault();
      onMerge(mergeInto.person.id, picks);
    };
    return (
      <ModalForm label={t('match.mergeTitle', { name })} className="match-dialog" onSubmit={submit}>
        <h2>{t('match.mergeTitle', { name })}</h2>
        <p>{t('match.mergeIntro')}</p>
        <FieldPicker
          existing={mergeInto.person}
          incoming={typed}
          picks={picks}
          onChange={setPicks}
          texts="match"
        />
        <div className="actions">
          <button type="button" onClick={() => setMergeInto(null)}>
            {t('match.back')}
          </button>
          <button type="submit" className="primary" autoFocus>
            {t('match.confirmMerge')}
          </button>
        </div>
      </ModalForm>
    );
  }

  return (
    <ModalForm
      label={t('match.title')}
      className="match-dialog"
      onSubmit={(e) => {
        e.preventDefault();
        onSeparate();
      }}
    >
      <h2>{t('match.title')}</h2>
      <p>{t('match.intro', { keys: keyList(allKeys) })}</p>
      <ul className="match-list" aria-label={t('match.list')}>
        {matches.map((match, index) => (
          <li key={match.person.id} className="match-item">
            <div className="match-who">
              <strong>{displayName(match.person)}</strong>
              {match.person.company ? <span>{match.person.company}</span> : null}
              <span className="match-keys">
                {t('match.sameKeys', { keys: keyList(match.keys) })}
                {' · '}
                {match.keys.map((key) => match.person[key]).join(' · ')}
              </span>
            </div>
            <div className="match-actions">
              {/* Staff pressed save behind this dialog: the keyboard lands on the question. */}
              <button type="button" autoFocus={index === 0} onClick={() => onOpen(match.person.id)}>
                {t('match.open')}
              </button>
              <button type="button" onClick={() => setMergeInto(match)}>
                {t('match.mergeInto')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" onClick={onCancel}>
          {t('match.back')}
        </button>
        <button type="submit" className="primary">
          {t('match.separate')}
        </button>
      </div>
    </ModalForm>
  );
}
