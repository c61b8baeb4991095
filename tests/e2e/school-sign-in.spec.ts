// Signing in with the school's account against a real OpenID provider started here, in the
// browser: sign in, start a lesson, sign in again in a second browser, find the lesson in Mijn
// lessen and steer it there while the first console follows. And the bad states: a replayed
// answer, the teacher's 'no', a provider with another issuer, a provider that is down; each a
// clear message, and nobody signed in.

import { expect, test, type Browser, type Page } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNoAxeViolations } from './axe';
import { nextStep, startLesson } from './host';
import { freePort, startTestProvider, testClient, type TestProvider } from './oidc';
import { startOwnServer } from './own-server';

type OwnServer = Awaited<ReturnType<typeof startOwnServer>>;

test.describe.configure({ mode: 'serial' });

let provider: TestProvider;
let app: OwnServer;

test.beforeAll(async () => {
	const appPort = await freePort();
	provider = await startTestProvider({
		redirectUris: [`http://127.0.0.1:${appPort}/inloggen/terug`]
	});
	app = await startOwnServer(appPort, {
		DATABASE_PATH: join(tmpdir(), `klasgesprek-oidc-${process.pid}.sqlite`),
		PUBLIC_URL: `http://127.0.0.1:${appPort}`,
		OIDC_ISSUER: provider.issuer,
		OIDC_CLIENT_ID: testClient.clientId,
		OIDC_CLIENT_SECRET: testClient.clientSecret,
		OIDC_SCOPES: 'openid groups'
	});
});

test.afterAll(async () => {
	await app?.stop();
	await provider?.stop();
});

/** A fresh browser, as a second device: nothing shared with the others. */
async function device(browser: Browser) {
	const context = await browser.newContext({ baseURL: app.origin });
	return { context, page: await context.newPage() };
}

/** From our sign-in page through the provider's login page and back. */
async function signInAtSchool(page: Page, { remember = false } = {}) {
	await page.goto('/inloggen');
	if (remember) await page.getByLabel('Onthoud mij op dit apparaat').first().check();
	await page.getByRole('link', { name: 'Inloggen met je schoolaccount' }).click();
	await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
	await page.locator('input[name="login"]').fill('docent-jansen');
	await page.locator('input[name="password"]').fill('wachtwoord');
	await page.getByRole('button', { name: 'Sign-in' }).click();
}

test('a teacher signs in on two devices and steers a lesson from the second', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const classroom = await device(browser);
	await signInAtSchool(classroom.page);
	await expect(classroom.page).toHaveURL(/\/mijn$/);
	await expect(classroom.page.getByRole('heading', { level: 1 })).toHaveText('Mijn lessen');
	await expect(
		classroom.page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', {
			name: 'Mijn lessen'
		})
	).toBeVisible();
	await startLesson(classroom.page);
	const console1 = classroom.page;
	const board = await classroom.context.newPage();
	await board.goto(new URL(console1.url()).pathname.replace('/host/', '/board/'));
	await expect(board.locator('.join-large .code')).toBeVisible();

	// The classroom PC keeps the sign-in for the browser session; the teacher's own laptop longer.
	const signInCookie = async (context: typeof classroom.context) =>
		(await context.cookies()).find((cookie) => cookie.name === 'klasgesprek-teacher')!;
	expect((await signInCookie(classroom.context)).expires).toBe(-1);
	const home = await device(browser);
	await signInAtSchool(home.page, { remember: true });
	await expect(home.page).toHaveURL(/\/mijn$/);
	expect((await signInCookie(home.context)).expires).toBeGreaterThan(
		Date.now() / 1000 + 20 * 86_400
	);
	const lesson = home.page.locator('li.lesson').first();
	await expect(lesson).toContainText('Klasgesprek uitproberen');
	await expect(lesson).toContainText('Loopt nu');
	await lesson.getByRole('link', { name: 'Open de console' }).click();
	await expect(home.page).toHaveURL(new URL(console1.url()).pathname);
	await expect(home.page.locator('.code')).toHaveText(/^\d{6}$/);
	// No host cookie here: the owner's sign-in is what lets this console steer.
	const cookies = await home.context.cookies();
	expect(cookies.some((cookie) => cookie.name.startsWith('klasgesprek-host-'))).toBe(false);
	await nextStep(home.page);
	await expect(console1.locator('.where')).toContainText('Stap 2 van');
	await expect(board.locator('.join-large')).toHaveCount(0);

	// The board opens on the second device too.
	const secondBoard = await home.context.newPage();
	const opened = await secondBoard.goto(
		new URL(console1.url()).pathname.replace('/host/', '/board/')
	);
	expect(opened?.status()).toBe(200);
	await expect(secondBoard.locator('.board-page')).toHaveAttribute('data-state', 'live');
	await expect(secondBoard.locator('.strip .code')).toHaveText(/\d{3} \d{3}/);

	// Signed out, the second device steers nothing any more.
	await home.page.goto('/mijn');
	await home.page.getByRole('button', { name: 'Uitloggen', exact: true }).click();
	await expect(home.page).toHaveURL(/\/inloggen\?uitgelogd/);
	const refused = await home.page.goto(new URL(console1.url()).pathname);
	expect(refused?.status()).toBe(403);
	await classroom.context.close();
	await home.context.close();
});

