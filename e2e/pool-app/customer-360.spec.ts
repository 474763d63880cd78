import { expect, test, type Browser } from '@playwright/test';
import type {
  CustomerListResponse,
  DuplicateListResponse,
  EnrollmentCodesResponse,
} from '../../src/shared/api';
import type { Language } from '../../src/shared/i18n';
import type { MessageTree } from '../../src/shared/i18n/pool/catalog';
import { customer } from '../../src/shared/i18n/pool/customer';
import { duplicates } from '../../src/shared/i18n/pool/duplicates';
import { newId } from '../../src/shared/ids';
import { createPerson } from '../../src/shared/person-ops';
import { emptyQualification } from '../../src/shared/qualification-ops';
import {
  EMPTY_PERSON_INPUT,
  type Interaction,
  type LeadEvent,
  type Person,
  type Source,
} from '../../src/shared/schemas';
import type { TestPool } from '../../src/server/testing';
import { appUrl, checkScreen, createUserSession, DESKTOP, signIn, startPoolApp } from './kit';

/** A message of a catalog in a language, `{{placeholders}}` filled in. */
function say(
  catalog: Record<Language, MessageTree>,
  lang: Language,
  path: string,
  values: Record<string, string> = {},
): string {
  let node: string | MessageTree | undefined = catalog[lang];
  for (const key of path.split('.')) node = typeof node === 'object' ? node[key] : undefined;
  if (typeof node !== 'string') throw new Error(`no message ${path}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
}

async function call<T>(
  pool: TestPool,
  token: string,
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await fetch(`${pool.url}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: unknown = await response.json();
  expect(response.ok, `${method} ${path}: ${JSON.stringify(json)}`).toBe(true);
  return json as T;
}

interface Booth {
  token: string;
  deviceId: string;
}

/** A booth enrolled the way staff enroll one: an enrollment code from marketing. */
async function enrollBooth(pool: TestPool, eventId: string, name: string): Promise<Booth> {
  const { codes } = await call<EnrollmentCodesResponse>(
    pool,
    pool.adminToken,
    'POST',
    `/events/${eventId}/enrollment-codes`,
    { count: 1 },
  );
  const enrolled = await fetch(`${pool.url}/api/v1/devices/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: codes[0]?.code, deviceName: name }),
  });
  expect(enrolled.status).toBe(200);
  return (await enrolled.json()) as Booth;
}

const pushAs = (pool: TestPool, booth: Booth, collection: string, docs: object[]) =>
  call<unknown[]>(
    pool,
    booth.token,
    'POST',
    `/sync/${collection}/push`,
    docs.map((doc) => ({
      newDocumentState: { ...doc, _deleted: false },
      assumedMasterState: null,
    })),
  );

interface Seeded {
  event: LeadEvent;
  booths: [Booth, Booth];
  /** The merged customer (王芳 from two booths). */
  customerId: string;
  /** The other side of the possible duplicate (李雷, same phone). */
  duplicateId: string;
  name: string;
}

/**
 * One person captured at two booths through the real sync API: Booth-1's staff form (phone,
 * company), Booth-2's badge scan (email, title) — two customers until a third capture on Booth-1
 * holds both keys and the pool merges them (an undoable merge). Then someone else types the same
 * phone under another name: a possible duplicate for marketing.
 */
async function seed(pool: TestPool, phone: string, email: string): Promise<Seeded> {
  const { event } = await call<{ event: LeadEvent }>(pool, pool.adminToken, 'POST', '/events', {
    name: `智能制造展 ${phone.slice(-4)}`,
    venue: '国家会展中心（上海）',
    startsOn: '2026-11-25',
    endsOn: '2026-11-27',
    consent: { text: '我们将按《个人信息保护法》处理您的信息。', version: 'v3' },
  });
  const booths: [Booth, Booth] = [
    await enrollBooth(pool, event.id, 'Booth-1'),
    await enrollBooth(pool, event.id, 'Booth-2'),
  ];
  const at = Date.now() - 3_600_000;
  const capture = (
    booth: Booth,
    source: Source,
    profile: Partial<typeof EMPTY_PERSON_INPUT>,
    when: number,
  ): Person =>
    createPerson(
      newId(),
      event.id,
      { ...EMPTY_PERSON_INPUT, ...profile },
      { granted: true, textVersion: 'v3', grantedAt: when },
      { source, deviceId: booth.deviceId, at: when },
    );
  const fact = (booth: Booth, personId: string, type: Interaction['type'], when: number) => ({
    id: newId(),
    eventId: event.id,
    personId,
    type,
    deviceId: booth.deviceId,
    staffId: 'staff-1',
    occurredAt: when,
    data: {},
    updatedAt: when,
  });
  const [one, two] = booths;
  const staffForm = capture(one, 'staff', { name: '王芳', phone, company: '上海星辰科技' }, at);
  const badge = capture(
    two,
    'badge',
    { name: 'Wang Fang', email, title: '采购总监', province: '上海' },
    at + 60_000,
  );
  await pushAs(pool, one, 'people', [staffForm]);
  await pushAs(pool, two, 'people', [badge]);
  await pushAs(pool, one, 'interactions', [fact(one, staffForm.id, 'checked_in', at + 1000)]);
  await pushAs(pool, two, 'interactions', [fact(two, badge.id, 'demo_requested', at + 61_000)]);
  await pushAs(pool, one, 'qualifications', [
    {
      ...emptyQualification(event.id, staffForm.id, at + 2000),
      rating: 'hot',
      budget: '100k_1m',
      authority: 'decision_maker',
      need: '产线数据采集，约 200 台终端',
      timeline: 'within_3m',
      competition: '现用西门子方案',
      nextStep: 'demo',
      notes: [{ id: newId(), text: '下周二上午回访，带报价', staffId: 'staff-1', at: at + 2000 }],
    },
  ]);
  // Both keys on one capture: the two customers are one person.
  await pushAs(pool, one, 'people', [
    capture(one, 'staff', { name: '王芳', phone, email }, at + 120_000),
  ]);
  await pushAs(pool, two, 'people', [capture(two, 'staff', { name: '李雷', phone }, at + 180_000)]);

  const { customers } = await call<CustomerListResponse>(
    pool,
    pool.adminToken,
    'GET',
    `/customers?q=${encodeURIComponent(email)}`,
  );
  expect(customers).toHaveLength(1);
  const customerId = customers[0]?.id ?? '';
  const queue = await call<DuplicateListResponse>(
    pool,
    pool.adminToken,
    'GET',
    '/customers/duplicates',
  );
  const pair = queue.duplicates.find(
    (d) => d.existing.id === customerId || d.arriving.id === customerId,
  );
  expect(pair, JSON.stringify(queue)).toBeTruthy();
  const duplicateId =
    pair?.existing.id === customerId ? pair.arriving.id : (pair?.existing.id ?? '');
  return { event, booths, customerId, duplicateId, name: '王芳' };
}

async function signedIn(browser: Browser, pool: TestPool, role: 'admin' | 'sales', to: string) {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  const user = await createUserSession(pool, role);
  await page.goto(to);
  await signIn(page, user.email, user.password);
  return page;
}

test.describe('customer 360 and possible duplicates', () => {
  let pool: TestPool;
  test.beforeAll(async () => {
    pool = await startPoolApp();
  });
  test.afterAll(async () => {
    await pool.close();
  });

  test('zh-CN: provenance, timeline, explanation, stage, duplicate, merge undo, erase', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const lang = 'zh-CN';
    const c = (path: string, values?: Record<string, string>) => say(customer, lang, path, values);
    const d = (path: string, values?: Record<string, string>) =>
      say(duplicates, lang, path, values);
    const seeded = await seed(pool, '+8613912340001', 'wang.fang@example.com');
    const page = await signedIn(
      browser,
      pool,
      'admin',
      appUrl(pool, `/customers/${seeded.customerId}`, lang),
    );

    await expect(page.getByRole('heading', { name: '王芳', level: 1 })).toBeVisible();
    // Provenance: each field with its booth and source; the phone formatted for reading.
    const profile = page.getByRole('table', { name: c('profile.caption') });
    const company = profile.getByRole('row', { name: /上海星辰科技/ });
    await expect(company).toContainText('Booth-1');
    await expect(company).toContainText(c('sources.staff'));
    const title = profile.getByRole('row', { name: /采购总监/ });
    await expect(title).toContainText('Booth-2');
    await expect(title).toContainText(c('sources.badge'));
    await expect(profile.getByRole('row', { name: /139 1234 0001/ })).toBeVisible();
    // One timeline from both booths, and the lines the score is made of.
    const timeline = page.locator('.c360-timeline');
    await expect(timeline.locator('li[data-type="demo_requested"]')).toContainText('Booth-2');
    await expect(timeline.locator('li[data-type="checked_in"]')).toContainText('Booth-1');
    await expect(page.locator('.c360-lines li').first()).toBeVisible();
    await expect(page.getByText('下周二上午回访，带报价')).toBeVisible();
    await expect(page.getByText('现用西门子方案')).toBeVisible();
    await checkScreen(page, `customer-360-${lang}`);

    // Move the stage, with a reason.
    await page.getByLabel(c('stage.moveTo')).selectOption('nurture');
    await page.getByLabel(c('stage.why')).fill('明年一季度预算');
    await page.getByRole('button', { name: c('stage.move'), exact: true }).click();
    await expect(
      page.getByText(c('stage.moved', { stage: c('stage.names.nurture') })),
    ).toBeVisible();
    await expect(page.locator('.c360-history')).toContainText('明年一季度预算');

    // The possible duplicate: side by side with its evidence; not the same person.
    await page.goto(appUrl(pool, '/duplicates', lang));
    const pair = page.locator('.dups-pair').filter({ hasText: '李雷' });
    await expect(pair).toContainText('王芳');
    await expect(pair).toContainText(d('reasons.name_differs'));
    await checkScreen(page, `duplicates-${lang}`);
    await pair.getByRole('button', { name: d('rejectLabel', { a: '王芳', b: '李雷' }) }).click();
    await expect(page.getByText(d('rejected'))).toBeVisible();
    await expect(page.locator('.dups-pair').filter({ hasText: '李雷' })).toHaveCount(0);

    // Undo the merge of the two booths' customers, then erase the person.
    await page.goto(appUrl(pool, `/customers/${seeded.customerId}`, lang));
    await page.locator('.c360-merges').getByRole('button').first().click();
    await expect(page.getByText(c('merges.undoneNow'))).toBeVisible();
    await expect(page.locator('.c360-merges button')).toHaveCount(0);
    await page.getByRole('button', { name: c('erase.button') }).click();
    const dialog = page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: c('erase.confirm') });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(c('erase.typeName', { name: seeded.name })).fill(seeded.name);
    await checkScreen(page, `customer-360-erase-${lang}`);
    await confirm.click();
    await expect(page.getByRole('heading', { name: c('erase.doneTitle') })).toBeVisible();

    // The pool forgot them; Booth-1 pulls tombstones emptied of the person.
    const gone = await fetch(`${pool.url}/api/v1/customers/${seeded.customerId}`, {
      headers: { authorization: `Bearer ${pool.adminToken}` },
    });
    expect(gone.status).toBe(404);
    const pulled = await call<{ documents: Record<string, unknown>[] }>(
      pool,
      seeded.booths[0].token,
      'GET',
      '/sync/people/pull?limit=100',
    );
    const tombstones = pulled.documents.filter((doc) => doc._deleted === true);
    expect(tombstones.length).toBeGreaterThan(0);
    expect(JSON.stringify(tombstones)).not.toContain('星辰');

    // A sales user cannot open a lead that is not routed to them.
    const sales = await signedIn(
      browser,
      pool,
      'sales',
      appUrl(pool, `/customers/${seeded.duplicateId}`, lang),
    );
    await expect(sales.getByRole('heading', { name: c('salesForbidden') })).toBeVisible();
    await checkScreen(sales, `customer-360-sales-forbidden-${lang}`);
  });

  test('en: the 360 and the duplicates queue read in English', async ({ browser }) => {
    const lang = 'en';
    const c = (path: string, values?: Record<string, string>) => say(customer, lang, path, values);
    const seeded = await seed(pool, '+8613912340002', 'fang.wang@example.com');
    const page = await signedIn(
      browser,
      pool,
      'admin',
      appUrl(pool, `/customers/${seeded.customerId}`, lang),
    );
    await expect(page.getByRole('heading', { name: c('profile.title') })).toBeVisible();
    await expect(page.locator('.c360-timeline li[data-type="demo_requested"]')).toContainText(
      c('timeline.types.demo_requested'),
    );
    await checkScreen(page, `customer-360-${lang}`);
    await page.goto(appUrl(pool, '/duplicates', lang));
    await expect(page.getByRole('heading', { name: say(duplicates, lang, 'title') })).toBeVisible();
    await expect(page.locator('.dups-pair').first()).toBeVisible();
    await checkScreen(page, `duplicates-${lang}`);
  });
});
