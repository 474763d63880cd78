import { expect, test, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_CONFIG, type IntelligenceConfig } from '../src/shared/intelligence';
import type { LeadEvent } from '../src/shared/schemas';
import { saveConfig } from '../src/server/services/intelligence-config';
import type { TestPool } from '../src/server/testing';
import { expectAccessible } from './axe';
import { openApp } from './booth';
import {
  enrollForEvent,
  getCustomer,
  searchCustomers,
  startPool,
  syncBadge,
  withInstalledBooth,
} from './pool';

/**
 * Issue 12 at the booth: staff see a lead's grade, score and their lines, computed offline by the
 * shared engine with the pool's rules; a lead that meets the MQL rule is flagged at once; after
 * sync the pool's customer carries the same grade and score.
 */

const SHOTS = '/tmp/shots';
const SLOW = { timeout: 60_000 };

/** The exhibitor's own rules, saved in the pool: manufacturing is its target industry. */
const EXHIBITOR_RULES: IntelligenceConfig = {
  ...DEFAULT_CONFIG,
  grading: {
    ...DEFAULT_CONFIG.grading,
    industries: [{ contains: ['制造', 'manufactur'], points: 10 }],
  },
};

let pool: TestPool;

test.beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  pool = await startPool();
  const saved = await pool.db.transaction((tx) =>
    saveConfig(tx, EXHIBITOR_RULES, 0, 'marketing', Date.now()),
  );
  expect(saved.ok).toBe(true);
});
test.afterAll(async () => {
  await pool?.close();
});

