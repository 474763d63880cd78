/**
 * The pool's rule for draws (DESIGN.md "Lucky draws": a draw belongs to one device, so two
 * offline devices cannot give away the same prize):
 *
 * - a device pushing a draw the pool does not have becomes its owner, whatever the document says;
 * - only the owner's changes are taken: any other device gets the master back as a conflict;
 * - the owner cannot hand the draw to another device: the stored owner stays.
 */
export type DrawPushDecision =
  { kind: 'take'; doc: Record<string, unknown> & { _deleted: boolean } } | { kind: 'conflict' };

export function decideDrawPush(
  pusherDeviceId: string,
  master: (Record<string, unknown> & { _deleted: boolean }) | null,
  doc: Record<string, unknown> & { _deleted: boolean },
): DrawPushDecision {
  if (!master) return { kind: 'take', doc: { ...doc, ownerDeviceId: pusherDeviceId } };
  if (master.ownerDeviceId !== pusherDeviceId) return { kind: 'conflict' };
  return { kind: 'take', doc: { ...doc, ownerDeviceId: pusherDeviceId } };
}
