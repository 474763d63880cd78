import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { displayName, profileOf } from '../../shared/person-ops';
import type { LeadEvent, Person, PersonProfile } from '../../shared/schemas';
import { useServices } from '../app/services';
import { ModalForm } from '../components/ModalForm';
import { useObservable } from '../hooks/use-rx';
import { dismissDuplicate, loadOpenDuplicates, mergeDuplicate } from '../store/duplicates';
import { FieldPicker, type FieldPicks } from './FieldPicker';
import { useKeyList } from './MatchDialog';

type Open = Awaited<ReturnType<typeof loadOpenDuplicates>>[number];

interface DuplicatesCardProps {
  event: LeadEvent;
  person: Person;
  onOpen(personId: string): void;
}

/**
 * "可能重复" on the person panel: leads a kiosk, phone or badge registration kept apart because
 * the keys matched but the names (or other keys) did not. Staff merge them or dismiss the pair.
 */
export function DuplicatesCard({ event, person, onOpen }: DuplicatesCardProps) {
  const { t } = useTranslation();
  const { db, capture } = useServices();
  const keyList = useKeyList();
  const facts = useObservable(
    () =>
      db.interactions.find({
        selector: {
          personId: person.id,
          type: { $in: ['duplicate_suspected', 'duplicate_resolved'] },
        },
      }).$,
    [],
    [db, person.id],
  );
  const [open, setOpen] = useState<Open[]>([]);
  const [merging, setMerging] = useState<Open | null>(null);

  useEffect(() => {
    let current = true;
    void loadOpenDuplicates(db, person.id).then((found) => {
      if (current) setOpen(found);
    });
    return () => {
      current = false;
    };
  }, [db, person.id, person.updatedAt, facts]);

  if (open.length === 0) return null;
  return (
    <section className="card duplicates-card" aria-label={t('duplicates.title')}>
      <h2>{t('duplicates.title')}</h2>
      <p>{t('duplicates.intro')}</p>
      <ul>
        {open.map((link) => (
          <li key={link.otherPersonId} className="match-item">
            <div className="match-who">
              <button type="button" className="link" onClick={() => onOpen(link.other.id)}>
                {displayName(link.other)}
              </button>
              {link.other.company ? <span>{link.other.company}</span> : null}
              <span className="match-keys">
                {t('match.sameKeys', { keys: keyList(link.keys) })}
              </span>
            </div>
            <div className="match-actions">
              <button type="button" onClick={() => setMerging(link)}>
                {t('duplicates.compare')}
              </button>
              <button
                type="button"
                onClick={() => void dismissDuplicate(capture, event, person.id, link.other.id)}
              >
                {t('duplicates.dismiss')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {merging ? (
        <MergeDuplicateDialog
          event={event}
          a={person}
          b={merging.other}
          onDone={(keptId) => {
            setMerging(null);
            if (keptId !== person.id) onOpen(keptId);
          }}
          onCancel={() => setMerging(null)}
        />
      ) : null}
    </section>
  );
}

interface MergeDuplicateDialogProps {
  event: LeadEvent;
  a: Person;
  b: Person;
  onDone(keptId: string): void;
  onCancel(): void;
}

/** Field by field, the older lead kept: it was captured first, so others may already refer to it. */
function MergeDuplicateDialog({ event, a, b, onDone, onCancel }: MergeDuplicateDialogProps) {
  const { t } = useTranslation();
  const { capture } = useServices();
  const [keep, absorb] = a.createdAt <= b.createdAt ? [a, b] : [b, a];
  const [picks, setPicks] = useState<FieldPicks>({});
  const names = { keep: displayName(keep), other: displayName(absorb) };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const merged = await mergeDuplicate(capture, event, keep.id, absorb.id, picks);
    if (merged) onDone(merged.id);
  }

  return (
    <ModalForm label={t('duplicates.mergeTitle', names)} className="match-dialog" onSubmit={submit}>
      <h2>{t('duplicates.mergeTitle', names)}</h2>
      <p>{t('duplicates.mergeIntro', names)}</p>
      <FieldPicker
        existing={keep}
        incoming={profileOf(absorb) as PersonProfile}
        picks={picks}
        onChange={setPicks}
        texts="duplicates"
      />
      <div className="actions">
        <button type="button" onClick={onCancel}>
          {t('duplicates.cancel')}
        </button>
        <button type="submit" className="primary">
          {t('duplicates.confirm')}
        </button>
      </div>
    </ModalForm>
  );
}
