import { describe, expect, it } from 'vitest';
import type { MessageTree } from '../shared/i18n/pool/catalog';
import { poolResources } from './i18n';

function leaves(node: MessageTree | string, prefix = ''): [string, string][] {
  if (typeof node === 'string') return [[prefix, node]];
  return Object.entries(node).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

const variables = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();

describe('pool-app catalogs (every src/shared/i18n/pool/<area>.ts, as the app loads them)', () => {
  const resources = poolResources();
  const namespaces = Object.keys(resources['zh-CN']);

  it('are found, one namespace per area file (the shell at least)', () => {
    expect(namespaces).toContain('shell');
    expect(Object.keys(resources.en).sort()).toEqual([...namespaces].sort());
  });

  it.each(namespaces)('%s: same keys in both languages, no empty text, same variables', (ns) => {
    const zh = new Map(leaves(resources['zh-CN'][ns] as MessageTree));
    const en = new Map(leaves(resources.en[ns] as MessageTree));
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
    for (const [key, text] of zh) {
      expect(text.trim(), key).not.toBe('');
      expect((en.get(key) ?? '').trim(), key).not.toBe('');
      expect(variables(en.get(key) ?? ''), key).toEqual(variables(text));
    }
  });
});
