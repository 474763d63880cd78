import { useCallback, useEffect, useState } from 'react';
import type { LanInterface, LanStartRequest, LanStatus } from '../../shared/attendee/lan-bridge';
import { useServices } from '../app/services';
import { STOPPED } from '../platform/booth-lan.web';

/** How often the screen re-reads the server's status (a renderer may connect or go away). */
const REFRESH_MS = 5_000;

export interface BoothLanState {
  /** null until known. */
  available: boolean | null;
  status: LanStatus;
  interfaces: LanInterface[];
  start(request: LanStartRequest): Promise<void>;
  stop(): Promise<void>;
}

/** The booth LAN server's state, refreshed now and then, with its start and stop. */
export function useBoothLan(): BoothLanState {
  const { platform } = useServices();
  const lan = platform.boothLan;
  const [available, setAvailable] = useState<boolean | null>(null);
  const [status, setStatus] = useState<LanStatus>(STOPPED);
  const [interfaces, setInterfaces] = useState<LanInterface[]>([]);

  useEffect(() => {
    let current = true;
    const refresh = async () => {
      const isAvailable = await lan.available();
      if (!current) return;
      setAvailable(isAvailable);
      if (!isAvailable) return;
      const [next, list] = await Promise.all([lan.status(), lan.interfaces()]);
      if (!current) return;
      setStatus(next);
      setInterfaces(list);
    };
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [lan]);

  const start = useCallback(
    async (request: LanStartRequest) => setStatus(await lan.start(request)),
    [lan],
  );
  const stop = useCallback(async () => setStatus(await lan.stop()), [lan]);
  return { available, status, interfaces, start, stop };
}
