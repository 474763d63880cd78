import { afterEach, describe, expect, it, vi } from 'vitest';
import { isTakeOverRequest, type TakeOverAnswer } from '../../shared/app-shell';
import { startAppShell } from './app-shell';

/** A waiting worker that answers a take-over request like src/service-worker/sw.ts does. */
function waitingWorker(answer: boolean | 'silent', onAccept: () => void = () => {}) {
  const received: unknown[] = [];
  const worker = {
    postMessage(message: unknown, transfer: Transferable[]) {
      received.push(message);
      const port = transfer[0] as MessagePort;
      if (!isTakeOverRequest(message) || answer === 'silent') return;
      if (answer) onAccept();
      const reply: TakeOverAnswer = { type: 'leadpond:take-over', accepted: answer };
      port.postMessage(reply);
    },
  };
  return { worker: worker as unknown as ServiceWorker, received };
}

/** navigator.serviceWorker with just what app-shell.ts uses. */
function fakeContainer(state: { waiting?: ServiceWorker; controlled: boolean }) {
  const events = new EventTarget();
  const registration = {
    waiting: state.waiting ?? null,
    update: vi.fn(async () => undefined),
  };
  const container = {
    controller: state.controlled ? ({} as ServiceWorker) : null,
    getRegistration: vi.fn(async () => registration),
    register: vi.fn(async () => registration),
    addEventListener: events.addEventListener.bind(events),
    removeEventListener: events.removeEventListener.bind(events),
  };
  const takeControl = () => events.dispatchEvent(new Event('controllerchange'));
  return {
    container: container as unknown as ServiceWorkerContainer,
    calls: container,
    takeControl,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('web mode app shell at start-up', () => {
  it('does nothing where there is no service worker: Electron or unit-test builds, insecure pages', async () => {
    const { container, calls } = fakeContainer({ controlled: false });
    const reload = vi.fn();
    expect(await startAppShell({ container, scriptUrl: undefined, reload })).toBe('ready');
    expect(await startAppShell({ container: undefined, scriptUrl: './sw.js', reload })).toBe(
      'ready',
    );
    expect(calls.getRegistration).not.toHaveBeenCalled();
    expect(calls.register).not.toHaveBeenCalled();
    expect(reload).not.toHaveBeenCalled();
  });

  it('registers the build’s worker, bypassing the HTTP cache for updates, without waiting for it', async () => {
    const { container, calls } = fakeContainer({ controlled: true });
    const reload = vi.fn();
    expect(await startAppShell({ container, scriptUrl: './sw.js', reload })).toBe('ready');
    expect(calls.register).toHaveBeenCalledWith('./sw.js', { updateViaCache: 'none' });
    expect(reload).not.toHaveBeenCalled();
  });

  it('switches to a waiting newer build at start-up and reloads into it', async () => {
    const { container, calls, takeControl } = fakeContainer({ controlled: true });
    const waiting = waitingWorker(true, () => setTimeout(takeControl, 5));
    calls.getRegistration.mockResolvedValue({ waiting: waiting.worker, update: vi.fn() });
    const reload = vi.fn();
    expect(await startAppShell({ container, scriptUrl: './sw.js', reload })).toBe('reloading');
    expect(waiting.received).toEqual([{ type: 'leadpond:take-over' }]);
    expect(reload).toHaveBeenCalledOnce();
    // The page goes away: the new version registers itself after the reload.
    expect(calls.register).not.toHaveBeenCalled();
  });

  it('keeps the running version when the waiting one declines (another window runs it)', async () => {
    const { container, calls } = fakeContainer({ controlled: true });
    const waiting = waitingWorker(false);
    calls.getRegistration.mockResolvedValue({ waiting: waiting.worker, update: vi.fn() });
    const reload = vi.fn();
    expect(await startAppShell({ container, scriptUrl: './sw.js', reload })).toBe('ready');
    expect(waiting.received).toHaveLength(1);
    expect(reload).not.toHaveBeenCalled();
    expect(calls.register).toHaveBeenCalledOnce();
  });

  it('starts the running version when the waiting one does not answer', async () => {
    const { container, calls } = fakeContainer({ controlled: true });
    calls.getRegistration.mockResolvedValue({
      waiting: waitingWorker('silent').worker,
      update: vi.fn(),
    });
    const reload = vi.fn();
    const start = startAppShell({ container, scriptUrl: './sw.js', reload, timeoutMs: 20 });
    expect(await start).toBe('ready');
    expect(reload).not.toHaveBeenCalled();
  });

  it('reloads after a yes even when the change of control is not seen in time', async () => {
    const { container, calls } = fakeContainer({ controlled: true });
    calls.getRegistration.mockResolvedValue({
      waiting: waitingWorker(true).worker,
      update: vi.fn(),
    });
    const reload = vi.fn();
    const start = startAppShell({ container, scriptUrl: './sw.js', reload, timeoutMs: 20 });
    expect(await start).toBe('reloading');
    expect(reload).toHaveBeenCalledOnce();
  });

  it('asks nothing on a first visit: a page without a worker has no session to protect', async () => {
    const { container, calls } = fakeContainer({ controlled: false });
    const waiting = waitingWorker(true);
    calls.getRegistration.mockResolvedValue({ waiting: waiting.worker, update: vi.fn() });
    const reload = vi.fn();
    expect(await startAppShell({ container, scriptUrl: './sw.js', reload })).toBe('ready');
    expect(waiting.received).toEqual([]);
    expect(reload).not.toHaveBeenCalled();
  });

  it('starts normally when registration is blocked or fails', async () => {
    const log = vi.fn();
    const blocked = fakeContainer({ controlled: false });
    // Playwright's serviceWorkers: 'block' replaces register() with a no-op.
    blocked.calls.register.mockResolvedValue(undefined as never);
    expect(
      await startAppShell({ container: blocked.container, scriptUrl: './sw.js', reload: vi.fn() }),
    ).toBe('ready');
    const failing = fakeContainer({ controlled: false });
    failing.calls.register.mockRejectedValue(new TypeError('bad HTTP response code (404)'));
    expect(
      await startAppShell({
        container: failing.container,
        scriptUrl: './sw.js',
        reload: vi.fn(),
        log,
      }),
    ).toBe('ready');
    await vi.waitFor(() =>
      expect(log).toHaveBeenCalledWith(
        'service worker: registration failed',
        expect.any(TypeError),
      ),
    );
  });

  it('looks for a new build now and then during a long session, quietly when offline', async () => {
    vi.useFakeTimers();
    const { container, calls } = fakeContainer({ controlled: true });
    const registration = { waiting: null, update: vi.fn(async () => undefined) };
    registration.update.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    calls.register.mockResolvedValue(registration);
    await startAppShell({ container, scriptUrl: './sw.js', reload: vi.fn(), updateEveryMs: 1000 });
    await vi.advanceTimersByTimeAsync(3_500);
    expect(registration.update).toHaveBeenCalledTimes(3);
  });
});
