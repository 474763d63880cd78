import { describe, expect, it } from 'vitest';
import { CRM_TEMPLATES, CrmMappingBodySchema } from '../../../shared/api/crm-mappings';
import { bodyOf, draftColumn, draftErrors, draftOf, hasErrors, moved } from './draft';

describe('CRM mapping drafts', () => {
  it('turns every template into a body the pool accepts', () => {
    for (const columns of Object.values(CRM_TEMPLATES)) {
      const body = bodyOf(draftOf(null, 'CRM', columns));
      expect(CrmMappingBodySchema.safeParse(body).success).toBe(true);
      expect(body.columns).toEqual(columns);
      expect(hasErrors(draftErrors(draftOf(null, 'CRM', columns)))).toBe(false);
    }
  });

  it('finds what the pool would refuse: no name, blank and duplicate headers, no columns', () => {
    const draft = draftOf(null, ' ', [
      { header: 'Email', field: 'email' },
      { header: ' email ', field: 'name' },
      { header: '', constant: 'x' },
    ]);
    const errors = draftErrors(draft);
    expect(errors.name).toBe('name');
    const [, second, third] = draft.columns;
    expect(errors.headers).toEqual({ [second!.key]: 'duplicate', [third!.key]: 'header' });
    expect(draftErrors({ ...draft, name: 'x', columns: [] }).columns).toBe('columns');
    // Everything the check lets through, the schema accepts too.
    const fixed = { ...draft, name: 'CRM', columns: [draft.columns[0]!, draftColumn()] };
    fixed.columns[1]!.header = 'Name';
    expect(hasErrors(draftErrors(fixed))).toBe(false);
    expect(CrmMappingBodySchema.safeParse(bodyOf(fixed)).success).toBe(true);
  });

  it('moves a column up and down and not past either end', () => {
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 3)).toEqual(['a', 'b', 'c']);
  });
});
