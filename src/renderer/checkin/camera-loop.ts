import type { FrameDecoder } from './frame-decoders';

/** The same code seen again within this time is the same scan (the ticket is still in view). */
export const REPEAT_SUPPRESS_MS = 4000;

export interface CameraLoop {
  stop(): void;
}

/**
 * Reads frames from a playing <video> into a canvas and decodes them one at a time (a slow
 * decode never piles up frames). Stops when `stop` is called or the stream ends.
 */
export function startCameraLoop(
  video: HTMLVideoElement,
  decoder: FrameDecoder,
  onDecoded: (text: string) => void,
): CameraLoop {
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  let running = true;
  let last = { text: '', at: Number.NEGATIVE_INFINITY };

  const next = () => {
    if (!running) return;
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(() => void tick());
    else requestAnimationFrame(() => void tick());
  };

  const tick = async () => {
    if (!running || !context) return;
    if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0);
      const text = await decoder.decode(canvas).catch(() => null);
      const now = performance.now();
      if (running && text) {
        const repeat = text === last.text && now - last.at < REPEAT_SUPPRESS_MS;
        // A code held in view keeps renewing its suppression, so it never fires twice.
        last = { text, at: now };
        if (!repeat) onDecoded(text);
      }
    }
    next();
  };

  next();
  return {
    stop() {
      running = false;
    },
  };
}
