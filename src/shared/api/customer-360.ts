import type { ProfileField, Source } from '../schemas';
import type { IdentityKey } from '../identity';
import type { CustomerDetailResponse } from './customers';

/**
 * Where one field of a customer's merged profile came from (DESIGN.md "Data model": per-field
 * provenance kept): the source, the booth device and the time of the value that won the
 * field-wise merge, and the event whose person carried it.
 */
export interface FieldProvenance {
  field: ProfileField;
  value: string;
  /** Null: the value has no recorded source (an old or hand-made document). */
  source: Source | null;
  deviceId: string;
  /** The enrolled device's name; null when the id is no enrolled device (imports, the pool). */
  deviceName: string | null;
  at: number | null;
  eventId: string | null;
}

/** `GET /customers/:id`: the detail, with provenance and the names of the devices it mentions. */
export interface Customer360Response extends CustomerDetailResponse {
  provenance: FieldProvenance[];
  /** Device id → name, for every device named by the provenance or this page of facts. */
  devices: Record<string, string>;
}

/** `POST /customers/:id/erase` (admins): the audit entry it wrote, which names nobody. */
export interface ErasureAudit {
  id: string;
  /** SHA-256 of the erased customer's id: checkable by whoever holds the id, names nobody. */
  reference: string;
  erasedBy: string;
  at: number;
  customers: number;
  people: number;
  documents: number;
}

export interface EraseResponse {
  erasure: ErasureAudit;
}

/** `GET /customers/merges` as the 360 reads it (services/merges.ts answers these fields). */
export interface MergeListItem {
  id: string;
  survivorId: string;
  mergedId: string;
  at: number;
  undoneAt: number | null;
  keys: IdentityKey[];
}

export interface MergeListResponse {
  merges: MergeListItem[];
  nextBefore: string | null;
}
