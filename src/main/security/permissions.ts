import type { Session } from 'electron';
import { isAppUrl } from './origin';

/**
 * The permission table: what the app's own pages may use. Anything not listed is denied, and
 * nothing is granted to any other origin. The camera scans QR codes; nothing needs the microphone.
 */
const ALLOWED: Record<string, (details: { mediaTypes?: string[] }) => boolean> = {
  media: ({ mediaTypes }) =>
    Array.isArray(mediaTypes) && mediaTypes.length > 0 && mediaTypes.every((t) => t === 'video'),
};

export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  details: { mediaTypes?: string[] } = {},
): boolean {
  if (!isAppUrl(requestingUrl)) return false;
  const rule = ALLOWED[permission];
  return rule ? rule(details) : false;
}

export function applyPermissionPolicy(session: Session): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const url = details.requestingUrl ?? contents.getURL();
    callback(isPermissionAllowed(permission, url, details as { mediaTypes?: string[] }));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    // Checks carry no media types; a video-only check for the app origin passes.
    const mediaType = (details as { mediaType?: string }).mediaType;
    return (
      isPermissionAllowed(permission, requestingOrigin, {
        mediaTypes: mediaType ? [mediaType] : ['video'],
      }) &&
      (permission !== 'media' || mediaType === undefined || mediaType === 'video')
    );
  });
}
