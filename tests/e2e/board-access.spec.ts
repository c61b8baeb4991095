import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { nextStep, startLesson } from './host';

// The projector PC is shared: the board opened there can show the lesson but never steer it,
// and nobody who uses that PC later finds a way into the host view.

test('a board opened on another PC shows the lesson but gets no control', async ({ browser }) => {
	const teacher = await browser.newContext();
	const host = await teacher.newPage();
	const code = await startLesson(host);
	const sessionId = new URL(host.url()).pathname.split('/').at(-1)!;

	const hostCookie = (await teacher.cookies()).find(
		(cookie) => cookie.name === `klasgesprek-host-${sessionId}`
	)!;
	// A school day at most, never the whole retention of thirty days.
	expect(hostCookie.expires * 1000).toBeLessThanOrEqual(Date.now() + 12 * 60 * 60 * 1000 + 60_000);
	expect(hostCookie.expires * 1000).toBeGreaterThan(Date.now() + 60 * 60 * 1000);

	await host.getByText('Link om het bord op een andere computer te openen').click();
	const boardLink = await host
		.getByRole('textbox', { name: 'Link om het bord op een andere computer te openen' })
		.inputValue();
	expect(boardLink).toMatch(new RegExp(`/board/${sessionId}\\?key=[\\w-]+$`));
	expect(boardLink).not.toContain(hostCookie.value);
	await expectNoAxeViolations(host);

	const projectorPc = await browser.newContext();
	const board = await projectorPc.newPage();
	// The link names the machine's network address; this test server listens on loopback only.
	const { pathname, search } = new URL(boardLink);
	await board.goto(`${pathname}${search}`);
	// The secret leaves the address bar at once.
	await expect(board).toHaveURL(new RegExp(`/board/${sessionId}$`));
	await expect(board.locator('.code')).toContainText(`${code.slice(0, 3)} ${code.slice(3)}`);
	await nextStep(host);
	const stepTitle = (await host.locator('.where span').textContent())!.trim();
	await expect(board.getByText(stepTitle, { exact: true })).toBeVisible();

	const cookieNames = (await projectorPc.cookies()).map((cookie) => cookie.name);
	expect(cookieNames).toContain(`klasgesprek-board-${sessionId}`);
	expect(cookieNames.filter((name) => name.startsWith('klasgesprek-host-'))).toEqual([]);

	// The next user of the projector PC: the host view, its summary and its exports stay closed.
	const later = await projectorPc.newPage();
	expect((await later.goto(`/host/${sessionId}`))?.status()).toBe(403);
	expect((await later.goto(`/host/${sessionId}/summary`))?.status()).toBe(403);
	await expect(later.getByText(stepTitle)).toHaveCount(0);

	// A board link with a wrong key opens nothing.
	const stranger = await (await browser.newContext()).newPage();
	expect((await stranger.goto(`/board/${sessionId}?key=${'x'.repeat(43)}`))?.status()).toBe(403);

	await teacher.close();
	await projectorPc.close();
});
