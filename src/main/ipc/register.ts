import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import type {
  IpcChannel,
  IpcContract,
  IpcError,
  IpcRequest,
  IpcResponse,
} from '../../shared/ipc/contract';
import { isAppUrl } from '../security/origin';

export type IpcHandlers = {
  [C in IpcChannel]: (
    request: z.output<IpcContract[C]['req']>,
    event: IpcMainInvokeEvent,
  ) => Promise<IpcResponse<C>>;
};

export interface RegisterOptions {
  /** Defaults to: the sending frame is one of the app's own pages. */
  isTrustedSender?: (event: IpcMainInvokeEvent) => boolean;
  log?: (message: string) => void;
}

export function senderIsApp(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url;
  return typeof url === 'string' && isAppUrl(url);
}

function fail(code: IpcError['error']['code'], message: string): IpcError {
  return { error: { code, message } };
}

/**
 * The one way main answers the renderer: checks who is asking, parses the request with the
 * contract's schema, and returns typed data or a typed error — never a thrown exception.
 */
export function registerHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  contract: IpcContract,
  handlers: IpcHandlers,
  options: RegisterOptions = {},
): void {
  const trusted = options.isTrustedSender ?? senderIsApp;
  for (const channel of Object.keys(contract) as IpcChannel[]) {
    const { req } = contract[channel];
    const handler = handlers[channel] as (
      request: unknown,
      event: IpcMainInvokeEvent,
    ) => Promise<unknown>;
    ipcMain.handle(channel, async (event, payload: IpcRequest<typeof channel>) => {
      if (!trusted(event)) return fail('forbidden', `${channel}: sender is not the app`);
      const parsed = req.safeParse(payload ?? {});
      if (!parsed.success) {
        return fail(
          'invalid_request',
          `${channel}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'request'} ${i.message}`).join('; ')}`,
        );
      }
      try {
        return await handler(parsed.data, event);
      } catch (error) {
        options.log?.(
          `${channel} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        return fail('failed', `${channel} failed`);
      }
    });
  }
}
