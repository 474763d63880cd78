import { expect, test, type Page } from '@playwright/test';
import type {
  IntelligenceConfigResponse,
  IntelligencePreviewResponse,
} from '../../src/shared/api/intelligence';
import { bearer, createEvent } from '../../src/server/routes/routes.test-kit';
import { settings } from '../../src/shared/i18n/pool/settings';
import { shell } from '../../src/shared/i18n/pool/shell';
import { DEFAULT_CONFIG, type IntelligenceConfig } from '../../src/shared/intelligence';
import type { TestPool } from '../../src/server/testing';
import { deskPage, factOf, say, seedBooth } from './dash-kit';
import { appUrl, checkScreen, createUserSession, signIn, startPoolApp } from './kit';

/**
 * Scoring & routing settings on a real pool and the built app: a booth pushes leads through sync,
 * marketing lowers the MQL rule's score, previews the change (counts before → after, the same the
 * API computes), runs into a colleague's newer save, replays the change on top of it and saves.
 * The full flow runs in Chinese; English checks the screen and its preview.
 */
let pool: TestPool;
let marketing: { email: string; password: string };

// The MQL rule the test sets: grade B or better with 10 points instead of 60.
const lowered: IntelligenceConfig = {
  ...DEFAULT_CONFIG,
  mql: {
    anyOf: DEFAULT_CONFIG.mql.anyOf.map((clause) =>
      clause.kind === 'fitAndScore' ? { ...clause, minScore: 10 } : clause,
    ) as IntelligenceConfig['mql']['anyOf'],
  },
};

