import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COLLECTIONS, toStoreJsonSchema } from './collections';

describe('store schemas are derived from the zod schemas', () => {
  for (const [name, spec] of Object.entries(COLLECTIONS)) {
    it(`${name}: every zod field is in the store schema and required`, () => {
      const store = toStoreJsonSchema(spec);
      const zodFields = Object.keys(spec.schema.shape).sort();
      expect(Object.keys(store.properties).sort()).toEqual(zodFields);
      expect([...store.required].sort()).toEqual(zodFields);
      expect(store.version).toBe(spec.version);
    });

    it(`${name}: indexed fields are bounded as IndexedDB indexes require`, () => {
      const store = toStoreJsonSchema(spec);
      for (const field of new Set(spec.indexes.flat())) {
        const property = store.properties[field];
        if (property?.type === 'string') expect(property.maxLength).toBeTypeOf('number');
        else expect(property).toMatchObject({ type: 'number', multipleOf: 1 });
      }
    });
  }

  it('rejects an index on an optional field', () => {
    const schema = z.object({ id: z.string().max(10), maybe: z.string().max(5).optional() });
    expect(() =>
      toStoreJsonSchema({ schema, version: 0, primaryKey: 'id', indexes: ['maybe'] }),
    ).toThrow(/must be required/);
  });
});
