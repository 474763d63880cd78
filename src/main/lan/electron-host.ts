import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { LanInterface } from '../../shared/attendee/lan-bridge';
import { LAN_REQUEST_CHANNEL, LanRequestMessageSchema } from '../../shared/ipc/contract';
import type { IpcHandlers } from '../ipc/register';
import { createLanBridge, type LanBridge } from './bridge';
import { createLanController, type LanController } from './controller';

type LanChannel = 'lan:interfaces' | 'lan:status' | 'lan:start' | 'lan:stop' | 'lan:answer';

export interface ElectronLanDeps {
  /** The staff window's contents while it is open: the only renderer that answers phones. */
  staffContents(): Pick<WebContents, 'send' | 'isDestroyed'> | null;
  /** The built attendee page. */
  root: string;
  listInterfaces(): LanInterface[];
  timeoutMs?: number;
  log?: (message: string) => void;
}

export interface ElectronLanHost {
  bridge: LanBridge;
  controller: LanController;
  handlers: Pick<IpcHandlers, LanChannel>;
}

/**
 * The LAN server in Electron's main process: phones' requests go to the staff window with
 * webContents.send; its answers come back through `lan:answer`, accepted from that window only
 * (never the attendee-facing kiosk). Start, stop and the interface list are IPC methods too.
 */
export function createElectronLanHost(deps: ElectronLanDeps): ElectronLanHost {
  const bridge = createLanBridge({ timeoutMs: deps.timeoutMs });
  bridge.connect((request) => {
    const contents = deps.staffContents();
    if (!contents || contents.isDestroyed()) return false;
    contents.send(LAN_REQUEST_CHANNEL, LanRequestMessageSchema.parse(request));
    return true;
  });
  const controller = createLanController({
    bridge,
    root: deps.root,
    listInterfaces: deps.listInterfaces,
    log: deps.log,
  });
  const fromStaff = (event: IpcMainInvokeEvent) => {
    const staff = deps.staffContents();
    return staff !== null && (event.sender as unknown) === staff;
  };
  function assertStaff(event: IpcMainInvokeEvent): void {
    if (!fromStaff(event)) throw new Error('only the staff window runs the booth LAN server');
  }
  return {
    bridge,
    controller,
    handlers: {
      'lan:interfaces': async () => controller.interfaces(),
      'lan:status': async () => controller.status(),
      'lan:start': async (request, event) => {
        assertStaff(event);
        return controller.start(request);
      },
      'lan:stop': async (_request, event) => {
        assertStaff(event);
        return controller.stop();
      },
      'lan:answer': async (answer, event) => ({
        accepted: fromStaff(event) && bridge.answer(answer),
      }),
    },
  };
}