async function apiPreview(config: IntelligenceConfig): Promise<IntelligencePreviewResponse> {
  const response = await pool.app.inject({
    method: 'POST',
    url: '/api/v1/intelligence/preview',
    headers: bearer(pool.adminToken),
    payload: { config },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  pool = await startPoolApp();
  const fair = await createEvent(pool, { name: '2026 工业自动化博览会' });
  // Four directors of big companies (grade B) who registered and came (15 points); one asked for
  // a demo (an MQL already); two engineers of small firms.
  await seedBooth(
    pool,
    fair.id,
    Array.from({ length: 6 }, (_, i) => ({
      name: `访客${i}`,
      phone: `+86137${String(20_000_000 + i).slice(-8)}`,
      title: i < 4 ? '销售总监' : '工程师',
      companySize: i < 4 ? '1000人以上' : '20人',
    })),
    (person, i) => [
      factOf(fair.id, person.id, 'registered'),
      factOf(fair.id, person.id, 'checked_in'),
      ...(i === 0 ? [factOf(fair.id, person.id, 'demo_requested')] : []),
    ],
  );
  marketing = await createUserSession(pool, 'marketing', 'Wang Fang');
});
test.afterAll(async () => {
  await pool.close();
});

const minScore = (page: Page, lang: 'zh-CN' | 'en') =>
  page.getByLabel(say(settings, lang, 'mql.minScore'), { exact: true });

test('marketing previews a lower MQL score, meets a newer save, replays the change and saves', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const lang = 'zh-CN';
  const s = (path: string, values?: Record<string, string | number>) =>
    say(settings, lang, path, values);
  const expected = await apiPreview(lowered);
  // The seed makes the change matter: three directors would be promoted.
  expect(expected.current.mqls).toBe(1);
  expect(expected.draft.mqls).toBe(4);

  const page = await deskPage(browser);
  await page.goto(appUrl(pool, '/', lang));
  await signIn(page, marketing.email, marketing.password);
  await page.getByRole('link', { name: say(shell, lang, 'nav.settings') }).click();
  await expect(page.getByRole('heading', { name: s('title'), level: 1 })).toBeVisible();
  await expect(page.getByText(s('revisionDefault'))).toBeVisible();
  // Marketing's settings tabs have no users screen (that one is the admins').
  const tabs = page.getByRole('navigation', { name: s('nav.label') });
  await expect(tabs.getByRole('link')).toHaveText([s('nav.intelligence'), s('nav.crm')]);
  const saveButton = page.getByRole('button', { name: s('save.button') });
  await expect(saveButton).toBeDisabled();
  await checkScreen(page, `settings-intelligence-${lang}`);

  // Lower the score; saving waits for a preview of exactly this draft.
  await minScore(page, lang).fill('10');
  await expect(page.getByText(s('preview.needed'))).toBeVisible();
  await expect(saveButton).toBeDisabled();
  await page.getByRole('button', { name: s('preview.button') }).click();
  await expect(page.getByText(s('preview.summary', { after: 4, before: 1 }))).toBeVisible();
  const table = page.getByRole('table', { name: s('preview.caption') });
  await expect(table.getByRole('row', { name: new RegExp(`^${s('preview.mqls')}`) })).toHaveText(
    new RegExp(`${expected.current.mqls}\\s*${expected.draft.mqls}\\s*\\+3`),
  );
  await expect(
    table.getByRole('row', { name: new RegExp(`^${s('preview.promoted')}`) }),
  ).toHaveText(/0\s*3\s*\+3/);
  await expect(saveButton).toBeEnabled();
  await page.locator('.settings-preview-panel').scrollIntoViewIfNeeded();
  await checkScreen(page, `settings-preview-${lang}`);

  // Meanwhile a colleague saves another change (revision 1): this save is refused as stale.
  const colleague = await pool.app.inject({
    method: 'PUT',
    url: '/api/v1/intelligence/config',
    headers: bearer(pool.adminToken),
    payload: {
      baseRevision: 0,
      config: {
        ...DEFAULT_CONFIG,
        routing: { ...DEFAULT_CONFIG.routing, defaultQueue: '华东销售' },
      },
    },
  });
  expect(colleague.statusCode, colleague.body).toBe(200);
  await saveButton.click();
  const stale = page.locator('.settings-stale[role="alert"]');
  await expect(stale).toContainText(s('save.loadTheirs', { revision: 1 }));
  await expect(saveButton).toBeDisabled();
  await stale.scrollIntoViewIfNeeded();
  await checkScreen(page, `settings-stale-${lang}`);

  // Replay mine on top of theirs: both changes stand, previewed again, then saved as revision 2.
  await page.getByRole('button', { name: s('save.keepMine') }).click();
  await expect(page.getByLabel(s('routing.defaultQueue'))).toHaveValue('华东销售');
  await expect(minScore(page, lang)).toHaveValue('10');
  await expect(page.getByText(s('preview.summary', { after: 4, before: 1 }))).toBeVisible();
  await saveButton.click();
  await expect(page.getByText(s('save.done', { revision: 2 }))).toBeVisible();
  await expect(saveButton).toBeDisabled();
  const saved = await page.request.get(`${pool.url}/api/v1/intelligence/config`);
  const body = (await saved.json()) as IntelligenceConfigResponse;
  expect(body.revision).toBe(2);
  expect(body.config.routing.defaultQueue).toBe('华东销售');
  expect(body.config.mql.anyOf.find((c) => c.kind === 'fitAndScore')).toMatchObject({
    minScore: 10,
  });
  await page.context().close();

  // An admin's settings tabs lead to the users screen too.
  const adminUser = await createUserSession(pool, 'admin', 'Lin Jing');
  const admin = await deskPage(browser);
  await admin.goto(appUrl(pool, '/settings/intelligence', lang));
  await signIn(admin, adminUser.email, adminUser.password);
  await admin
    .getByRole('navigation', { name: s('nav.label') })
    .getByRole('link', { name: s('nav.users') })
    .click();
  await expect(admin).toHaveURL(/#\/users$/);
  await admin.context().close();

  // Sales may not open it, and the API refuses them.
  const salesUser = await createUserSession(pool, 'sales', 'Li Lei');
  const sales = await deskPage(browser);
  await sales.goto(appUrl(pool, '/settings/intelligence', lang));
  await signIn(sales, salesUser.email, salesUser.password);
  await expect(
    sales.getByRole('heading', { name: say(shell, lang, 'state.forbidden') }),
  ).toBeVisible();
  expect((await sales.request.get(`${pool.url}/api/v1/intelligence/config`)).status()).toBe(403);
  await sales.context().close();
});

test('the settings in English, with a preview', async ({ browser }) => {
  test.setTimeout(120_000);
  const lang = 'en';
  const s = (path: string, values?: Record<string, string | number>) =>
    say(settings, lang, path, values);
  const page = await deskPage(browser);
  await page.goto(appUrl(pool, '/settings/intelligence', lang));
  await signIn(page, marketing.email, marketing.password);
  await expect(page.getByRole('heading', { name: s('title'), level: 1 })).toBeVisible();
  await checkScreen(page, `settings-intelligence-${lang}`);
  await minScore(page, lang).fill('70');
  await page.getByRole('button', { name: s('preview.button') }).click();
  await expect(page.getByRole('table', { name: s('preview.caption') })).toBeVisible();
  await page.locator('.settings-preview-panel').scrollIntoViewIfNeeded();
  await checkScreen(page, `settings-preview-${lang}`);
  await page.context().close();
});
