export * from './schema';
export * from './random';
export * from './select';
export * from './entrant-hash';
export * from './eligibility';
export * from './audit';
export * from './mask';
export * from './conflict';
