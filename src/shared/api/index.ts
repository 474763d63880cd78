export * from './messages';
export * from './users';
export * from './events';
export * from './attendees';
export * from './customers';
export * from './exports';
export * from './attendee-columns';
export * from './assets';
