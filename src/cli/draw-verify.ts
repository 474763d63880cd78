import { readFile, stat } from 'node:fs/promises';
import { verifyDrawAudit, type UnawardedPrize } from '../shared/draws';

/** Audit files of the largest allowed draw are a few MB; anything far larger is not one. */
const MAX_AUDIT_FILE_BYTES = 64 * 1024 * 1024;

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `draw verify <audit.json>`: re-checks an audit record; exit 0 when it holds, 1 when not. */
export async function drawVerify(path: string | undefined): Promise<CommandResult> {
  if (!path) return fail('usage: leadpond draw verify <audit.json>');
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) return fail(`not verified: ${path} is not a file`);
    if (info.size > MAX_AUDIT_FILE_BYTES) return fail(`not verified: ${path} is too large`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(`not verified: cannot read ${path}${code ? ` (${code})` : ''}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(`not verified: ${path} is not JSON`);
  }
  const verdict = verifyDrawAudit(json);
  if (!verdict.ok) return fail(`not verified: ${verdict.reason}`);
  const lines = [
    `verified: ${verdict.entrants} entrants, ${verdict.winners} winners`,
    ...verdict.unawarded.map(describeUnawarded),
  ];
  return { code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
}

/** A verified draw can still have given away less than planned: say so, prize by prize. */
function describeUnawarded(prize: UnawardedPrize): string {
  const missing = prize.quantity - prize.awarded;
  return `unawarded: ${missing} of ${prize.quantity} × ${JSON.stringify(prize.name)} (${prize.prizeId}), not enough entrants`;
}

function fail(message: string): CommandResult {
  return { code: 1, stdout: '', stderr: `${message}\n` };
}
