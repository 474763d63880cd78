import type { Language } from '../index';

/** The same keys as `T`, every leaf a string: what the English side of a catalog must be. */
export type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

export interface MessageTree {
  readonly [key: string]: string | MessageTree;
}

/**
 * A pool-app catalog for one area (a namespace): zh-CN first, and the English side typed by it,
 * so a key missing in one language fails the type check (and catalogs.test.ts at run time).
 */
export function poolCatalog<const Z extends MessageTree>(
  zhCN: Z,
  en: SameKeys<Z>,
): Record<Language, MessageTree> {
  return { 'zh-CN': zhCN, en: en as MessageTree };
}
