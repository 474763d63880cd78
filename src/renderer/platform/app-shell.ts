import { takeOverAccepted, takeOverRequest } from '../../shared/app-shell';

/** 'reloading': a newer build took over; stop starting, the page reloads into it. */
export type AppShellStart = 'ready' | 'reloading';

export interface AppShellOptions {
  /** navigator.serviceWorker; absent where a page may not have one (insecure origin, jsdom). */
  container: ServiceWorkerContainer | undefined;
  /** The build's service worker script; undefined in builds without one (Electron, tests). */
  scriptUrl: string | undefined;
  reload: () => void;
  log?: (message: string, error: unknown) => void;
  /** How long to wait for the waiting worker to answer, and then to take control. */
  timeoutMs?: number;
  /** How often a long session looks for a new build (downloaded now, used at the next start). */
  updateEveryMs?: number;
}

const HOUR = 60 * 60 * 1000;

/**
 * Web mode's offline app shell, at start-up, before anything else runs:
 * 1. when a newer build is installed and waiting (found during an earlier session), ask it to take
 *    over now and reload into it: this is how a new version arrives "at the next reload";
 * 2. register the service worker (src/service-worker/sw.ts), which precaches the whole build so
 *    the page and its lazily loaded chunks load with no network; not awaited, the app starts at once.
 */
export async function startAppShell(options: AppShellOptions): Promise<AppShellStart> {
  const { container, scriptUrl, reload } = options;
  const log = options.log ?? (() => {});
  if (!container || !scriptUrl) return 'ready';
  try {
    const registration = await container.getRegistration();
    const waiting = registration?.waiting;
    if (waiting && container.controller && (await handOver(container, waiting, options))) {
      reload();
      return 'reloading';
    }
  } catch (error) {
    log('service worker: could not check for a new version', error);
  }
  container
    .register(scriptUrl, { updateViaCache: 'none' })
    // Undefined when registration is blocked (Playwright's serviceWorkers: 'block').
    .then((registration: ServiceWorkerRegistration | undefined) => {
      if (!registration) return;
      setInterval(() => {
        registration.update().catch(() => {
          // Offline: the next try, or the next start, looks again.
        });
      }, options.updateEveryMs ?? HOUR);
    })
    .catch((error: unknown) => log('service worker: registration failed', error));
  return 'ready';
}

/** Asks the waiting worker to take over; true once it controls this page (or said it will). */
async function handOver(
  container: ServiceWorkerContainer,
  waiting: ServiceWorker,
  options: AppShellOptions,
): Promise<boolean> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  // Listen before asking: the worker may take control before its answer arrives.
  const controlled = new Promise<void>((resolve) => {
    container.addEventListener('controllerchange', () => resolve(), { once: true });
  });
  const channel = new MessageChannel();
  const answer = new Promise<boolean>((resolve) => {
    channel.port1.onmessage = (event) => resolve(takeOverAccepted(event.data));
    setTimeout(() => resolve(false), timeoutMs);
  });
  waiting.postMessage(takeOverRequest, [channel.port2]);
  const accepted = await answer;
  channel.port1.close();
  if (!accepted) return false;
  // It said yes and is activating: whatever the timing, this page must not go on with the old
  // version's files, so reload even if the change of control was not seen in time.
  await Promise.race([controlled, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
  return true;
}
