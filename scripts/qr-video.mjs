// A webcam recording for Chromium's fake capture (--use-file-for-fake-video-capture): QR codes
// held up in turn, each for some seconds, with empty grey views (text: null) between them.
// Chromium loops the file, so a code comes and goes like a ticket shown, taken away and shown
// again. Used by the e2e tests and the benchmarks; needs Debian's ffmpeg.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import QRCode from 'qrcode';

const run = promisify(execFile);
const GREY = '0x707880';
const CODE_SIZE = 320;

/**
 * @param {string} dir folder for the intermediate PNGs and the video
 * @param {string} name file name stem
 * @param {{ text: string | null; seconds: number }[]} segments
 * @param {{ fps?: number }} [options]
 * @returns {Promise<string>} path of the .y4m
 */
export async function makeQrVideo(dir, name, segments, { fps = 10 } = {}) {
  const blank = join(dir, `${name}-blank.png`);
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `color=c=${GREY}:s=${CODE_SIZE}x${CODE_SIZE}`,
    '-frames:v',
    '1',
    blank,
  ]);
  const inputs = [];
  const chains = [];
  for (const [i, segment] of segments.entries()) {
    let file = blank;
    if (segment.text !== null) {
      file = join(dir, `${name}-${i}.png`);
      await QRCode.toFile(file, segment.text, {
        errorCorrectionLevel: 'M',
        margin: 4,
        width: CODE_SIZE,
      });
    }
    inputs.push('-loop', '1', '-t', String(segment.seconds), '-i', file);
    // Same size, rate and pixel format for every piece, or concat refuses them.
    chains.push(
      `[${i}:v]pad=640:480:(ow-iw)/2:(oh-ih)/2:color=${GREY},fps=${fps},format=yuv420p,setsar=1[s${i}]`,
    );
  }
  const joined = segments.map((_, i) => `[s${i}]`).join('');
  const video = join(dir, `${name}.y4m`);
  await run('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...inputs,
    '-filter_complex',
    `${chains.join(';')};${joined}concat=n=${segments.length}:v=1[out]`,
    ...['-map', '[out]', '-pix_fmt', 'yuv420p', video],
  ]);
  return video;
}
