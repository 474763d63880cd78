import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonMatch } from '../../shared/person-match';
import { profileOf, type FieldErrors } from '../../shared/person-ops';
import {
  EMPTY_PERSON_INPUT,
  PROFILE_FIELDS,
  type LeadEvent,
  type Person,
  type PersonInput,
  type PersonProfile,
} from '../../shared/schemas';
import { useServices } from '../app/services';
import { FormActions } from '../components/FormActions';
import { LazyPiece, retryableLazy } from '../components/LazyPiece';
import { PersonFields } from '../components/PersonFields';
import { useLeadAssessment } from '../hooks/use-lead-assessment';
import { useObservable } from '../hooks/use-rx';
import { saveNewLead, updatePerson, type StaffResolution } from '../store/leads';
import { DuplicatesCard } from './DuplicatesCard';
import { LeadIntelligenceCard, MqlFlag } from './LeadIntelligence';
import { MatchDialog } from './MatchDialog';
import { QualificationPanel } from './QualificationPanel';
import { Timeline } from './Timeline';
import { WhitePapersPanel } from './WhitePapers';
import { leadName } from './lead-name';
import { useSyncStatus } from '../sync/use-sync-status';
import { formatPhoneForReading } from '../../shared/identity';

// Ticket signing and QR drawing load with the first person opened, not at start-up.
const ticketCard = retryableLazy(() => import('./TicketCard').then((m) => m.TicketCard));

interface PersonPanelProps {
  event: LeadEvent;
  /** null: a new lead typed by staff. */
  personId: string | null;
  onSaved(id: string): void;
  onClose(): void;
}

export function PersonPanel({ event, personId, onSaved, onClose }: PersonPanelProps) {
  const { t, i18n } = useTranslation();
  const { db, capture } = useServices();
  const doc = useObservable(() => db.people.findOne(personId ?? '__new__').$, null, [db, personId]);
  const person = doc ? (doc.toJSON() as Person) : null;
  const assessment = useLeadAssessment(personId ?? '__new__');
  const sync = useSyncStatus();
  const [input, setInput] = useState<PersonInput>(EMPTY_PERSON_INPUT);
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState('');
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  /** The stored values the form last took in: a field that differs from it was edited. */
  const [baseline, setBaseline] = useState<PersonInput>(EMPTY_PERSON_INPUT);
  const [matches, setMatches] = useState<{ matches: PersonMatch[]; typed: PersonProfile } | null>(
    null,
  );

  // Fill the form once per person; later live updates (sync merges, another window) refresh
  // only the fields staff have not touched, never what they are typing.
  useEffect(() => {
    if (!person) return;
    // The phone as people read it (138 0013 8000); saving parses it back to the same E.164.
    const profile = profileOf(person);
    const stored = { ...profile, phone: formatPhoneForReading(profile.phone) };
    if (loadedFor !== person.id) {
      setInput(stored);
      setBaseline(stored);
      setLoadedFor(person.id);
      return;
    }
    if (PROFILE_FIELDS.every((field) => stored[field] === baseline[field])) return;
    setInput((shown) => {
      const next = { ...shown };
      for (const field of PROFILE_FIELDS)
        if (shown[field] === baseline[field]) next[field] = stored[field];
      return next;
    });
    setBaseline(stored);
  }, [person, loadedFor, baseline]);

  /** A new lead whose keys are already known comes back as matches: staff choose first. */
  async function saveNew(resolution: StaffResolution) {
    const result = await saveNewLead(capture, event, input, consent, resolution);
    if (!result.ok) {
      setErrors(result.errors);
      setMatches(null);
      return;
    }
    setErrors({});
    if (result.value.kind === 'matches') {
      setMatches({ matches: result.value.matches, typed: result.value.profile });
      return;
    }
    setMatches(null);
    setStatus(t('person.saved'));
    onSaved(result.value.person.id);
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setStatus('');
    if (!personId) {
      await saveNew({ kind: 'ask' });
      return;
    }
    const result = await updatePerson(
      capture,
      event,
      personId,
      input,
      PROFILE_FIELDS.filter((field) => input[field] !== baseline[field]),
    );
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setStatus(t('person.saved'));
  }

  return (
    <div className="person-panel">
      <form
        className="card person-form"
        onSubmit={save}
        noValidate
        aria-label={personId ? t('person.editTitle') : t('person.newTitle')}
      >
        <div className="card-head">
          <div className="person-head-title">
            <h2>{person ? leadName(person, t) : t('person.newTitle')}</h2>
            {/* In the head, so it shows at once, however far down staff are qualifying. */}
            {person && assessment?.mql ? (
              <MqlFlag cell={assessment.assessment.cell} testId="person.mql" />
            ) : null}
          </div>
          <button type="button" className="link" onClick={onClose} aria-label={t('person.close')}>
            ×
          </button>
        </div>
        <div className="form-grid">
          <PersonFields
            fields={PROFILE_FIELDS}
            required={event.form.required}
            value={input}
            errors={errors}
            onChange={setInput}
          />
        </div>
        {personId === null ? (
          <label className="consent">
            <input
              type="checkbox"
              checked={consent}
              onChange={(e) => setConsent(e.target.checked)}
            />
            <span>{t('person.consentGiven', { version: event.consent.version || '—' })}</span>
          </label>
        ) : person ? (
          <p className={person.consent.granted ? 'consent-ok' : 'consent-missing'}>
            {person.consent.granted
              ? t('person.consentRecorded', {
                  version: person.consent.textVersion || '—',
                  at: new Date(person.consent.grantedAt).toLocaleString(i18n.language),
                })
              : t('person.consentMissing')}
          </p>
        ) : null}
        <FormActions status={status}>
          <button type="submit" className="primary">
            {t('person.save')}
          </button>
        </FormActions>
      </form>
      {matches ? (
        <MatchDialog
          matches={matches.matches}
          typed={matches.typed}
          onOpen={(id) => {
            setMatches(null);
            onSaved(id);
          }}
          onSeparate={() => void saveNew({ kind: 'separate' })}
          onMerge={(into, picks) => void saveNew({ kind: 'merge', into, picks })}
          onCancel={() => setMatches(null)}
        />
      ) : null}
      {person ? (
        <>
          <DuplicatesCard event={event} person={person} onOpen={onSaved} />
          {assessment ? <LeadIntelligenceCard value={assessment} /> : null}
          <QualificationPanel event={event} personId={person.id} />
          <LazyPiece piece={ticketCard}>
            <ticketCard.Component event={event} person={person} />
          </LazyPiece>
          <WhitePapersPanel event={event} person={person} poolMail={sync.poolMail} />
          <Timeline personId={person.id} />
        </>
      ) : null}
    </div>
  );
}
