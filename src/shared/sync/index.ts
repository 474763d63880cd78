export * from './protocol';
export * from './enrollment-qr';
export * from './intelligence';
