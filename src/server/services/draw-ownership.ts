import { verifyDrawAudit } from '../../shared/draws';

/**
 * The pool's rule for draws (DESIGN.md "Lucky draws": a draw belongs to one device, so two
 * offline devices cannot give away the same prize):
 *
 * - a device pushing a draw the pool does not have becomes its owner, whatever the document says;
 * - only the owner's changes are taken: any other device gets the master back as a conflict;
 * - the owner cannot hand the draw to another device: the stored owner stays;
 * - a drawn draw is final, for its owner too: winners were told, so it is neither changed,
 *   reopened nor deleted (edit and delete are for draws not yet run);
 * - a drawn draw carries its own audit, and the audit verifies (`invalid` otherwise: 400).
 */
export type DrawPushDecision =
  | { kind: 'take'; doc: Record<string, unknown> & { _deleted: boolean } }
  | { kind: 'conflict' }
  | { kind: 'invalid'; reason: string };

export function decideDrawPush(
  pusherDeviceId: string,
  master: (Record<string, unknown> & { _deleted: boolean }) | null,
  doc: Record<string, unknown> & { _deleted: boolean },
): DrawPushDecision {
  if (master && master.ownerDeviceId !== pusherDeviceId) return { kind: 'conflict' };
  if (master && !master._deleted && master.status === 'drawn') return { kind: 'conflict' };
  const invalid = auditProblem(doc);
  if (invalid) return { kind: 'invalid', reason: `draw ${String(doc.id)}: ${invalid}` };
  return { kind: 'take', doc: { ...doc, ownerDeviceId: pusherDeviceId } };
}

function auditProblem(doc: Record<string, unknown>): string | null {
  const audit = doc.audit as { drawId?: unknown; eventId?: unknown } | null;
  if (doc.status === 'open') return audit === null ? null : 'an open draw has no audit yet';
  if (audit === null) return 'a drawn draw needs its audit record';
  if (audit.drawId !== doc.id || audit.eventId !== doc.eventId) {
    return 'the audit record belongs to another draw';
  }
  const verdict = verifyDrawAudit(audit);
  return verdict.ok ? null : `the audit record does not verify: ${verdict.reason}`;
}
