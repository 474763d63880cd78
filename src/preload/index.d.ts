import type { LeadpondBridge } from './bridge';

declare global {
  interface Window {
    leadpond: LeadpondBridge;
  }
}

export {};
