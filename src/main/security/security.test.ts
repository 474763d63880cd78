import { mkdtemp, mkdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './csp';
import { isSafeExternalUrl, lockNavigation } from './navigation';
import { applyPermissionPolicy, isPermissionAllowed } from './permissions';
import { createAppProtocolHandler, resolveAppFile } from './protocol';
import { hardenedWebPreferences } from './web-preferences';

vi.mock('electron', () => ({}));

type Listener = (event: { preventDefault(): void }, url: string) => void;

function fakeWebContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  return {
    on: (name: string, listener: Listener) => listeners.set(name, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler;
    },
    navigate(url: string) {
      const event = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      listeners.get('will-navigate')?.(event, url);
      return event.prevented;
    },
    open: (url: string) => openHandler?.({ url }),
  };
}

describe('hardened windows', () => {
  it('isolate, sandbox and keep Node out of every renderer', () => {
    expect(hardenedWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('block navigation away from the app and every new window', () => {
    const contents = fakeWebContents();
    const shell = { openExternal: vi.fn(async () => undefined) };
    lockNavigation(contents as never, shell);
    expect(contents.navigate('https://evil.example/')).toBe(true);
    expect(contents.navigate('file:///etc/passwd')).toBe(true);
    expect(contents.navigate('app://leadpond/index.html#/kiosk')).toBe(false);
    expect(contents.open('https://leadpond.example/help')).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://leadpond.example/help');
    expect(contents.open('http://insecure.example/')).toEqual({ action: 'deny' });
    expect(contents.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('open only parsed https: URLs externally', () => {
    expect(isSafeExternalUrl('https://example.com')).toBe(true);
    for (const url of [
      'http://example.com',
      'file:///x',
      'smb://host/share',
      'not a url',
      'javascript:1',
    ]) {
      expect(isSafeExternalUrl(url)).toBe(false);
    }
  });
});

describe('permission table', () => {
  it('grants only the camera, only to the app', () => {
    expect(
      isPermissionAllowed('media', 'app://leadpond/index.html', { mediaTypes: ['video'] }),
    ).toBe(true);
    expect(
      isPermissionAllowed('media', 'app://leadpond/index.html', { mediaTypes: ['audio'] }),
    ).toBe(false);
    expect(
      isPermissionAllowed('media', 'app://leadpond/index.html', { mediaTypes: ['video', 'audio'] }),
    ).toBe(false);
    expect(isPermissionAllowed('media', 'https://evil.example/', { mediaTypes: ['video'] })).toBe(
      false,
    );
    for (const permission of [
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'midi',
    ]) {
      expect(isPermissionAllowed(permission, 'app://leadpond/index.html')).toBe(false);
    }
  });

  it('is installed as both request and check handler', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    applyPermissionPolicy(session as never);
    const request = session.setPermissionRequestHandler.mock.calls[0]?.[0];
    const answers: boolean[] = [];
    const contents = { getURL: () => 'app://leadpond/index.html' };
    request(contents, 'media', (ok: boolean) => answers.push(ok), {
      requestingUrl: 'app://leadpond/',
      mediaTypes: ['video'],
    });
    request(contents, 'media', (ok: boolean) => answers.push(ok), {
      requestingUrl: 'app://leadpond/',
      mediaTypes: ['audio'],
    });
    request(contents, 'geolocation', (ok: boolean) => answers.push(ok), {
      requestingUrl: 'app://leadpond/',
    });
    expect(answers).toEqual([true, false, false]);
    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0];
    expect(check(null, 'media', 'app://leadpond', { mediaType: 'video' })).toBe(true);
    expect(check(null, 'media', 'app://leadpond', { mediaType: 'audio' })).toBe(false);
    expect(check(null, 'media', 'https://evil.example', { mediaType: 'video' })).toBe(false);
  });
});

describe('content security policy', () => {
  it('allows no eval, no inline script, no plugins, no framing', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-eval'");
    // Compiling the QR decoder's WebAssembly is the one exception; it does not allow eval().
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });
});

describe('app:// protocol', () => {
  async function makeRoot() {
    const dir = await mkdtemp(join(tmpdir(), 'leadpond-protocol-'));
    const root = join(dir, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<h1>app</h1>');
    await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(dir, 'secret.txt'), 'secret');
    await symlink(join(dir, 'secret.txt'), join(root, 'escape.txt'));
    return root;
  }

  it('serves files under the renderer root with CSP on HTML', async () => {
    const handler = createAppProtocolHandler(await makeRoot());
    const page = await handler(new Request('app://leadpond/'));
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<h1>app</h1>');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const script = await handler(new Request('app://leadpond/assets/app.js'));
    expect(script.headers.get('content-type')).toContain('text/javascript');
  });

  it('refuses traversal in every encoding, other hosts, and symlinks out of the root', async () => {
    const root = await makeRoot();
    for (const url of [
      'app://leadpond/../secret.txt',
      'app://leadpond/%2e%2e/secret.txt',
      'app://leadpond/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://leadpond/%2e%2e%5csecret.txt',
      'app://leadpond//etc/passwd',
      'app://leadpond/escape.txt',
      'app://other/index.html',
      'app://leadpond/index.html%00.js',
      'file:///etc/passwd',
    ]) {
      expect(await resolveAppFile(root, url), url).toBeNull();
    }
    const handler = createAppProtocolHandler(root);
    expect((await handler(new Request('app://leadpond/%2e%2e/secret.txt'))).status).toBe(404);
  });
});
