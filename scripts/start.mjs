// `npm start`: the desktop app when Electron's binary is here (or can be fetched once), else
// the same app in web mode in the browser, saying so.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    // electron/index.js throws when its install step was skipped (no path.txt).
    return null;
  }
}

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

// The customer pool (src/server) will be started here too once it exists.

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
  const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  run(binary, ['.']);
} else {
  console.error(
    "\nElectron's binary is not available (offline install) — starting Leadpond in web mode.\n" +
      'Open the URL below in Chromium or Chrome; data stays in that browser profile.\n',
  );
  run('npm', ['run', '--silent', 'web']);
}
