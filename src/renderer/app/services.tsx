import { createContext, useContext } from 'react';
import type { LeadDatabase } from '../store/database';
import type { CaptureContext } from '../store/leads';
import type { PeopleSearch } from '../store/people-search';
import type { DeviceSettings } from '../store/device';
import type { Platform } from '../platform';
import type { SyncEngine } from '../sync/engine';

/** Everything the UI talks to, wired once in main.tsx (the renderer's composition root). */
export interface Services {
  db: LeadDatabase;
  capture: CaptureContext;
  search: PeopleSearch;
  platform: Platform;
  sync: SyncEngine;
  settings: DeviceSettings;
  updateSettings(patch: Partial<DeviceSettings>): Promise<void>;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesContext');
  return services;
}
