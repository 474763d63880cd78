import { expect, type Page } from '@playwright/test';

/** Staff create an event in the console (zh-CN UI). */
export async function createEvent(page: Page, name = '2026 上海工业博览会'): Promise<void> {
  await page.getByRole('button', { name: '新建活动' }).click();
  const dialog = page.getByRole('dialog', { name: '活动设置' });
  await dialog.getByLabel('活动名称').fill(name);
  await dialog
    .getByLabel('个人信息授权文本')
    .fill('我们将按《个人信息保护法》处理您的信息，用于活动沟通与产品推荐。');
  await dialog.getByLabel('授权文本版本').fill('v3');
  await dialog.getByRole('button', { name: '保存活动' }).click();
  await expect(dialog).toBeHidden();
}

/** Staff type a new lead at the console (zh-CN), field label → value, and press save. */
export async function typeNewLead(page: Page, lead: Record<string, string>): Promise<void> {
  await page.getByRole('button', { name: '新增线索' }).click();
  const form = page.getByRole('form', { name: '新增线索' });
  for (const [label, value] of Object.entries(lead)) {
    await form.getByRole('textbox', { name: label, exact: true }).fill(value);
  }
  await form.getByRole('button', { name: '保存', exact: true }).click();
}

/** Staff type in a lead; returns the person's ticket code shown on their record. */
export async function addPersonWithTicket(
  page: Page,
  person: { name: string; phone: string; company: string },
): Promise<string> {
  await page.getByRole('button', { name: '新增线索' }).click();
  const form = page.getByRole('form', { name: '新增线索' });
  await form.getByLabel('姓名').fill(person.name);
  await form.getByLabel('手机号').fill(person.phone);
  await form.getByLabel('公司', { exact: true }).fill(person.company);
  await form.getByRole('button', { name: '保存', exact: true }).click();
  const ticket = page.getByRole('region', { name: '入场票券' });
  await expect(ticket.getByRole('img', { name: '入场票券' })).toBeVisible();
  await ticket.getByText('票券代码').click();
  const code = (await ticket.locator('code').textContent()) ?? '';
  expect(code).toMatch(/^LP1\./);
  return code;
}

const PIN_DIALOG = {
  'zh-CN': {
    open: '设置',
    pin: '新 PIN',
    repeat: '再次输入 PIN',
    save: '保存',
    set: 'PIN 已设置',
    close: '关闭',
  },
  en: {
    open: 'Settings',
    pin: 'New PIN',
    repeat: 'Repeat the PIN',
    save: 'Save',
    set: 'PIN set',
    close: 'Close',
  },
};

/**
 * Staff set the kiosk PIN in Settings. Hashing the PIN takes a moment: the dialog is closed only
 * once it says the PIN is set, as a user would see it, or the kiosk would still ask for one.
 */
export async function setStaffPin(
  page: Page,
  pin: string,
  language: keyof typeof PIN_DIALOG = 'zh-CN',
): Promise<void> {
  const text = PIN_DIALOG[language];
  await page.getByRole('button', { name: text.open }).click();
  const settings = page.getByRole('dialog', { name: text.open });
  await settings.getByLabel(text.pin).fill(pin);
  await settings.getByLabel(text.repeat).fill(pin);
  await settings.getByRole('button', { name: text.save }).click();
  await expect(settings.getByRole('status')).toHaveText(text.set);
  await settings.getByRole('button', { name: text.close }).click();
  await expect(settings).toBeHidden();
}
