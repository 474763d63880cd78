import type {
  CrmColumn,
  CrmField,
  CrmMapping,
  CrmMappingBody,
} from '../../../shared/api/crm-mappings';

/** A column being edited: its source is a field or fixed text; `key` keeps React rows stable. */
export interface DraftColumn {
  key: number;
  header: string;
  source: CrmField | 'constant';
  constant: string;
}

export interface MappingDraft {
  id: string | null;
  name: string;
  columns: DraftColumn[];
}

let nextKey = 0;
export const draftColumn = (column?: CrmColumn): DraftColumn => ({
  key: nextKey++,
  header: column?.header ?? '',
  source: column === undefined ? 'name' : 'field' in column ? column.field : 'constant',
  constant: column !== undefined && 'constant' in column ? column.constant : '',
});

export const draftOf = (
  id: string | null,
  name: string,
  columns: readonly CrmColumn[],
): MappingDraft => ({ id, name, columns: columns.map(draftColumn) });

export const draftOfMapping = (mapping: CrmMapping) =>
  draftOf(mapping.id, mapping.name, mapping.columns);

export function bodyOf(draft: MappingDraft): CrmMappingBody {
  return {
    name: draft.name.trim(),
    columns: draft.columns.map((column) =>
      column.source === 'constant'
        ? { header: column.header.trim(), constant: column.constant.trim() }
        : { header: column.header.trim(), field: column.source },
    ),
  };
}

/** What the pool would refuse, said before asking it: i18n keys of crm's editor.errors. */
export interface DraftErrors {
  name?: 'name';
  columns?: 'columns';
  headers: Record<number, 'header' | 'duplicate'>;
}

export function draftErrors(draft: MappingDraft): DraftErrors {
  const errors: DraftErrors = { headers: {} };
  if (draft.name.trim() === '') errors.name = 'name';
  if (draft.columns.length === 0) errors.columns = 'columns';
  const seen = new Set<string>();
  for (const column of draft.columns) {
    const header = column.header.trim().toLowerCase();
    if (header === '') errors.headers[column.key] = 'header';
    else if (seen.has(header)) errors.headers[column.key] = 'duplicate';
    seen.add(header);
  }
  return errors;
}

export const hasErrors = (errors: DraftErrors) =>
  errors.name !== undefined ||
  errors.columns !== undefined ||
  Object.keys(errors.headers).length > 0;

export function moved<T>(items: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}
