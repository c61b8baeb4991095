// A pupil's phone in the browser tests: a phone-sized context of its own, as each pupil is.

import { devices, expect, type Browser } from '@playwright/test';

/** A common Android phone, in the project's own Chromium (not Playwright's download). */
export const phone = { ...devices['Pixel 7'], defaultBrowserType: undefined };

/** A new phone that joins by code and waits until it shows the lesson (`heading`). */
export async function pupilPhone(
	browser: Browser,
	code: string,
	heading: RegExp = /Kijk naar het bord|Heb je een vraag/
) {
	const page = await (await browser.newContext({ ...phone })).newPage();
	await page.goto(`/j/${code}`);
	await expect(page.getByRole('heading', { name: heading })).toBeVisible();
	return page;
}
