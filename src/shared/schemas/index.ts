export * from './common';
export * from './consent';
export * from './person';
export * from './event';
export * from './interaction';
export * from './qualification';
export * from './asset';
