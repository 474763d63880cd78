/** How long a booth QR's token is good for: a photo of the screen stops working soon after. */
export const BOOTH_TOKEN_MINUTES = 5;

/**
 * The attendee page a booth QR opens: on the pool when online, on the booth's LAN server when
 * not (both serve the same path). The token ties the visit to this booth and expires.
 */
export function boothPageUrl(base: string, eventId: string, boothToken: string): string {
  const url = new URL(`/m/${encodeURIComponent(eventId)}`, base);
  url.searchParams.set('b', boothToken);
  return url.toString();
}
