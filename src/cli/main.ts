import { drawVerify, type CommandResult } from './draw-verify';

/**
 * `npm run leadpond -- <command>`: command-line tools that need no pool and no app. Bad input
 * gives a one-line reason and exit code 1, never a stack trace.
 */
const USAGE = 'usage: leadpond draw verify <audit.json>';

export async function run(args: readonly string[]): Promise<CommandResult> {
  const [group, command, ...rest] = args;
  if (group === 'draw' && command === 'verify' && rest.length <= 1) return drawVerify(rest[0]);
  return { code: 2, stdout: '', stderr: `${USAGE}\n` };
}

run(process.argv.slice(2))
  .then((result) => {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`leadpond: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
