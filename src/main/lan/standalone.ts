// `npm run booth-lan`: the booth LAN server for web mode (and the e2e tests) as a small Node
// process. The Electron app runs the same modules in its main process instead.
import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createLanBridge } from './bridge';
import { createLanController, DEFAULT_LAN_PORT } from './controller';
import { lanInterfaces } from './interfaces';
import { createWebBridgeServer } from './web-bridge';

export const DEFAULT_BRIDGE_PORT = 8789;

const env = process.env;
const secret = env.LEADPOND_BOOTH_LAN_SECRET || randomBytes(24).toString('base64url');
const log = (message: string) => console.error(`[booth-lan] ${message}`);
const bridge = createLanBridge();
const controller = createLanController({
  bridge,
  root: resolve(env.LEADPOND_ATTENDEE_ROOT ?? 'dist-attendee'),
  defaultPort: Number(env.LEADPOND_BOOTH_LAN_PORT ?? DEFAULT_LAN_PORT),
  listInterfaces: () =>
    lanInterfaces(networkInterfaces(), { allowLoopback: env.LEADPOND_BOOTH_LAN_LOOPBACK === '1' }),
  log,
});
const bridgeServer = createWebBridgeServer({ bridge, controller, secret, log });

bridgeServer.listen(
  Number(env.LEADPOND_BOOTH_LAN_BRIDGE_PORT ?? DEFAULT_BRIDGE_PORT),
  '127.0.0.1',
  () => {
    const { port } = bridgeServer.address() as AddressInfo;
    console.log(`booth LAN bridge listening on http://127.0.0.1:${port}`);
    if (!env.LEADPOND_BOOTH_LAN_SECRET) console.log(`  bridge secret: ${secret}`);
    const interfaces = controller.interfaces();
    console.log(
      `  interfaces: ${interfaces.map((i) => `${i.name} ${i.address}`).join(', ') || 'none'}`,
    );
    const host = env.LEADPOND_BOOTH_LAN_HOST;
    if (host) {
      void controller.start({ address: host }).then((status) => {
        if (status.running) console.log(`booth LAN server at ${status.url}/m/`);
        else log(`could not start on ${host}: ${status.error}`);
      });
    } else {
      console.log(
        '  choose the interface in the app (Settings → booth Wi-Fi) to start serving phones',
      );
    }
  },
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    bridge.failAll();
    void controller.stop().then(() => {
      bridgeServer.closeAllConnections();
      bridgeServer.close(() => process.exit(0));
    });
  });
}
