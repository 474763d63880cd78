// Runs a command against a throwaway PostgreSQL cluster on 127.0.0.1: `node scripts/with-postgres.mjs
// <command> [args…]`. The command gets DATABASE_URL; the cluster is removed afterwards. Uses the
// Debian postgresql package's binaries; as root, the server runs as the `postgres` user.
import { spawn } from 'node:child_process';
import { startThrowawayPostgres } from './postgres-cluster.mjs';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-postgres.mjs <command> [args…]');
  process.exit(2);
}
let cluster;
try {
  cluster = await startThrowawayPostgres();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const { url, stop } = cluster;
console.error(`throwaway PostgreSQL at ${url}`);

const child = spawn(command, args, {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: url },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
