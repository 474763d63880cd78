import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { parseAllowHosts, type WebhookTargetPolicy } from './webhook-targets';

/** One request the receiver got, verified by the Standard Webhooks library with every secret. */
export interface ReceivedWebhook {
  id: string;
  type: string;
  body: { type: string; timestamp: string; data: Record<string, unknown> };
  /** The secrets (by index in `secrets`) whose signature checked out. */
  verifiedWith: number[];
  answered: number;
}

export interface WebhookReceiver {
  url: string;
  /** Lets the pool send here although it is loopback http. */
  policy: WebhookTargetPolicy;
  /** Secrets to verify with; set once the pool gave them. */
  secrets: string[];
  received: ReceivedWebhook[];
  /** Distinct webhook-ids that were answered 2xx: what a deduplicating receiver processed. */
  processed(): Map<string, ReceivedWebhook>;
  /** The status to answer each next request with (then 200). */
  failNext(...statuses: number[]): void;
  /** Holds the next request unanswered until `release`; resolves once it arrived. */
  holdNext(): Promise<void>;
  release(): void;
  close(): Promise<void>;
}

/** A CRM stand-in on 127.0.0.1 that verifies every delivery as a real receiver would. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const failures: number[] = [];
  const received: ReceivedWebhook[] = [];
  let hold: { arrived: () => void } | null = null;
  let held: ServerResponse | null = null;
  const receiver = {
    secrets: [] as string[],
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const payload = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(
        ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [
          name,
          String(request.headers[name] ?? ''),
        ]),
      );
      const verifiedWith = receiver.secrets.flatMap((secret, index) => {
        try {
          new Webhook(secret).verify(payload, headers);
          return [index];
        } catch {
          return [];
        }
      });
      const body = JSON.parse(payload) as ReceivedWebhook['body'];
      const status = failures.shift() ?? 200;
      const entry: ReceivedWebhook = {
        id: headers['webhook-id'] ?? '',
        type: body.type,
        body,
        verifiedWith,
        answered: status,
      };
      if (hold) {
        const { arrived } = hold;
        hold = null;
        held = response;
        entry.answered = 0;
        received.push(entry);
        arrived();
        return;
      }
      received.push(entry);
      response.writeHead(status, { 'content-type': 'text/plain' }).end(`answer ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks`,
    policy: parseAllowHosts(`127.0.0.1:${port}`),
    received,
    processed() {
      const ids = new Map<string, ReceivedWebhook>();
      for (const entry of received) {
        if (entry.answered >= 200 && entry.answered < 300 && !ids.has(entry.id)) {
          ids.set(entry.id, entry);
        }
      }
      return ids;
    },
    failNext(...statuses: number[]) {
      failures.push(...statuses);
    },
    holdNext() {
      return new Promise<void>((arrived) => {
        hold = { arrived };
      });
    },
    release() {
      held?.destroy();
      held = null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        held?.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
