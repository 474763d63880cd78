import { useEffect, useState } from 'react';
import { z } from 'zod';

/**
 * Which draws a big screen shows right now on this device. The console asks before a run so it
 * can tell staff whether the projector will show the moment; the projector window answers. A
 * BroadcastChannel reaches every window of the profile and works offline.
 */
const CHANNEL = 'leadpond.draw-screens';

const PresenceMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('who'), drawId: z.string().max(64) }),
  z.object({ kind: z.literal('here'), drawId: z.string().max(64) }),
  z.object({ kind: z.literal('gone'), drawId: z.string().max(64) }),
]);
type PresenceMessage = z.infer<typeof PresenceMessageSchema>;

function openChannel(onMessage: (message: PresenceMessage) => void): BroadcastChannel | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const parsed = PresenceMessageSchema.safeParse(event.data);
    if (parsed.success) onMessage(parsed.data);
  };
  return channel;
}

/** The big screen says it shows `drawId` while it is open, and answers the console's question. */
export function useAnnounceScreen(drawId: string): void {
  useEffect(() => {
    const channel = openChannel((message) => {
      if (message.kind === 'who' && message.drawId === drawId) {
        channel?.postMessage({ kind: 'here', drawId } satisfies PresenceMessage);
      }
    });
    if (!channel) return undefined;
    const leave = () => channel.postMessage({ kind: 'gone', drawId } satisfies PresenceMessage);
    channel.postMessage({ kind: 'here', drawId } satisfies PresenceMessage);
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      leave();
      channel.close();
    };
  }, [drawId]);
}

/** Whether some window of this device shows the big screen of `drawId` now (asked on mount). */
export function useScreenOpen(drawId: string): boolean {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const channel = openChannel((message) => {
      if (message.drawId !== drawId) return;
      if (message.kind === 'here') setOpen(true);
      if (message.kind === 'gone') setOpen(false);
    });
    channel?.postMessage({ kind: 'who', drawId } satisfies PresenceMessage);
    return () => channel?.close();
  }, [drawId]);
  return open;
}
