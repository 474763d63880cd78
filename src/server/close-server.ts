import type { FastifyInstance } from 'fastify';

/** How often idle keep-alive connections are closed while the server waits for the busy ones. */
const IDLE_SWEEP_MS = 50;

/**
 * Closes the pool's HTTP side without hanging on a client that keeps its connection. Fastify closes
 * the connections idle when the close starts, but one that was busy then stays open as a keep-alive
 * socket after its answer (a browser tab left on the pool app, undici's pool), and the close would
 * wait for it forever. So idle connections are swept until the server is closed, and after
 * `graceMs` whatever is still busy is cut, so the database can be closed cleanly after.
 */
export async function closeServer(app: FastifyInstance, graceMs: number): Promise<void> {
  const sweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS);
  const cut = setTimeout(() => app.server.closeAllConnections(), graceMs);
  sweep.unref();
  cut.unref();
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
    clearTimeout(cut);
  }
}
