import { z } from 'zod';
import type { EventRoi } from '../intelligence';
import { IdSchema } from '../schemas/common';
import type { Source } from '../schemas/person';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../time/local-time';

const TimeZoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, { message: 'an IANA time zone, e.g. Asia/Shanghai or Europe/Berlin' })
  .default(DEFAULT_TIME_ZONE);

/** `GET /events/:id/dashboard?tz=`: the zone check-ins are bucketed in (China's by default). */
export const DashboardQuerySchema = z.object({ tz: TimeZoneSchema });

/** At most this many events side by side: a wider comparison is no longer readable. */
export const MAX_COMPARED_EVENTS = 8;

/** `GET /events/dashboard?ids=a,b&tz=`: several events side by side, in the order asked. */
export const DashboardsQuerySchema = z.object({
  ids: z
    .string()
    .max(MAX_COMPARED_EVENTS * 37)
    .transform((text) => [...new Set(text.split(',').filter((id) => id !== ''))])
    .pipe(z.array(IdSchema).min(1).max(MAX_COMPARED_EVENTS)),
  tz: TimeZoneSchema,
});

/** registered → checked in → leads → MQL → SAL → SQL (a stage counts whoever ever reached it). */
export interface DashboardFunnel {
  registered: number;
  checkedIn: number;
  leads: number;
  mqls: number;
  sals: number;
  sqls: number;
}

/**
 * One bar of a breakdown. `label` is what the pool calls the key: a device's name, a paper's
 * title ('' when it has none on record), else the key itself (a source, a staff id, a province).
 */
export interface DashboardSlice {
  key: string;
  label: string;
  count: number;
}

export interface CheckInHour {
  /** The local hour's start in the asked zone, "2026-12-01 09:00". */
  hour: string;
  count: number;
}

/** What a person's first recorded field says about how they were captured; '' when unknown. */
export type LeadSource = Source | '';

export interface EventDashboard {
  eventId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  timeZone: string;
  funnel: DashboardFunnel;
  roi: EventRoi;
  /** Hours with at least one check-in, in time order. */
  checkInsPerHour: CheckInHour[];
  /** Breakdowns, largest first. Staff and device keys are '' for facts recorded without one. */
  leadsBySource: DashboardSlice[];
  leadsByDevice: DashboardSlice[];
  leadsByStaff: DashboardSlice[];
  downloadsByAsset: DashboardSlice[];
  /** Leads per province as typed (trimmed); '' for none given. */
  leadsByProvince: DashboardSlice[];
}

export interface EventDashboardsResponse {
  events: EventDashboard[];
}
