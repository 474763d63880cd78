import type { Language } from './i18n';
import type { EventConsent } from './schemas/event';

export interface ShownConsent {
  text: string;
  version: string;
}

/** The consent text a page in `language` shows: its translation when there is one, else the main. */
export function consentIn(consent: EventConsent, language: Language | string): ShownConsent {
  const translation = (consent.translations ?? []).find((t) => t.language === language);
  return translation
    ? { text: translation.text, version: translation.version }
    : { text: consent.text, version: consent.version };
}

/** Every version a visitor may have agreed to for this event: the main one and each translation's. */
export function consentVersions(consent: EventConsent): string[] {
  return [consent.version, ...(consent.translations ?? []).map((t) => t.version)];
}

/**
 * The version to record for a visitor who says they agreed to `claimed`: it, when it is one of the
 * event's; else null (the text changed since the page was loaded: they must read it again).
 */
export function acceptedConsentVersion(consent: EventConsent, claimed: string): string | null {
  return consentVersions(consent).includes(claimed) ? claimed : null;
}
