import {
  CRM_MAPPINGS_MAX,
  CrmColumnSchema,
  type CrmColumn,
  type CrmMapping,
} from '../../shared/api';
import type { SqlExecutor } from '../db/sql';
import { conflict, notFound } from '../http-errors';

/**
 * Saved CRM export mappings (one per CRM a team imports into). The columns were checked by
 * CrmMappingBodySchema on the way in; they are parsed again on the way out, so a row changed by
 * hand in the database cannot make an export write what the schema would refuse.
 */

interface MappingRow {
  id: string;
  name: string;
  columns: unknown;
  created_by: string;
  created_at: number | string;
  updated_at: number | string;
}

function mappingOf(row: MappingRow): CrmMapping {
  return {
    id: row.id,
    name: row.name,
    columns: CrmColumnSchema.array().parse(row.columns),
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export async function listCrmMappings(db: SqlExecutor): Promise<CrmMapping[]> {
  const rows = await db.query<MappingRow>(
    'select * from crm_mappings order by lower(name), id limit $1',
    [CRM_MAPPINGS_MAX],
  );
  return rows.map(mappingOf);
}

export async function loadCrmMapping(db: SqlExecutor, id: string): Promise<CrmMapping> {
  const [row] = await db.query<MappingRow>('select * from crm_mappings where id = $1', [id]);
  if (!row) throw notFound(`no CRM mapping ${id}`);
  return mappingOf(row);
}

async function refuseTakenName(db: SqlExecutor, name: string, except: string | null) {
  const taken = await db.query(
    'select 1 from crm_mappings where lower(name) = lower($1) and id is distinct from $2',
    [name, except],
  );
  if (taken.length > 0) throw conflict(`a CRM mapping named ${name} exists`, 'mapping_name_taken');
}

export interface MappingInput {
  name: string;
  columns: CrmColumn[];
  now: number;
}

export async function createCrmMapping(
  db: SqlExecutor,
  input: MappingInput & { id: string; userId: string },
): Promise<CrmMapping> {
  await refuseTakenName(db, input.name, null);
  const [{ n } = { n: 0 }] = await db.query<{ n: number }>(
    'select count(*)::int as n from crm_mappings',
  );
  if (Number(n) >= CRM_MAPPINGS_MAX) {
    throw conflict(`at most ${CRM_MAPPINGS_MAX} CRM mappings`, 'too_many');
  }
  const [row] = await db.query<MappingRow>(
    `insert into crm_mappings (id, name, columns, created_by, created_at, updated_at)
     values ($1, $2, $3::jsonb, $4, $5, $5) returning *`,
    [input.id, input.name, JSON.stringify(input.columns), input.userId, input.now],
  );
  return mappingOf(row as MappingRow);
}

export async function updateCrmMapping(
  db: SqlExecutor,
  id: string,
  input: MappingInput,
): Promise<CrmMapping> {
  await loadCrmMapping(db, id);
  await refuseTakenName(db, input.name, id);
  const [row] = await db.query<MappingRow>(
    `update crm_mappings set name = $2, columns = $3::jsonb, updated_at = $4
      where id = $1 returning *`,
    [id, input.name, JSON.stringify(input.columns), input.now],
  );
  return mappingOf(row as MappingRow);
}

export async function deleteCrmMapping(db: SqlExecutor, id: string): Promise<void> {
  const deleted = await db.query('delete from crm_mappings where id = $1 returning id', [id]);
  if (deleted.length === 0) throw notFound(`no CRM mapping ${id}`);
}
