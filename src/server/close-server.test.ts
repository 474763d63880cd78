import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { closeServer } from './close-server';

async function serverWith(handler: () => Promise<string>) {
  const app = Fastify();
  let arrived!: () => void;
  const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
  app.get('/work', async () => {
    arrived();
    return handler();
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, url: `http://127.0.0.1:${port}/work`, requestArrived };
}

describe('closeServer', () => {
  it('lets a request in flight finish, then closes its keep-alive connection', async () => {
    const { app, url, requestArrived } = await serverWith(
      () => new Promise((resolve) => setTimeout(() => resolve('done'), 150)),
    );
    const answer = fetch(url).then(async (response) => response.text());
    await requestArrived;
    const closing = closeServer(app, 60_000);
    expect(await answer).toBe('done');
    // The answered connection stays open for keep-alive: closing must not wait out the grace.
    await closing;
  });

  it('cuts a connection that would hold the close forever', async () => {
    const { app, url, requestArrived } = await serverWith(() => new Promise<string>(() => {}));
    const answer = fetch(url).then(
      () => 'answered',
      () => 'cut',
    );
    await requestArrived;
    await closeServer(app, 200);
    expect(await answer).toBe('cut');
    expect(app.server.listening).toBe(false);
  });
});
