import { expect, type Page } from '@playwright/test';

/**
 * Goes to the next step and waits until the server has moved there: a second click before
 * that would ask for the same step again, as a teacher's double click does.
 */
export async function nextStep(host: Page) {
	const where = host.locator('.where');
	const now = Number((await where.textContent())?.match(/Stap (\d+)/)?.[1]);
	await host.getByRole('button', { name: /Volgende stap/ }).click();
	await expect(where).toContainText(`Stap ${now + 1} van`);
}

/** Starts a lesson (the demo lesson unless named) and returns the join code once the host view is connected. */
export async function startLesson(host: Page, origin = '', slug = 'klasgesprek-uitproberen') {
	await host.goto(`${origin}/lessons/${slug}`);
	await host.getByRole('button', { name: 'Start deze les live' }).click();
	await expect(host).toHaveURL(/\/host\/[\w-]+$/);
	await expect(host.locator('.code')).toHaveText(/^\d{6}$/);
	return (await host.locator('.code').textContent())!.trim();
}

/** A block's row of controls in the console's bar (open, close, reveal, timer). */
export function controlsOf(host: Page, blockId: string) {
	return host.locator(`li.control[data-block="${blockId}"]`);
}

/** A block's card in the step: its preview as the board shows it, its results, its words. */
export function cardOf(host: Page, blockId: string) {
	return host.locator(`article.block[data-block="${blockId}"]`);
}

/** A block's moderation queue in the console's side pane. */
export function queueOf(host: Page, blockId: string) {
	return host.locator(`section.queue-for[data-block="${blockId}"]`);
}
