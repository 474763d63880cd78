export * from './booth-token';
export * from './profiling';
export * from './protocol';
export * from './interaction-data';
export * from './handle-request';
