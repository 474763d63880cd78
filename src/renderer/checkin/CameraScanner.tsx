import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { startCameraLoop } from './camera-loop';
import { loadZxingWasmDecoder } from './frame-decoders';

type CameraState =
  { kind: 'off' } | { kind: 'starting' } | { kind: 'on' } | { kind: 'error'; message: string };

/** Camera preview that decodes QR codes from every frame it can (zxing-wasm; see the bench). */
export function CameraScanner({ onDecoded }: { onDecoded(text: string): void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<CameraState>({ kind: 'off' });
  const latest = useRef(onDecoded);
  useEffect(() => {
    latest.current = onDecoded;
  }, [onDecoded]);

  const wanted = state.kind === 'starting' || state.kind === 'on';
  useEffect(() => {
    if (!wanted) return undefined;
    let stream: MediaStream | null = null;
    let loop: { stop(): void } | null = null;
    let cancelled = false;
    (async () => {
      const [decoder, media] = await Promise.all([
        loadZxingWasmDecoder(),
        navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } },
          audio: false,
        }),
      ]);
      stream = media;
      if (cancelled || !video.current) return;
      video.current.srcObject = media;
      await video.current.play();
      loop = startCameraLoop(video.current, decoder, (text) => latest.current(text));
      setState({ kind: 'on' });
    })().catch((error: unknown) => {
      if (!cancelled)
        setState({
          kind: 'error',
          message: error instanceof Error ? error.message : String(error),
        });
    });
    return () => {
      cancelled = true;
      loop?.stop();
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [wanted]);

  return (
    <section className="camera card" aria-label={t('checkin.cameraStart')}>
      <div className={`camera-frame${state.kind === 'on' ? ' live' : ''}`}>
        <video ref={video} muted playsInline />
        {state.kind === 'on' ? <div className="camera-aim" aria-hidden="true" /> : null}
      </div>
      <div className="camera-tools">
        {wanted ? (
          <button type="button" onClick={() => setState({ kind: 'off' })}>
            {t('checkin.cameraStop')}
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => setState({ kind: 'starting' })}>
            {t('checkin.cameraStart')}
          </button>
        )}
        <span className="camera-status" role="status">
          {state.kind === 'starting'
            ? t('checkin.cameraStarting')
            : state.kind === 'on'
              ? t('checkin.cameraHint')
              : state.kind === 'error'
                ? t('checkin.cameraError', { message: state.message })
                : ''}
        </span>
      </div>
    </section>
  );
}
