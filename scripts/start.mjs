// `npm start`: the customer pool (embedded PGlite) plus the app — the desktop app when Electron's
// binary is here (or can be fetched once), else the same app in web mode, saying so. Prints both
// addresses (and the pool's admin token the first time it makes one); Ctrl-C stops both.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { ensurePoolAppBuilt, isBuildFresh } from './build-freshness.mjs';

const require = createRequire(import.meta.url);
const children = new Set();
let stopping = false;
/** The pool prints a new admin token once, among the build output: repeated in the summary. */
let adminToken = null;
/** …and, on its first start, the pool app's one-time set-up link: repeated in the summary too. */
let setupLink = null;

const APP_SOURCES = ['src/renderer', 'src/shared', 'src/attendee', 'vite.web.config.ts'];

function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    // electron/index.js throws when its install step was skipped (no path.txt).
    return null;
  }
}

/**
 * A child in its own process group, so stopping it also stops what it started (npm → sh → node).
 * Its output is relayed line by line with a prefix; `onLine` sees every line first.
 */
function startChild(name, command, args, env, onLine = () => {}) {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.add(child);
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    createInterface({ input: stream }).on('line', (line) => {
      onLine(line);
      out.write(`[${name}] ${line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      console.error(`\n${name} stopped (${signal ?? `exit code ${code}`}); stopping the rest.`);
      stopAll(code ?? 1);
    }
  });
  return child;
}

function stopAll(exitCode = 0) {
  stopping = true;
  if (children.size === 0) process.exit(exitCode);
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    child.on('exit', () => {
      if (children.size === 0) process.exit(exitCode);
    });
  }
  // Whatever has not stopped in 12 s (the pool allows itself 10 s to close cleanly) is killed.
  setTimeout(() => {
    for (const child of children) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(exitCode);
  }, 12_000).unref();
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(0));

function startPool() {
  return new Promise((resolve) => {
    startChild(
      'pool',
      process.execPath,
      [require.resolve('tsx/cli'), 'src/server/main.ts'],
      // Per-request logs stay quiet unless asked for; start-up lines and errors still show.
      { LEADPOND_LOG_LEVEL: process.env.LEADPOND_LOG_LEVEL || 'warn' },
      (line) => {
        const listening = /listening on (http\S+)/.exec(line);
        if (listening) resolve(listening[1]);
        const token = /^\s+(lpu_\S+)\s*$/.exec(line);
        if (token) adminToken = token[1];
        const setup = /Set up the pool app: (http\S+)/.exec(line);
        if (setup) setupLink = setup[1];
      },
    );
  });
}

async function startApp(poolUrl) {
  let binary = electronBinary();
  if (!binary && process.env.LEADPOND_NO_ELECTRON_DOWNLOAD !== '1') {
    console.error('Electron is not installed yet; trying to download it once (60 s at most)…');
    const install = spawnSync(process.execPath, [require.resolve('electron/install.js')], {
      stdio: ['ignore', 'inherit', 'pipe'],
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
    });
    if (install.status === 0) binary = electronBinary();
    else console.error(`  download failed: ${(install.stderr || 'timed out').split('\n')[0]}`);
  }

  if (binary) {
    const sources = [...APP_SOURCES, 'src/main', 'src/preload', 'electron.vite.config.ts'];
    if (!isBuildFresh(['out/main/index.js', 'out/renderer/index.html'], sources)) {
      const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
      if (build.status !== 0) stopAll(build.status ?? 1);
    }
    console.log(`\nLeadpond desktop app starting — customer pool: ${poolUrl}${closingLines()}\n`);
    startChild('app', binary, ['.'], { LEADPOND_POOL_URL: poolUrl });
    return;
  }
  console.error(
    "\nElectron's binary is not available (offline install) — starting Leadpond in web mode.\n" +
      'Open the app URL below in Chromium or Chrome; data stays in that browser profile.\n',
  );
  const lan = await startBoothLan();
  const fresh = isBuildFresh(
    ['dist-web/index.html', 'dist-attendee/index.html'],
    [...APP_SOURCES, 'vite.attendee.config.ts'],
  );
  if (fresh) console.log('The web build is up to date; serving it as it is.');
  startChild(
    'web',
    fresh ? process.execPath : 'npm',
    fresh ? ['scripts/serve-web.mjs'] : ['run', '--silent', 'web'],
    { LEADPOND_POOL_URL: poolUrl, ...lan },
    (line) => {
      const running = /running at (http\S+)/.exec(line);
      if (running) {
        console.log(
          `\n  Customer pool: ${poolUrl}\n  Leadpond app (web mode): ${running[1]}\n` +
            `  Booth LAN bridge (phones' page, started from Settings): ${lan.LEADPOND_BOOTH_LAN_BRIDGE_URL}` +
            `${closingLines()}\n  Ctrl-C stops all.\n`,
        );
      }
    },
  );
}

/**
 * The summary's last lines: the admin token (or where to find it), then the pool app's address
 * and, while it is new, its set-up link — the next thing a new user opens.
 */
function closingLines() {
  const token = adminToken
    ? `\n  Pool admin token (new; shown this once — keep it): ${adminToken}`
    : "\n  Pool admin token: printed on the pool's first start (or set LEADPOND_ADMIN_TOKEN)";
  return token + poolAppLines();
}

/** The pool app's address for marketing and sales, and its set-up link while it is new. */
function poolAppLines() {
  const app = `\n  Pool app (marketing, sales): ${poolAppUrl}`;
  return setupLink
    ? `${app}\n  Set up its first admin (one-time link, open it now): ${setupLink}`
    : app;
}

/**
 * Web mode's booth LAN server (`npm run booth-lan`): serves the attendee page to phones on the
 * interface staff choose in Settings, answered by the web page through a loopback bridge whose
 * secret only the page gets (through /config.json).
 */
function startBoothLan() {
  const secret = randomBytes(24).toString('base64url');
  return new Promise((resolve) => {
    startChild(
      'booth-lan',
      process.execPath,
      [require.resolve('tsx/cli'), 'src/main/lan/standalone.ts'],
      { LEADPOND_BOOTH_LAN_SECRET: secret },
      (line) => {
        const listening = /bridge listening on (http\S+)/.exec(line);
        if (listening) {
          resolve({
            LEADPOND_BOOTH_LAN_BRIDGE_URL: listening[1],
            LEADPOND_BOOTH_LAN_SECRET: secret,
          });
        }
      },
    );
  });
}

ensurePoolAppBuilt();
console.log('Starting the customer pool…');
const localPool = await startPool();
const poolAppUrl = `${localPool.replace(/\/$/, '')}/app/`;
// LEADPOND_POOL_URL points the app at another pool; the local one runs anyway.
await startApp(process.env.LEADPOND_POOL_URL || localPool);
