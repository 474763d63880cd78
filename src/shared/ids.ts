import { v7 as uuidv7 } from 'uuid';

export type IdGenerator = () => string;

/** Time-ordered UUIDv7: made on the device, sortable by creation, never colliding across devices. */
export const newId: IdGenerator = () => uuidv7();

export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
