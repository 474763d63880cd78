// Serves the built web-mode renderer (dist-web/) on 127.0.0.1 — `npm run web` — and tells the page
// which customer pool to suggest for enrollment: /config.json from LEADPOND_POOL_URL.
import { createStaticServer } from './static-server.mjs';

const port = Number(process.env.LEADPOND_WEB_PORT ?? 5173);
const host = process.env.LEADPOND_WEB_HOST ?? '127.0.0.1';
const poolUrl = process.env.LEADPOND_POOL_URL || 'http://127.0.0.1:8787';
// The booth LAN bridge of `npm run booth-lan` (started by `npm start`): its address and secret let
// this page answer phones. Only for a page served on loopback: a tablet joining over the LAN must
// not learn the secret.
const bridgeUrl = process.env.LEADPOND_BOOTH_LAN_BRIDGE_URL;
const bridgeSecret = process.env.LEADPOND_BOOTH_LAN_SECRET;
const loopback = host === '127.0.0.1' || host === 'localhost';
const boothLan =
  bridgeUrl && bridgeSecret && loopback ? { bridgeUrl, secret: bridgeSecret } : undefined;
const server = createStaticServer(
  { '/': process.env.LEADPOND_WEB_ROOT ?? 'dist-web' },
  {
    '/config.json': {
      type: 'application/json; charset=utf-8',
      body: JSON.stringify({ poolUrl, ...(boothLan ? { boothLan } : {}) }),
    },
  },
);

server.listen(port, host, () => {
  console.log(`Leadpond (web mode) is running at http://${host}:${port}/`);
  console.log(`  Kiosk: http://${host}:${port}/#/kiosk   English: http://${host}:${port}/?lang=en`);
  console.log(`  Customer pool for enrollment: ${poolUrl}`);
});
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => server.close(() => process.exit(0)));
