/**
 * QR decoders for camera frames, behind one interface so the bench measures exactly what the
 * check-in screen runs. Each is loaded on demand: the decoders are large and only the check-in
 * screen needs one.
 */
export interface FrameDecoder {
  readonly name: string;
  /** The text of the first QR code in the frame, or null when there is none. */
  decode(frame: HTMLCanvasElement): Promise<string | null>;
}

/** ZXing-C++ compiled to WebAssembly; the .wasm ships with the app (no CDN, works offline). */
export async function loadZxingWasmDecoder(): Promise<FrameDecoder> {
  const [{ prepareZXingModule, readBarcodes }, { default: wasmUrl }] = await Promise.all([
    import('zxing-wasm/reader'),
    import('zxing-wasm/reader/zxing_reader.wasm?url'),
  ]);
  await prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) =>
        path.endsWith('.wasm') ? wasmUrl : prefix + path,
    },
    fireImmediately: true,
  });
  return {
    name: 'zxing-wasm',
    async decode(frame) {
      const context = frame.getContext('2d', { willReadFrequently: true });
      if (!context) return null;
      const image = context.getImageData(0, 0, frame.width, frame.height);
      const [result] = await readBarcodes(image, {
        formats: ['QRCode'],
        maxNumberOfSymbols: 1,
        tryHarder: false,
      });
      return result?.isValid ? result.text : null;
    },
  };
}

/** The ZXing JavaScript port that html5-qrcode runs on every frame, called the same way. */
export async function loadHtml5QrcodeDecoder(): Promise<FrameDecoder> {
  const [{ ZXingHtml5QrcodeDecoder }, { Html5QrcodeSupportedFormats }] = await Promise.all([
    import('html5-qrcode/esm/zxing-html5-qrcode-decoder.js'),
    import('html5-qrcode/esm/core.js'),
  ]);
  const quiet = { log() {}, warn() {}, logError() {}, logErrors() {} };
  const decoder = new ZXingHtml5QrcodeDecoder([Html5QrcodeSupportedFormats.QR_CODE], false, quiet);
  return {
    name: 'html5-qrcode',
    async decode(frame) {
      try {
        return (await decoder.decodeAsync(frame)).text;
      } catch {
        // zxing-js signals "no code in this frame" by throwing.
        return null;
      }
    },
  };
}
