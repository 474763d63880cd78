import QRCode from 'qrcode';
import { v7 as uuidv7 } from 'uuid';
import { generateEventKeyPair, issueTicket } from '../src/shared/scan';
import {
  loadHtml5QrcodeDecoder,
  loadZxingWasmDecoder,
  type FrameDecoder,
} from '../src/renderer/checkin/frame-decoders';

const WIDTH = 640;
const HEIGHT = 480;

/** A camera-like 640×480 frame: grey room, sensor noise, slight blur, and maybe a ticket QR. */
async function makeFrame(ticket: string | null, size: number, x: number, y: number, seed: number) {
  const frame = document.createElement('canvas');
  frame.width = WIDTH;
  frame.height = HEIGHT;
  const ctx = frame.getContext('2d', { willReadFrequently: true })!;
  const gradient = ctx.createLinearGradient(0, 0, WIDTH, HEIGHT);
  gradient.addColorStop(0, '#8a8f96');
  gradient.addColorStop(1, '#5d636b');
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, WIDTH, HEIGHT);
  if (ticket) {
    const code = document.createElement('canvas');
    await QRCode.toCanvas(code, ticket, { errorCorrectionLevel: 'M', margin: 4, width: size });
    ctx.filter = 'blur(0.7px)';
    ctx.drawImage(code, x, y);
    ctx.filter = 'none';
  }
  const image = ctx.getImageData(0, 0, WIDTH, HEIGHT);
  let state = seed;
  for (let i = 0; i < image.data.length; i += 4) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    const noise = ((state >>> 16) % 25) - 12;
    for (let c = 0; c < 3; c++)
      image.data[i + c] = Math.max(0, Math.min(255, image.data[i + c]! + noise));
  }
  ctx.putImageData(image, 0, 0);
  return frame;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (n: number) => Math.round(n * 100) / 100;

async function measure(
  decoder: FrameDecoder,
  frames: { canvas: HTMLCanvasElement; text: string | null }[],
  rounds: number,
) {
  for (const frame of frames) await decoder.decode(frame.canvas); // warm-up (JIT, wasm tiers)
  const hit: number[] = [];
  const miss: number[] = [];
  let correct = 0;
  let expected = 0;
  for (let round = 0; round < rounds; round++) {
    for (const frame of frames) {
      const started = performance.now();
      const text = await decoder.decode(frame.canvas);
      const elapsed = performance.now() - started;
      if (frame.text) {
        expected += 1;
        if (text === frame.text) correct += 1;
        hit.push(elapsed);
      } else miss.push(elapsed);
    }
  }
  return { hit, miss, recognized: correct / expected };
}

async function runDecoderBench(rounds = 20) {
  const keys = generateEventKeyPair();
  const ticket = issueTicket(
    { eventId: uuidv7(), personId: uuidv7(), issuedAt: Date.now() },
    keys.privateKey,
  );
  const placements: [number, number, number][] = [
    [220, 210, 130],
    [300, 170, 90],
    [180, 60, 260],
    [150, 380, 40],
    [260, 100, 200],
    [360, 30, 60],
    [110, 500, 330],
  ];
  const frames = [];
  for (const [i, [size, x, y]] of placements.entries()) {
    frames.push({ canvas: await makeFrame(ticket, size, x, y, i + 1), text: ticket });
  }
  for (let i = 0; i < 4; i++)
    frames.push({ canvas: await makeFrame(null, 0, 0, 0, 100 + i), text: null });

  const decoders = [await loadHtml5QrcodeDecoder(), await loadZxingWasmDecoder()];
  const results = [];
  for (const decoder of decoders)
    results.push({ decoder, ...(await measure(decoder, frames, rounds)) });
  const baseline = results[0]!;
  const figures = [];
  for (const result of results) {
    for (const kind of ['hit', 'miss'] as const) {
      const samples = result[kind];
      const p50 = percentile(samples, 50);
      const baseP50 = percentile(baseline[kind], 50);
      figures.push({
        name: `decode_frame_${kind === 'hit' ? 'with_qr' : 'without_qr'}_ms`,
        decoder: result.decoder.name,
        value: round(p50),
        p95: round(percentile(samples, 95)),
        unit: 'ms',
        frame: `${WIDTH}x${HEIGHT}`,
        n: samples.length,
        ...(kind === 'hit' ? { recognized: round(result.recognized) } : {}),
        baseline: `${baseline.decoder.name} p50`,
        baseline_value: round(baseP50),
        ratio: Math.round((p50 / baseP50) * 10_000) / 10_000,
      });
    }
  }
  return figures;
}

Object.assign(globalThis, { runDecoderBench });
