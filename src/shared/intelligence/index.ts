export * from './vocabulary';
export * from './config';
export * from './tags';
export * from './grade';
export * from './score';
export * from './stage';
export * from './assess';
