import type { CDPSession, Page } from '@playwright/test';

/** What USB scanners send: a key every few milliseconds. */
const SCANNER_KEY_GAP_MS = 5;

/**
 * A HID scanner's burst on the check-in desk: every key, then Enter, 5 ms apart. A real scanner's
 * keys carry the OS's input timestamps, so a busy machine does not stretch the burst; keys typed
 * by page.keyboard are stamped when the page gets them, and on a loaded machine the odd gap of
 * 40+ ms cuts the head off the burst (seen: a MECARD read as an unknown code, 2 runs in 5). So each
 * key goes through CDP's Input.dispatchKeyEvent with the time a scanner would give it, which
 * Chromium hands to the page as KeyboardEvent.timeStamp. Waiting for an idle page first lets the
 * screen's listeners (effects) be in place.
 */
export async function scannerBurst(page: Page, text: string): Promise<void> {
  await page.evaluate(() => new Promise((done) => requestIdleCallback(() => done(null))));
  const cdp = await scannerSession(page);
  const start = Date.now();
  const keys = [...text];
  const at = (index: number) => (start + index * SCANNER_KEY_GAP_MS) / 1000;
  for (const [index, key] of keys.entries()) {
    const timestamp = at(index);
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'keyDown',
      key,
      text: key,
      unmodifiedText: key,
      timestamp,
    });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, timestamp });
  }
  const enter = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 };
  const timestamp = at(keys.length);
  await cdp.send('Input.dispatchKeyEvent', {
    type: 'keyDown',
    ...enter,
    text: '\r',
    unmodifiedText: '\r',
    timestamp,
  });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...enter, timestamp });
}

const scannerSessions = new WeakMap<Page, Promise<CDPSession>>();

/**
 * One CDP session per page, kept until the page closes: detaching a session makes Chromium drop
 * the context's network emulation, so an offline booth (context.setOffline) would come back
 * online after its first scan.
 */
function scannerSession(page: Page): Promise<CDPSession> {
  let session = scannerSessions.get(page);
  if (!session) {
    session = page.context().newCDPSession(page);
    scannerSessions.set(page, session);
  }
  return session;
}
