// Renders resources/icon.svg into the PNGs the installers and pages need (run after changing the
// SVG; the outputs are committed): resources/icon.png (1024 px, electron-builder makes the .ico
// and .icns from it), resources/icons/<n>x<n>.png (Linux), resources/web/ (favicons).
import { copyFileSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const svg = readFileSync('resources/icon.svg', 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const page = await browser.newPage();
async function render(size, path) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  await page.locator('svg').screenshot({ path, omitBackground: true });
}
await render(1024, 'resources/icon.png');
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  await render(size, `resources/icons/${size}x${size}.png`);
}
await render(32, 'resources/web/favicon-32.png');
await render(180, 'resources/web/apple-touch-icon.png');
copyFileSync('resources/icon.svg', 'resources/web/favicon.svg');
await browser.close();
console.log('icons written under resources/');
