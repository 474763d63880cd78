import { z } from 'zod';
import {
  answerBridgeRequest,
  LanInterfaceSchema,
  LanStatusSchema,
  type LanStatus,
} from '../../shared/attendee/lan-bridge';
import type { BoothLan } from './index-types';

/** What `/config.json` says about the web-mode LAN bridge (scripts/serve-web.mjs). */
const BridgeConfigSchema = z.object({
  boothLan: z.object({
    bridgeUrl: z.url({ protocol: /^http$/ }).max(200),
    secret: z.string().min(16).max(200),
  }),
});
type BridgeConfig = z.infer<typeof BridgeConfigSchema>['boothLan'];

export const STOPPED: LanStatus = {
  running: false,
  address: null,
  port: 0,
  url: null,
  bridged: false,
  error: null,
};

export interface WebBoothLanDeps {
  fetch: typeof fetch;
  EventSource: typeof EventSource;
  configUrl?: string;
  log?: (message: string, error?: unknown) => void;
}

/**
 * Web mode's booth LAN server: `npm run booth-lan` (src/main/lan/standalone.ts) on 127.0.0.1.
 * The page learns its address and secret from /config.json, receives phones' requests on an
 * event stream, and POSTs the answers of its backend back.
 */
export function createWebBoothLan(deps: WebBoothLanDeps): BoothLan {
  let config: Promise<BridgeConfig | null> | null = null;

  function bridgeConfig(): Promise<BridgeConfig | null> {
    config ??= deps
      .fetch(deps.configUrl ?? './config.json', { cache: 'no-store' })
      .then(async (response) => {
        if (!response.ok) return null;
        const parsed = BridgeConfigSchema.safeParse(await response.json());
        return parsed.success ? parsed.data.boothLan : null;
      })
      .catch(() => null);
    return config;
  }

  async function call<T>(
    path: string,
    schema: z.ZodType<T>,
    fallback: T,
    body?: unknown,
  ): Promise<T> {
    const bridge = await bridgeConfig();
    if (!bridge) return fallback;
    try {
      const response = await deps.fetch(`${bridge.bridgeUrl}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${bridge.secret}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const parsed = schema.safeParse(await response.json());
      return parsed.success ? parsed.data : fallback;
    } catch {
      return fallback;
    }
  }

  return {
    async available() {
      return (await bridgeConfig()) !== null;
    },
    interfaces: () => call('/lan/interfaces', z.array(LanInterfaceSchema), []),
    status: () => call('/lan/status', LanStatusSchema, STOPPED),
    start: (request) => call('/lan/start', LanStatusSchema, STOPPED, request),
    stop: () => call('/lan/stop', LanStatusSchema, STOPPED, {}),
    serve(backend) {
      let source: EventSource | null = null;
      let stopped = false;
      void bridgeConfig().then((bridge) => {
        if (!bridge || stopped) return;
        const url = `${bridge.bridgeUrl}/bridge/requests?access_token=${encodeURIComponent(bridge.secret)}`;
        source = new deps.EventSource(url);
        source.onmessage = (message: MessageEvent<string>) => {
          let request: unknown;
          try {
            request = JSON.parse(message.data);
          } catch {
            return;
          }
          void answerBridgeRequest(backend, request).then(async (answer) => {
            if (!answer) return;
            await deps
              .fetch(`${bridge.bridgeUrl}/bridge/answers`, {
                method: 'POST',
                headers: {
                  authorization: `Bearer ${bridge.secret}`,
                  'content-type': 'application/json',
                },
                body: JSON.stringify(answer),
              })
              .catch((error: unknown) => deps.log?.('booth LAN: answer not delivered', error));
          });
        };
      });
      return () => {
        stopped = true;
        source?.close();
      };
    },
  };
}
