import { expect, test } from '@playwright/test';
import { openApp, withBooth } from './booth';
import { expectAccessible } from './axe';
import { setStaffPin } from './steps';

const ZH_CONSENT = '我们将按《个人信息保护法》处理您的信息，用于活动沟通与产品推荐。';
const PIN = '2468';
const PHONE_LABEL = 'Mobile phone';
const EN_CONSENT = 'We process your information under PIPL, for event follow-up and product news.';

test('an English kiosk shows the English consent text and records the version it showed', async ({
  baseURL,
}, testInfo) => {
  await withBooth(baseURL, async (booth) => {
    const { page } = await booth.launch();
    await openApp(page, '/?lang=en');
    await page.getByRole('button', { name: 'New event' }).click();
    const dialog = page.getByRole('dialog', { name: 'Event settings' });
    await dialog.getByLabel('Event name').fill('Bilingual Expo 2026');
    await dialog.getByLabel('Privacy consent text').fill(ZH_CONSENT);
    await dialog.getByLabel('Consent text version', { exact: true }).fill('v3');
    await dialog.getByLabel('Consent text in English').fill(EN_CONSENT);
    await dialog.getByLabel('Version of the English text').fill('v3-en');
    await dialog.getByRole('button', { name: 'Save event' }).click();
    await expect(dialog).toBeHidden();

    await setStaffPin(page, PIN, 'en');

    await page.getByRole('button', { name: 'Open kiosk' }).click();
    await expect(page.getByText(EN_CONSENT)).toBeVisible();
    await expect(page.getByText(ZH_CONSENT)).toHaveCount(0);
    await expectAccessible(page);
    await page.screenshot({ path: testInfo.outputPath('kiosk-consent-en.png') });

    await page.getByLabel('Name').fill('Alice Chen');
    await page.getByLabel(PHONE_LABEL).fill('+1 415 555 2671');
    await page.getByLabel('I have read and agree to the privacy notice above').check();
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByRole('heading', { name: 'Thank you, Alice Chen!' })).toBeVisible();

    // The lead's record names the English version: the text Alice read.
    await page.getByRole('button', { name: 'Exit kiosk' }).click();
    await page.getByRole('dialog', { name: 'Enter the staff PIN' }).getByLabel('PIN').fill(PIN);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Alice Chen').first().click();
    await expect(page.getByText(/Consent: version v3-en,/)).toBeVisible();
  });
});