test('a replayed answer from the provider signs nobody in', async ({ browser }) => {
	const first = await device(browser);
	const answer = first.page.waitForRequest(/\/inloggen\/terug\?/);
	await signInAtSchool(first.page);
	const callback = (await answer).url();
	await expect(first.page).toHaveURL(/\/mijn$/);

	// The same answer again, in this browser and in another: the attempt was used up.
	for (const { page } of [first, await device(browser)]) {
		await page.goto(callback);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inloggen is niet gelukt');
		await expect(page.locator('main')).toContainText('verlopen of al gebruikt');
		await expect(page.locator('main')).toContainText('Je bent niet ingelogd.');
	}
	const other = await device(browser);
	await other.page.goto(callback);
	await other.page.goto('/mijn');
	await expect(other.page).toHaveURL(/\/inloggen\?naar=%2Fmijn$/);
	await expectNoAxeViolations(other.page);
});

test('the sign-in page offers both ways, passes axe and fits a laptop and a phone', async ({
	browser
}) => {
	for (const viewport of [
		{ width: 1366, height: 768 },
		{ width: 360, height: 640 }
	]) {
		const context = await browser.newContext({ baseURL: app.origin, viewport });
		const page = await context.newPage();
		await page.goto('/inloggen?naar=/lessons');
		await expect(page.getByRole('heading', { level: 2 })).toHaveText([
			'Met je schoolaccount',
			'Zonder schoolaccount: je eigen ruimte'
		]);
		const school = page.getByRole('link', { name: 'Inloggen met je schoolaccount' });
		await expect(school).toHaveAttribute('href', '/inloggen/school?naar=%2Flessons');
		await page.getByLabel('Onthoud mij op dit apparaat').first().check();
		await expect(school).toHaveAttribute('href', '/inloggen/school?naar=%2Flessons&onthoud=1');
		await expectNoAxeViolations(page);
		await page.screenshot({
			path: test.info().outputPath(`inloggen-school-${viewport.width}x${viewport.height}.png`),
			fullPage: true
		});
		await context.close();
	}
});

test("the teacher's own 'no' at the provider is said as such", async ({ browser }) => {
	const { page } = await device(browser);
	await page.goto('/inloggen');
	await page.getByRole('link', { name: 'Inloggen met je schoolaccount' }).click();
	await page.getByRole('link', { name: '[ Cancel ]' }).click();
	await expect(page).toHaveURL(/\/inloggen\/terug\?error=access_denied/);
	await expect(page.locator('main')).toContainText('Je hebt het inloggen bij je school afgebroken');
	await expectNoAxeViolations(page);
	await page.goto('/mijn');
	await expect(page).toHaveURL(/\/inloggen/);
});

test('a provider with another issuer, then one that is down: a clear message, nobody signed in', async ({
	browser
}) => {
	test.setTimeout(60_000);
	const appPort = await freePort();
	const impostor = await startTestProvider({
		redirectUris: [`http://127.0.0.1:${appPort}/inloggen/terug`],
		issuer: (port) => `http://localhost:${port}`
	});
	const own = await startOwnServer(appPort, {
		DATABASE_PATH: join(tmpdir(), `klasgesprek-oidc-bad-${process.pid}.sqlite`),
		OIDC_ISSUER: `http://127.0.0.1:${impostor.port}`,
		OIDC_CLIENT_ID: testClient.clientId,
		OIDC_CLIENT_SECRET: testClient.clientSecret
	});
	try {
		const context = await browser.newContext({ baseURL: own.origin });
		const page = await context.newPage();
		await page.goto('/inloggen');
		await page.getByRole('link', { name: 'Inloggen met je schoolaccount' }).click();
		await expect(page.getByRole('alert')).toContainText(
			'De inlogdienst gaf zich uit voor een andere dienst'
		);
		await expect(page.getByRole('alert')).toContainText('Je bent niet ingelogd.');

		await impostor.stop();
		await page.goto('/inloggen');
		await page.getByRole('link', { name: 'Inloggen met je schoolaccount' }).click();
		await expect(page.getByRole('alert')).toContainText(
			'De inlogdienst van je school reageert nu niet'
		);
		await expectNoAxeViolations(page);
		await page.goto('/mijn');
		await expect(page).toHaveURL(/\/inloggen/);
		await context.close();
	} finally {
		await own.stop();
		await impostor.stop().catch(() => undefined);
	}
});
