import { neutralizeCell, type LeadTable } from '../export/lead-rows';
import { displayName } from '../person-ops';
import type { Person } from '../schemas';
import type { Draw } from './schema';

export interface WinnerTableInput {
  draw: Draw;
  /** People of the event; a winner not held (yet) keeps an empty row with their id. */
  people: readonly Person[];
  labels(key: string): string;
}

/** The winners list for staff (unmasked, unlike the projector), in pick order, every cell neutralized. */
export function buildWinnerTable({ draw, people, labels }: WinnerTableInput): LeadTable {
  const header = [
    labels('draw.columns.prize'),
    labels('fields.name'),
    labels('fields.phone'),
    labels('fields.email'),
    labels('fields.company'),
    labels('fields.title'),
    labels('draw.columns.drawnAt'),
  ];
  const audit = draw.audit;
  if (!audit) return { header, rows: [] };
  const byId = new Map(people.map((person) => [person.id, person]));
  const prizeName = new Map(draw.prizes.map((prize) => [prize.id, prize.name]));
  const drawnAt = new Date(audit.drawnAt).toISOString();
  const rows = audit.winners.map((winner) => {
    const person = byId.get(winner.personId);
    return [
      prizeName.get(winner.prizeId) ?? winner.prizeId,
      person ? displayName(person) : winner.personId,
      person?.phone ?? '',
      person?.email ?? '',
      person?.company ?? '',
      person?.title ?? '',
      drawnAt,
    ].map(neutralizeCell);
  });
  return { header, rows };
}
