import type { IpcRenderer } from 'electron';
import {
  BRIDGE_METHODS,
  IPC_CONTRACT,
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
};

export function buildBridge(ipc: Pick<IpcRenderer, 'invoke'>): LeadpondBridge {
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
  return Object.freeze(bridge) as LeadpondBridge;
}
