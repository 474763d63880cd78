export * from './protocol';
export * from './enrollment-qr';
