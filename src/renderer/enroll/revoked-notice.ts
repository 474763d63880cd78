/**
 * A revoked device wipes its database and reloads; this flag (outside the wiped database) is how
 * the enrollment screen knows to say why everything is gone.
 */
const KEY = 'leadpond.revokedNotice';

export function setRevokedNotice(): void {
  localStorage.setItem(KEY, '1');
}

export function hasRevokedNotice(): boolean {
  return localStorage.getItem(KEY) === '1';
}

export function clearRevokedNotice(): void {
  localStorage.removeItem(KEY);
}
