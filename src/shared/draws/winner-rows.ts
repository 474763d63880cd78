import { neutralizeCell, type LeadTable, type SheetStyle } from '../export/lead-rows';
import { formatPhoneForReading } from '../identity';
import { displayName } from '../person-ops';
import type { Person } from '../schemas';
import { localDateTime, utcOffsetLabel } from '../time/local-time';
import type { Draw } from './schema';

export interface WinnerTableInput {
  draw: Draw;
  /** People of the event; a winner not held (yet) keeps an empty row with their id. */
  people: readonly Person[];
  style: SheetStyle;
}

/** The winners list for staff (unmasked, unlike the projector), in pick order; CSV cells neutralized. */
export function buildWinnerTable({ draw, people, style }: WinnerTableInput): LeadTable {
  const { labels } = style;
  const cell = (value: string) => (style.target === 'csv' ? neutralizeCell(value) : value);
  const header = [
    labels('draw.columns.prize'),
    labels('fields.name'),
    labels('fields.phone'),
    labels('fields.email'),
    labels('fields.company'),
    labels('fields.title'),
    `${labels('draw.columns.drawnAt')} (${utcOffsetLabel(style.at, style.timeZone)})`,
  ].map(cell);
  const audit = draw.audit;
  if (!audit) return { header, rows: [] };
  const byId = new Map(people.map((person) => [person.id, person]));
  const prizeName = new Map(draw.prizes.map((prize) => [prize.id, prize.name]));
  const drawnAt = localDateTime(audit.drawnAt, style.timeZone);
  const rows = audit.winners.map((winner) => {
    const person = byId.get(winner.personId);
    return [
      prizeName.get(winner.prizeId) ?? winner.prizeId,
      person ? displayName(person) : winner.personId,
      formatPhoneForReading(person?.phone ?? '', style.target === 'csv' ? 'CN' : null),
      person?.email ?? '',
      person?.company ?? '',
      person?.title ?? '',
      drawnAt,
    ].map(cell);
  });
  return { header, rows };
}
