import type { IpcRenderer } from 'electron';
import type { LanBridgeRequest } from '../shared/attendee/lan-bridge';
import {
  BRIDGE_METHODS,
  IPC_CONTRACT,
  LAN_REQUEST_CHANNEL,
  LanRequestMessageSchema,
  isIpcError,
  type IpcChannel,
  type IpcRequest,
  type IpcResponse,
} from '../shared/ipc/contract';

type MethodName = keyof typeof BRIDGE_METHODS;
type ChannelOf<M extends MethodName> = (typeof BRIDGE_METHODS)[M];

/** `window.leadpond`: one named, validated method per channel — never ipcRenderer itself. */
export type LeadpondBridge = {
  [M in MethodName]: Record<string, never> extends IpcRequest<ChannelOf<M>>
    ? (request?: IpcRequest<ChannelOf<M>>) => Promise<IpcResponse<ChannelOf<M>>>
    : (request: IpcRequest<ChannelOf<M>>) => Promise<IpcResponse<ChannelOf<M>>>;
} & {
  /**
   * Phones' requests to the booth LAN server, pushed by main; each is validated here first.
   * Returns the unsubscribe function. Answers go back through `answerLanRequest`.
   */
  onLanRequest(listener: (request: LanBridgeRequest) => void): () => void;
};

export function buildBridge(
  ipc: Pick<IpcRenderer, 'invoke'> & Partial<Pick<IpcRenderer, 'on' | 'removeListener'>>,
): LeadpondBridge {
  const bridge: Record<string, (request?: unknown) => Promise<unknown>> = {};
  for (const [method, channel] of Object.entries(BRIDGE_METHODS) as [MethodName, IpcChannel][]) {
    bridge[method] = async (request: unknown = {}) => {
      // Validate before anything leaves the renderer: a bad call fails here, with its reason.
      const parsed = IPC_CONTRACT[channel].req.safeParse(request);
      if (!parsed.success)
        throw new Error(`${method}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      const response: unknown = await ipc.invoke(channel, parsed.data);
      if (isIpcError(response)) throw new Error(response.error.message);
      return response;
    };
  }
  const onLanRequest = (listener: (request: LanBridgeRequest) => void) => {
    const relay = (_event: unknown, payload: unknown) => {
      const parsed = LanRequestMessageSchema.safeParse(payload);
      if (parsed.success) listener(parsed.data);
    };
    ipc.on?.(LAN_REQUEST_CHANNEL, relay);
    return () => {
      ipc.removeListener?.(LAN_REQUEST_CHANNEL, relay);
    };
  };
  return Object.freeze({ ...bridge, onLanRequest }) as LeadpondBridge;
}
