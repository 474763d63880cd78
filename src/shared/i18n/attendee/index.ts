import { attendeeEn } from './en';
import { attendeeZhCN, type AttendeeCatalog } from './zh-CN';

export type { AttendeeCatalog } from './zh-CN';
export type AttendeeLanguage = 'zh-CN' | 'en';

export const ATTENDEE_CATALOGS: Record<AttendeeLanguage, AttendeeCatalog> = {
  'zh-CN': attendeeZhCN,
  en: attendeeEn,
};
