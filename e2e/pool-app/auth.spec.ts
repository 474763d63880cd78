import { expect, test, type Browser, type Page } from '@playwright/test';
import { auth } from '../../src/shared/i18n/pool/auth';
import { shell } from '../../src/shared/i18n/pool/shell';
import { users } from '../../src/shared/i18n/pool/users';
import type { TestPool } from '../../src/server/testing';
import { appUrl, checkScreen, createUserSession, DESKTOP, say, signIn, startPoolApp } from './kit';

const PASSWORD = 'first admin password';

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: DESKTOP,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  return context.newPage();
}

for (const lang of ['zh-CN', 'en'] as const) {
  test.describe(`sign-in, set-up and users (${lang})`, () => {
    let pool: TestPool;
    test.beforeAll(async () => {
      pool = await startPoolApp();
    });
    test.afterAll(async () => {
      await pool.close();
    });

    test('set-up link → admin signs in → invites marketing → they accept and sign in', async ({
      browser,
    }) => {
      test.setTimeout(240_000);
      const a = (path: string, values?: Record<string, string>) => say(auth, lang, path, values);
      const u = (path: string, values?: Record<string, string>) => say(users, lang, path, values);
      const token = await pool.issueSetupLink();
      expect(token).toBeTruthy();

      // The printed link: the first admin chooses name, email and password.
      const admin = await freshPage(browser);
      await admin.goto(appUrl(pool, `/setup/${token}`, lang));
      await expect(admin.getByRole('heading', { name: a('setup.title') })).toBeVisible();
      await admin.getByLabel(a('fields.name')).fill('林静');
      await admin.getByLabel(a('fields.email')).fill('lin.jing@example.com');
      await admin.getByLabel(a('fields.newPassword')).fill('too short');
      await admin.getByLabel(a('fields.passwordAgain')).fill('too short');
      await admin.getByRole('button', { name: a('setup.submit') }).click();
      await expect(admin.getByText(a('validation.passwordTooShort', { min: '10' }))).toBeVisible();
      await checkScreen(admin, `auth-setup-errors-${lang}`);
      await admin.getByLabel(a('fields.newPassword')).fill(PASSWORD);
      await admin.getByLabel(a('fields.passwordAgain')).fill(PASSWORD);
      await admin.getByRole('button', { name: a('setup.submit') }).click();

      // Signed in, on the users screen.
      await expect(admin.getByRole('heading', { name: u('title'), level: 1 })).toBeVisible();
      await expect(admin.getByRole('cell', { name: 'lin.jing@example.com' })).toBeVisible();
      await checkScreen(admin, `users-${lang}`);

      // The link is dead now, for anyone.
      const late = await freshPage(browser);
      await late.goto(appUrl(pool, `/setup/${token}`, lang));
      await late.getByLabel(a('fields.name')).fill('Mallory');
      await late.getByLabel(a('fields.email')).fill('mallory@example.com');
      await late.getByLabel(a('fields.newPassword')).fill(PASSWORD);
      await late.getByLabel(a('fields.passwordAgain')).fill(PASSWORD);
      await late.getByRole('button', { name: a('setup.submit') }).click();
      await expect(late.getByRole('alert')).toHaveText(a('setup.invalid'));
      await late.context().close();

      // Invite a marketing colleague: the one-time link, copied.
      await admin.getByLabel(u('invite.name'), { exact: true }).fill('王芳');
      await admin.getByLabel(u('invite.email'), { exact: true }).fill('wang.fang@example.com');
      await admin.getByLabel(u('invite.role'), { exact: true }).selectOption('marketing');
      await admin.getByRole('button', { name: u('invite.submit') }).click();
      const linkField = admin.getByLabel(u('invite.linkLabel'));
      await expect(linkField).toHaveValue(/\/app\/#\/invite\/lpi_/);
      await admin.getByRole('button', { name: u('invite.copy') }).click();
      await expect(admin.getByRole('button', { name: u('invite.copied') })).toBeVisible();
      const link = await linkField.inputValue();
      expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(link);
      await expect(admin.getByRole('cell', { name: 'wang.fang@example.com' })).toBeVisible();
      await checkScreen(admin, `users-invited-${lang}`);

      // She opens it elsewhere, chooses a password, and is signed in.
      const marketing = await freshPage(browser);
      await marketing.goto(`${link.replace('/app/#', `/app/?lang=${lang}#`)}`);
      await expect(marketing.getByRole('heading', { name: a('invite.title') })).toBeVisible();
      await checkScreen(marketing, `auth-invite-${lang}`);
      await marketing.getByLabel(a('fields.newPassword')).fill('wang fang password');
      await marketing.getByLabel(a('fields.passwordAgain')).fill('wang fang password');
      await marketing.getByRole('button', { name: a('invite.submit') }).click();
      const account = marketing.getByRole('button', {
        name: `${say(shell, lang, 'user.menu', { name: '王芳' })} · ${say(shell, lang, 'roles.marketing')}`,
      });
      await expect(account).toBeVisible();

      // Marketing is no admin: the users screen refuses, and so does the API.
      await marketing.goto(appUrl(pool, '/users', lang));
      const forbidden = marketing.getByRole('heading', {
        name: say(shell, lang, 'state.forbidden'),
      });
      await expect(forbidden).toBeVisible();
      expect((await marketing.request.get(`${pool.url}/api/v1/users`)).status()).toBe(403);

      // Signs out, and back in with the password (back on the screen she was on).
      await account.click();
      await marketing
        .getByRole('button', { name: say(shell, lang, 'user.signOut'), exact: true })
        .click();
      await expect(marketing.getByRole('heading', { name: a('signIn.title') })).toBeVisible();
      expect((await marketing.request.get(`${pool.url}/api/v1/auth/me`)).status()).toBe(401);
      await marketing.getByLabel(a('fields.email')).fill('wang.fang@example.com');
      await marketing.getByLabel(a('fields.password')).fill('not her password');
      await marketing.getByRole('button', { name: a('signIn.submit') }).click();
      await expect(marketing.getByRole('alert')).toHaveText(a('signIn.wrong'));
      await checkScreen(marketing, `auth-signin-wrong-${lang}`);
      await marketing.getByLabel(a('fields.password')).fill('wang fang password');
      await marketing.getByRole('button', { name: a('signIn.submit') }).click();
      await expect(account).toBeVisible();
      await expect(forbidden).toBeVisible();

      // The admin sees her sign-in, and the invitation is no longer open.
      await admin.reload();
      const row = admin.getByRole('row', { name: /王芳/ });
      await expect(row.getByRole('cell', { name: 'wang.fang@example.com' })).toBeVisible();
      await expect(row.getByText(u('list.never'))).toHaveCount(0);
      await expect(admin.getByText(u('open.none'))).toBeVisible();
      await marketing.context().close();
      await admin.context().close();
    });

    test('a sales user opening #/users sees a refusal and the API answers 403; the admin revokes them', async ({
      browser,
    }) => {
      test.setTimeout(180_000);
      const u = (path: string, values?: Record<string, string>) => say(users, lang, path, values);
      const salesUser = await createUserSession(pool, 'sales', `Sales ${lang}`);
      const sales = await freshPage(browser);
      await sales.goto(appUrl(pool, '/users', lang));
      await expect(
        sales.getByRole('heading', { name: say(auth, lang, 'signIn.title') }),
      ).toBeVisible();
      await checkScreen(sales, `auth-signin-${lang}`);
      await signIn(sales, salesUser.email, salesUser.password);
      await expect(
        sales.getByRole('heading', { name: say(shell, lang, 'state.forbidden') }),
      ).toBeVisible();
      await checkScreen(sales, `users-forbidden-sales-${lang}`);
      const refused = await sales.request.get(`${pool.url}/api/v1/users`);
      expect(refused.status()).toBe(403);
      // Not even by hand: a write with the cookie, from the app's own origin.
      const forged = await sales.request.post(`${pool.url}/api/v1/users/invites`, {
        headers: { origin: pool.url },
        data: { name: 'Me Again', email: 'me.again@example.com', role: 'admin' },
      });
      expect(forged.status()).toBe(403);

      // An admin signs in, makes them marketing, then revokes them with confirmation.
      const adminUser = await createUserSession(pool, 'admin', `Admin ${lang}`);
      const admin = await freshPage(browser);
      await admin.goto(appUrl(pool, '/users', lang));
      await signIn(admin, adminUser.email, adminUser.password);
      const roleSelect = admin.getByLabel(u('list.roleOf', { name: salesUser.name }));
      await roleSelect.selectOption('marketing');
      await expect(
        admin.getByText(u('roleChanged', { name: salesUser.name, role: u('roles.marketing') })),
      ).toBeVisible();
      await admin
        .getByRole('button', { name: u('revoke.buttonLabel', { name: salesUser.name }) })
        .click();
      const dialog = admin.getByRole('dialog', {
        name: u('revoke.title', { name: salesUser.name }),
      });
      await expect(dialog).toBeVisible();
      await checkScreen(admin, `users-revoke-confirm-${lang}`);
      await dialog.getByRole('button', { name: u('revoke.confirm') }).click();
      await expect(admin.getByText(u('revoke.done', { name: salesUser.name }))).toBeVisible();
      await expect(
        admin.getByRole('row', { name: new RegExp(salesUser.name) }).getByText(u('status.revoked')),
      ).toBeVisible();

      // Their session ended at once: the next request is refused and the app sends them away.
      expect((await sales.request.get(`${pool.url}/api/v1/auth/me`)).status()).toBe(401);
      await sales.reload();
      await expect(
        sales.getByRole('heading', { name: say(auth, lang, 'signIn.title') }),
      ).toBeVisible();
      await sales.context().close();
      await admin.context().close();
    });
  });
}
