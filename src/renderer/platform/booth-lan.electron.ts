import { answerBridgeRequest } from '../../shared/attendee/lan-bridge';
import type { BoothLan } from './index-types';

/** Electron: the LAN server lives in main (src/main/lan); everything goes through the preload. */
export const electronBoothLan: BoothLan = {
  async available() {
    return true;
  },
  interfaces: () => window.leadpond.lanInterfaces(),
  status: () => window.leadpond.lanStatus(),
  start: (request) => window.leadpond.startLan(request),
  stop: () => window.leadpond.stopLan(),
  serve(backend) {
    return window.leadpond.onLanRequest((request) => {
      void answerBridgeRequest(backend, request).then(async (answer) => {
        if (answer) await window.leadpond.answerLanRequest(answer);
      });
    });
  },
};
