import type {
  Customer360Response,
  CustomerDetailResponse,
  FieldProvenance,
} from '../../shared/api';
import { PROFILE_FIELDS, type Person, type Provenance } from '../../shared/schemas';
import type { SqlExecutor } from '../db/sql';

const sameProvenance = (a: Provenance | undefined, b: Provenance | undefined) =>
  a !== undefined &&
  b !== undefined &&
  a.source === b.source &&
  a.deviceId === b.deviceId &&
  a.at === b.at;

/**
 * The 360's provenance: for each filled field of the merged profile, the source, device and time
 * the fold kept (identity.ts writes the folded provenance into the profile), and the event of the
 * person that carried the winning value. Device ids are named from the devices table.
 */
export async function withProvenance(
  tx: SqlExecutor,
  detail: CustomerDetailResponse,
): Promise<Customer360Response> {
  const profile = detail.customer.profile as Partial<Person>;
  const folded = profile.provenance ?? {};
  const provenance: FieldProvenance[] = [];
  for (const field of PROFILE_FIELDS) {
    const value = profile[field];
    if (typeof value !== 'string' || value === '') continue;
    const kept = folded[field];
    const carrier =
      detail.people.find((p) => p[field] === value && sameProvenance(p.provenance[field], kept)) ??
      detail.people.find((p) => p[field] === value);
    provenance.push({
      field,
      value,
      source: kept?.source ?? null,
      deviceId: kept?.deviceId ?? '',
      deviceName: null,
      at: kept?.at ?? null,
      eventId: carrier?.eventId ?? null,
    });
  }
  const deviceIds = [
    ...new Set(
      [...provenance.map((p) => p.deviceId), ...detail.interactions.map((f) => f.deviceId)].filter(
        (id) => id !== '',
      ),
    ),
  ];
  const rows = await tx.query<{ id: string; name: string }>(
    'select id, name from devices where id = any($1::text[])',
    [deviceIds],
  );
  const devices = Object.fromEntries(rows.map((row) => [row.id, row.name]));
  for (const entry of provenance) entry.deviceName = devices[entry.deviceId] ?? null;
  return { ...detail, provenance, devices };
}
