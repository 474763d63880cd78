import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  LanStartRequestSchema,
  type LanInterface,
  type LanStatus,
} from '../../shared/attendee/lan-bridge';
import type { LanBridge } from './bridge';
import { createLanHttpServer, type LanServerOptions } from './server';

/** The booth LAN server's default port: next to the pool's 8787. */
export const DEFAULT_LAN_PORT = 8788;

export interface LanController {
  interfaces(): LanInterface[];
  status(): LanStatus;
  /** Binds to one of `interfaces()`; a failure (port taken) is in the status, not thrown. */
  start(request: unknown): Promise<LanStatus>;
  stop(): Promise<LanStatus>;
}

export interface LanControllerDeps extends Omit<LanServerOptions, 'backend'> {
  bridge: LanBridge;
  /** The system's interfaces now (they change when the laptop joins another Wi-Fi). */
  listInterfaces(): LanInterface[];
  defaultPort?: number;
}

/**
 * Start/stop of the LAN server on the interface the staff chose, for both hosts (Electron main
 * and the web-mode Node process). Only addresses the system lists can be chosen.
 */
export function createLanController(deps: LanControllerDeps): LanController {
  let server: Server | null = null;
  let address: string | null = null;
  let port = deps.defaultPort ?? DEFAULT_LAN_PORT;
  let error: string | null = null;

  function status(): LanStatus {
    const running = server !== null && address !== null;
    return {
      running,
      address: running ? address : null,
      port,
      url: running ? `http://${address}:${port}` : null,
      bridged: deps.bridge.connected(),
      error,
    };
  }

  async function stop(): Promise<LanStatus> {
    const current = server;
    server = null;
    address = null;
    if (current) {
      await new Promise<void>((resolve) => {
        current.close(() => resolve());
        current.closeAllConnections();
      });
    }
    return status();
  }

  return {
    interfaces: () => deps.listInterfaces(),
    status,
    stop,
    async start(request) {
      const parsed = LanStartRequestSchema.safeParse(request);
      if (!parsed.success) {
        error = 'invalid address or port';
        return status();
      }
      const chosen = parsed.data;
      if (!deps.listInterfaces().some((i) => i.address === chosen.address)) {
        error = `${chosen.address} is not an interface of this computer`;
        return status();
      }
      await stop();
      const next = createLanHttpServer({ ...deps, backend: deps.bridge.backend });
      const wanted = chosen.port ?? port;
      try {
        await new Promise<void>((resolve, reject) => {
          next.once('error', reject);
          next.listen(wanted, chosen.address, () => {
            next.off('error', reject);
            resolve();
          });
        });
      } catch (cause) {
        error = cause instanceof Error ? cause.message : String(cause);
        return status();
      }
      next.on('error', (cause) => deps.log?.(`lan server: ${cause.message}`));
      server = next;
      address = chosen.address;
      port = (next.address() as AddressInfo).port;
      error = null;
      const started = status();
      deps.log?.(`serving the attendee page to phones at ${started.url}/m/`);
      return started;
    },
  };
}
