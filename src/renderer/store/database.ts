import {
  addRxPlugin,
  createRxDatabase,
  type MigrationStrategies,
  type RxCollection,
  type RxDatabase,
  type RxJsonSchema,
  type RxStorage,
} from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import {
  COLLECTIONS,
  toStoreJsonSchema,
  type CollectionName,
  type CollectionSpec,
} from '../../shared/collections';
import type { Asset, Interaction, LeadEvent, Person, Qualification } from '../../shared/schemas';
import type { Draw } from '../../shared/draws/schema';
import { CONFLICT_HANDLERS } from '../sync/conflict-handlers';

addRxPlugin(RxDBMigrationSchemaPlugin);
addRxPlugin(RxDBLocalDocumentsPlugin);

export type LeadCollections = {
  events: RxCollection<LeadEvent>;
  people: RxCollection<Person>;
  interactions: RxCollection<Interaction>;
  qualifications: RxCollection<Qualification>;
  assets: RxCollection<Asset>;
  draws: RxCollection<Draw>;
};
export type LeadDatabase = RxDatabase<LeadCollections>;

/**
 * Migration steps per collection: `MIGRATIONS.people[1]` turns a version-0 document into version 1.
 * Bump the collection's `version` in shared/collections.ts and add the step here, in one change.
 */
export const MIGRATIONS: Record<CollectionName, MigrationStrategies> = {
  // v1: consent texts per language; an event stored before has none besides its main text.
  events: { 1: (doc: unknown) => withConsentTranslations(doc) },
  // v1 only added an index; documents are unchanged.
  people: { 1: (doc: unknown) => doc },
  interactions: {},
  qualifications: {},
  assets: {},
  draws: {},
};

function withConsentTranslations(doc: unknown): unknown {
  const event = doc as { consent?: { translations?: unknown } };
  if (!event.consent || Array.isArray(event.consent.translations)) return doc;
  return { ...event, consent: { ...event.consent, translations: [] } };
}

export interface OpenDatabaseOptions {
  name: string;
  /** Defaults to IndexedDB through Dexie with strict durability. */
  storage?: RxStorage<unknown, unknown>;
  /** Tests pass a later schema version and its migration steps here. */
  collections?: Record<CollectionName, CollectionSpec>;
  migrations?: Record<CollectionName, MigrationStrategies>;
}

/**
 * IndexedDB commits may be "relaxed" (acknowledged before reaching disk) in Chromium; the booth
 * acknowledges a registration to a person standing there, so commits must be strict.
 */
export function durableStorage(): RxStorage<unknown, unknown> {
  return getRxStorageDexie({ chromeTransactionDurability: 'strict' }) as RxStorage<
    unknown,
    unknown
  >;
}

export async function openLeadDatabase(options: OpenDatabaseOptions): Promise<LeadDatabase> {
  const db = await createRxDatabase<LeadCollections>({
    name: options.name,
    storage: options.storage ?? durableStorage(),
    multiInstance: true,
    localDocuments: true,
    // Several tabs/windows (staff console + kiosk) share one store.
    ignoreDuplicate: false,
  });
  const specs = options.collections ?? COLLECTIONS;
  const migrations = options.migrations ?? MIGRATIONS;
  const names = Object.keys(specs) as CollectionName[];
  await db.addCollections(
    Object.fromEntries(
      names.map((name) => [
        name,
        {
          schema: toStoreJsonSchema(specs[name]) as RxJsonSchema<unknown>,
          migrationStrategies: migrations[name],
          localDocuments: true,
          // How a push conflict with the pool is merged (DESIGN.md "Data model").
          conflictHandler: CONFLICT_HANDLERS[name],
        },
      ]),
    ),
  );
  return db;
}