/** An event whose form asks what grading reads: title, department, industry, company size. */
async function createScoredEvent(name: string): Promise<LeadEvent> {
  const response = await fetch(`${pool.url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${pool.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name,
      venue: '国家会展中心（上海）',
      startsOn: '2026-11-25',
      endsOn: '2026-11-27',
      form: {
        fields: ['name', 'phone', 'company', 'title', 'industry', 'companySize', 'province'],
        required: ['name', 'phone'],
      },
      consent: {
        text: '我们将按《个人信息保护法》处理您的信息，用于活动沟通与产品推荐。',
        version: 'v3',
      },
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { event: LeadEvent }).event;
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  await expectAccessible(page);
}

function card(page: Page) {
  return page.getByRole('region', { name: '线索评分' });
}

test('offline, a 总监 at a 500–999 company qualified hot is flagged MQL with its lines; the pool agrees after sync', async ({
  baseURL,
}) => {
  test.setTimeout(240_000);
  const event = await createScoredEvent('2026 上海工业博览会');
  await withInstalledBooth(baseURL, async (launch) => {
    const { context, page } = await launch({ poolUrl: pool.url });
    await page.setViewportSize({ width: 1366, height: 768 });
    await enrollForEvent(page, pool, event, 60_000);

    // The venue network goes: everything below happens on the booth alone.
    await context.setOffline(true);
    await expect(syncBadge(page)).toHaveAttribute('data-state', 'offline', SLOW);

    await page.getByRole('button', { name: '新增线索' }).click();
    const form = page.getByRole('form', { name: '新增线索' });
    const lead = {
      姓名: '王建国',
      手机号: '13912340001',
      公司: '苏州精工机械',
      职位: '采购总监',
      行业: '装备制造',
      公司规模: '500-999人',
      省份: '江苏',
    };
    for (const [label, value] of Object.entries(lead))
      await form.getByRole('textbox', { name: label, exact: true }).fill(value);
    await form.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.locator('.person-panel h2').first()).toHaveText('王建国');

    // Captured: the pool's rules (its industry line) already score it, before any qualifying.
    const score = card(page);
    await expect(score.getByTestId('intelligence.grade')).toHaveText('B');
    await expect(score.getByTestId('intelligence.fit')).toHaveText('55');
    await expect(score.getByTestId('intelligence.score')).toHaveText('5');
    await expect(score.getByTestId('intelligence.cell')).toHaveText('B4');
    const fitLines = score.getByRole('region', { name: /^匹配度/ }).getByRole('listitem');
    await expect(fitLines).toHaveText([
      '+20 职位: 采购总监',
      '+10 部门: 采购',
      '+15 公司规模: 500-999人',
      '+10 行业: 装备制造',
    ]);
    await expect(score.getByRole('region', { name: /^活跃度/ }).getByRole('listitem')).toHaveText([
      '+5 报名 · 今天',
    ]);
    await expect(score.getByRole('list', { name: '标签' })).toContainText('总监');
    await expect(score.getByRole('list', { name: '标签' })).toContainText('500-999 人');
    await expect(score.getByRole('list', { name: '标签' })).toContainText('华东');
    await expect(score).toContainText('评分规则：客户池第 1 版');
    await expect(page.getByTestId('person.mql')).toHaveCount(0);

    // Staff qualify: hot, budget, decision maker, a demo as the next step.
    const qualification = page.getByRole('form', { name: '线索评估' });
    await qualification.getByLabel('热').check();
    await qualification.getByLabel('预算').selectOption({ label: '10–100 万' });
    await qualification.getByLabel('决策角色').selectOption({ label: '决策者' });
    await qualification.getByLabel('下一步').selectOption({ label: '产品演示' });
    await qualification.getByRole('button', { name: '保存评估' }).click();

    // MQL at once: on the card, beside the name, and on the lead's row.
    await expect(score.getByTestId('intelligence.grade')).toHaveText('A');
    await expect(score.getByTestId('intelligence.fit')).toHaveText('82');
    await expect(score.getByTestId('intelligence.cell')).toHaveText('A4');
    await expect(score.getByTestId('intelligence.mql')).toHaveText('A4 · 建议立即跟进');
    await expect(page.getByTestId('person.mql')).toHaveText('A4 · 建议立即跟进');
    const row = page.locator('.person-row').filter({ hasText: '王建国' });
    await expect(row).toContainText('A4 · 建议立即跟进');
    // The booth's own rating stands on the row too.
    await expect(row.locator('.row-rating-hot')).toHaveText('热');
    // Phones read as people write them, in the list and in the form.
    await expect(row).toContainText('139 1234 0001');
    await expect(page.getByRole('textbox', { name: /^手机号/ })).toHaveValue('139 1234 0001');
    await expect(fitLines).toContainText(['+12 预算: 10万–100万', '+15 决策权: 决策者']);
    await expect(syncBadge(page)).toHaveAttribute('data-state', 'offline');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'booth-intelligence-mql-offline-zh-CN');
    await score.evaluate((el) =>
      window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 70),
    );
    await shoot(page, 'booth-intelligence-lines-offline-zh-CN');
    const boothGrade = await score.getByTestId('intelligence.grade').textContent();
    const boothScore = Number(await score.getByTestId('intelligence.score').textContent());

    // Back online: the lead reaches the pool, which scores it the same.
    await context.setOffline(false);
    await expect(syncBadge(page)).toHaveAttribute('data-state', 'synced', SLOW);
    // The same panel in English.
    await openApp(page, '/?lang=en');
    await page.locator('.person-row').filter({ hasText: '王建国' }).click();
    const en = page.getByRole('region', { name: 'Lead score' });
    await expect(en.getByTestId('intelligence.mql')).toHaveText('A4 · Follow up now');
    await expect(en.getByRole('region', { name: /^Fit/ }).getByRole('listitem')).toContainText([
      '+20 Title: 采购总监',
      '+15 Authority: decision maker',
    ]);
    await expect(en).toContainText('Scoring rules: pool revision 1');
    await en.evaluate((el) =>
      window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 70),
    );
    await shoot(page, 'booth-intelligence-lines-en');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'booth-intelligence-mql-en');

    // The pool scored the synced customer on ingest, by the same rules: the same numbers, in
    // its columns (what lists filter and sort on) and in the customer API marketing reads.
    const [customer] = await searchCustomers(pool, '王建国');
    expect(customer).toBeDefined();
    const id = customer?.id ?? '';
    await expect
      .poll(
        async () => {
          const [row] = await pool.db.query<{ grade: string | null; score: number | null }>(
            'select grade, score from customers where id = $1',
            [id],
          );
          return { grade: row?.grade, score: row?.score === null ? null : Number(row?.score) };
        },
        { timeout: 30_000, message: "the pool's stored grade and score (intel-scoring)" },
      )
      .toEqual({ grade: boothGrade, score: boothScore });
    const detail = (await getCustomer(pool, id)) as unknown as {
      grade?: string;
      score?: number;
      stage?: string;
    };
    expect(
      { grade: detail.grade, score: detail.score, stage: detail.stage },
      'GET /customers/:id (intel-api)',
    ).toEqual({ grade: boothGrade, score: boothScore, stage: 'MQL' });

    await context.close();
  });
});
