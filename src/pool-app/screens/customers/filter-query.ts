import { CUSTOMER_FILTER_KEYS } from '../../../shared/api/customer-filters';
import type { SegmentFilter } from '../../../shared/api/segments';

/**
 * The list's filters live in the hash query (`#/customers?grade=A&city=深圳`), so a filtered list
 * is a link. `segment` names the saved segment the filters came from, until they change.
 */
export const SEGMENT_PARAM = 'segment';

const FILTER_KEYS: readonly string[] = CUSTOMER_FILTER_KEYS;

/** Only the filter keys, in a stable order: the API query and the reload key of the list. */
export function filterParams(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    for (const value of params.getAll(key)) if (value.trim() !== '') out.append(key, value);
  }
  return out;
}

/** The hash query as a segment's stored filter (repeated keys as lists). */
export function segmentFilterOf(params: URLSearchParams): SegmentFilter {
  const filter: SegmentFilter = {};
  for (const key of FILTER_KEYS) {
    const values = params.getAll(key).filter((v) => v.trim() !== '');
    if (values.length === 1) filter[key] = values[0] as string;
    else if (values.length > 1) filter[key] = values;
  }
  return filter;
}

/** A segment's filter as the hash query that shows it. */
export function paramsOfSegment(id: string, filter: SegmentFilter): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    for (const item of Array.isArray(value) ? value : [value]) out.append(key, item);
  }
  out.set(SEGMENT_PARAM, id);
  return out;
}

/** The query with one filter changed (empty: removed); any change leaves the segment. */
export function withFilter(
  params: URLSearchParams,
  key: string,
  value: string | readonly string[],
): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete(key);
  next.delete(SEGMENT_PARAM);
  for (const item of typeof value === 'string' ? [value] : value)
    if (item.trim() !== '') next.append(key, item);
  return next;
}
