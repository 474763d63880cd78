import type { Draw } from './schema';

/**
 * Owner wins (DESIGN.md "Data model"). The pool takes a draw's changes from its owner device
 * only, so a conflict reaches a device when the pool's copy changed under it. A run by the owner
 * (its audit made on the owner device) is a fact — winners were told — and survives a pool copy
 * still open; anything else takes the pool's copy, a tombstone included.
 */
export function resolveDrawConflict<D extends Draw & { _deleted?: boolean }>(
  master: D,
  local: D,
): D {
  if (master._deleted || master.status === 'drawn') return master;
  const ranByOwner =
    local.status === 'drawn' &&
    local.audit !== null &&
    local.ownerDeviceId === master.ownerDeviceId &&
    local.audit.deviceId === master.ownerDeviceId;
  return ranByOwner ? { ...local, _deleted: false } : master;
}
