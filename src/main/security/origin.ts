/** The app is served from this origin (custom protocol, not file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'leadpond';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}
