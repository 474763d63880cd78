import { z } from 'zod';
import {
  AssetSchema,
  EventSchema,
  InteractionSchema,
  PersonSchema,
  QualificationSchema,
} from './schemas';
import { DrawSchema } from './draws/schema';

/**
 * The local store's collections, derived from the zod schemas so the RxDB schema, the pool's
 * validation and the forms can never disagree. Shared stays free of rxdb: this is plain JSON
 * Schema that the renderer hands to RxDB.
 */
export interface CollectionSpec<S extends z.ZodObject = z.ZodObject> {
  schema: S;
  /** Bump on any shape change and add a migration step for the new version. */
  version: number;
  primaryKey: string | { key: string; fields: string[]; separator: string };
  indexes: (string | string[])[];
}

export const COLLECTIONS = {
  events: { schema: EventSchema, version: 1, primaryKey: 'id', indexes: ['updatedAt'] },
  people: {
    schema: PersonSchema,
    // v1: index on badge code, so a re-scanned badge finds its person.
    version: 1,
    primaryKey: 'id',
    indexes: [
      'updatedAt',
      ['eventId', 'updatedAt'],
      ['eventId', 'phone'],
      ['eventId', 'email'],
      ['eventId', 'badgeCode'],
    ],
  },
  interactions: {
    schema: InteractionSchema,
    version: 0,
    primaryKey: 'id',
    indexes: ['updatedAt', ['eventId', 'occurredAt'], ['personId', 'occurredAt']],
  },
  qualifications: {
    schema: QualificationSchema,
    version: 0,
    primaryKey: { key: 'id', fields: ['eventId', 'personId'], separator: '|' },
    indexes: ['updatedAt', ['eventId', 'updatedAt']],
  },
  // White papers: metadata only (the file stays in the pool); written by the pool, pool wins.
  assets: {
    schema: AssetSchema,
    version: 0,
    primaryKey: 'id',
    indexes: ['updatedAt', ['eventId', 'updatedAt']],
  },
  // Lucky draws: owned by the device that created them (DESIGN.md "Lucky draws").
  draws: {
    schema: DrawSchema,
    version: 0,
    primaryKey: 'id',
    indexes: ['updatedAt', ['eventId', 'updatedAt']],
  },
} satisfies Record<string, CollectionSpec>;

export type CollectionName = keyof typeof COLLECTIONS;

type JsonSchemaNode = Record<string, unknown> & { properties?: Record<string, JsonSchemaNode> };

export interface StoreJsonSchema {
  version: number;
  primaryKey: CollectionSpec['primaryKey'];
  type: 'object';
  properties: Record<string, JsonSchemaNode>;
  required: string[];
  indexes: (string | string[])[];
  additionalProperties?: boolean;
}

/** Builds the RxDB JSON schema of a collection from its zod schema. */
export function toStoreJsonSchema(spec: CollectionSpec): StoreJsonSchema {
  const json = z.toJSONSchema(spec.schema, {
    io: 'output',
    unrepresentable: 'throw',
  }) as JsonSchemaNode;
  const properties = json.properties ?? {};
  const required = (json.required as string[] | undefined) ?? [];
  for (const field of new Set(spec.indexes.flat())) {
    const property = properties[field];
    if (!property) throw new Error(`index on unknown field ${field}`);
    if (!required.includes(field)) throw new Error(`indexed field ${field} must be required`);
    if (property.type === 'string' && typeof property.maxLength !== 'number') {
      throw new Error(`indexed string ${field} needs a max length`);
    }
    if (property.type === 'integer' || property.type === 'number') {
      if (typeof property.minimum !== 'number' || typeof property.maximum !== 'number') {
        throw new Error(`indexed number ${field} needs a range`);
      }
      properties[field] = { ...property, type: 'number', multipleOf: 1 };
    }
  }
  const { $schema: _ignored, ...rest } = json;
  return {
    ...(rest as Omit<StoreJsonSchema, 'version' | 'primaryKey' | 'indexes'>),
    type: 'object',
    properties,
    required,
    version: spec.version,
    primaryKey: spec.primaryKey,
    indexes: spec.indexes,
  };
}
