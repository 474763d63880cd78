import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import QRCode from 'qrcode';

const run = promisify(execFile);

/**
 * A webcam recording for Chromium's fake capture: the QR code of `text` held up for
 * `showSeconds`, then an empty grey view for `awaySeconds` (Chromium loops the file, so the code
 * comes and goes like a ticket shown, taken away and shown again). Made with Debian's ffmpeg.
 */
export async function makeQrVideo(
  dir: string,
  name: string,
  text: string,
  { showSeconds = 1.5, awaySeconds = 5 } = {},
): Promise<string> {
  const png = join(dir, `${name}.png`);
  const y4m = join(dir, `${name}.y4m`);
  await QRCode.toFile(png, text, { errorCorrectionLevel: 'M', margin: 4, width: 320 });
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-loop',
    '1',
    '-t',
    String(showSeconds),
    '-i',
    png,
    '-f',
    'lavfi',
    '-t',
    String(awaySeconds),
    '-i',
    'color=c=0x707880:s=640x480:r=10',
    '-filter_complex',
    '[0:v]pad=640:480:(ow-iw)/2:(oh-ih)/2:color=0x707880,fps=10,format=yuv420p,setsar=1[shown];' +
      '[1:v]format=yuv420p,setsar=1[away];[shown][away]concat=n=2:v=1[out]',
    '-map',
    '[out]',
    '-pix_fmt',
    'yuv420p',
    y4m,
  ]);
  return y4m;
}
