export * from './tickets';
export * from './classify';
export * from './checkin-rules';
export * from './keystroke-burst';
export * from './badges';
export * from './booth';
