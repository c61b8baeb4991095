// A page on a slow connection: its HTML is there, its script not yet, so a person can already
// type into the server-rendered form. What they typed must survive the script's arrival.

import type { Page } from '@playwright/test';

/**
 * Opens `path` with the page's scripts held back; `release` lets them load and resolves once the
 * page is hydrated (the layout marks it).
 */
export async function openBeforeItsScript(page: Page, path: string) {
	let releaseScripts = () => {};
	const scriptsHeld = new Promise<void>((resolve) => (releaseScripts = resolve));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await scriptsHeld;
		await route.continue();
	});
	await page.goto(path, { waitUntil: 'domcontentloaded' });
	return {
		async release() {
			releaseScripts();
			await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
		}
	};
}
