import { expect, test, devices, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { e2eServerEnvironment } from '../../playwright.config';
import { cardOf, controlsOf, startLesson } from './host';

// Nothing a pupil does offline is lost: a change made while the phone has no connection, or
// while the server is killed and restarted, arrives once the connection is back and counts once.

test.setTimeout(120_000);

const phone = { ...devices['Pixel 7'], defaultBrowserType: undefined };
const queuedText = 'wordt verstuurd zodra je weer verbinding hebt';

const block = controlsOf;

async function lessonWithOnePupil(browser: Browser, origin = '') {
	const host = await (await browser.newContext()).newPage();
	const code = await startLesson(host, origin);
	const pupil = await (await browser.newContext(phone)).newPage();
	await pupil.goto(`${origin}/j/${code}`);
	await expect(pupil.getByRole('heading', { name: /Kijk naar het bord/ })).toBeVisible();
	await block(host, 'start').getByRole('button', { name: 'Open voor leerlingen' }).click();
	await expect(pupil.getByRole('heading', { name: /Hoe zit je erbij/ })).toBeVisible();
	return { host, pupil };
}

// The mark after the chosen option (a tick once received, an ellipsis while waiting) is part of
// its accessible name.
const mood = (pupil: Page, name: string) =>
	pupil.getByRole('button', { name: new RegExp(`^${name}( [✓…])?$`) });
/** The answer's fate, under the question (the vragenbus has a status of its own). */
const status = (pupil: Page) => pupil.locator('.pupil > p.status');

/** Answers and waits until the server has it. */
async function answered(pupil: Page, name: string) {
	await mood(pupil, name).click();
	await expect(status(pupil)).toContainText('Ontvangen');
	await expect(mood(pupil, name)).toHaveAttribute('aria-pressed', 'true');
}

/** While the answer waits: the page says so, marks the new answer, and claims nothing received. */
async function expectQueued(pupil: Page, chosen: string, old: string) {
	await expect(status(pupil)).toContainText(queuedText);
	await expect(status(pupil)).not.toContainText('Ontvangen');
	await expect(mood(pupil, chosen)).toHaveAttribute('aria-pressed', 'true');
	await expect(mood(pupil, chosen)).toHaveAccessibleName(`${chosen} …`);
	await expect(mood(pupil, old)).toHaveAttribute('aria-pressed', 'false');
	await expect(mood(pupil, old)).toHaveAccessibleName(old);
}

/** The server's own view: a reload shows what it stored for this phone. */
async function expectStored(pupil: Page, chosen: string) {
	await pupil.reload();
	await expect(mood(pupil, chosen)).toHaveAttribute('aria-pressed', 'true');
	await expect(status(pupil)).toContainText('Ontvangen');
}

test('changes made while the phone is offline go out in order once back, and count once', async ({
	browser
}) => {
	const { host, pupil } = await lessonWithOnePupil(browser);
	await answered(pupil, 'Gaat wel');

	await pupil.context().setOffline(true);
	await expect(pupil.getByText('Verbinding weg')).toBeVisible();
	await mood(pupil, 'Heel slecht').click();
	await mood(pupil, 'Goed').click();
	await expectQueued(pupil, 'Goed', 'Gaat wel');

	await pupil.context().setOffline(false);
	await expect(status(pupil)).toContainText('Ontvangen', { timeout: 20_000 });
	await expect(mood(pupil, 'Goed')).toHaveAttribute('aria-pressed', 'true');
	await expect(cardOf(host, 'start')).toContainText('1 antwoord');
	await expectStored(pupil, 'Goed');
	await expect(cardOf(host, 'start')).toContainText('1 antwoord');
});

test('an answer sent offline to a question that closed meanwhile is shown as refused', async ({
	browser
}) => {
	const { host, pupil } = await lessonWithOnePupil(browser);
	await pupil.context().setOffline(true);
	await expect(pupil.getByText('Verbinding weg')).toBeVisible();
	await mood(pupil, 'Goed').click();
	await expect(status(pupil)).toContainText(queuedText);
	await block(host, 'start').getByRole('button', { name: 'Sluit', exact: true }).click();

	await pupil.context().setOffline(false);
	await expect(pupil.getByRole('alert')).toContainText('net gesloten', { timeout: 20_000 });
	await expect(pupil.getByText('Ontvangen')).toHaveCount(0);
});

// A server of this spec's own, on the build the webServer made, so it can be killed.
// 4222 is this developer's first spare port, but NATS often holds it: 4223.
const port = 4223;
const origin = `http://127.0.0.1:${port}`;
const databasePath = join(tmpdir(), `klasgesprek-offline-${process.pid}.sqlite`);
let server: ChildProcess | null = null;

async function startServer() {
	server = spawn(process.execPath, ['server.ts'], {
		env: {
			...process.env,
			...e2eServerEnvironment,
			PORT: String(port),
			DATABASE_PATH: databasePath
		},
		stdio: 'ignore'
	});
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		const up = await fetch(`${origin}/`).then(
			(response) => response.ok,
			() => false
		);
		if (up) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error('the server did not start');
}

function killServer() {
	const exited = new Promise((resolve) => server?.once('exit', resolve));
	server?.kill('SIGKILL');
	server = null;
	return exited;
}

test.describe('a server killed and restarted mid-question', () => {
	test.beforeAll(startServer);
	test.afterAll(async () => {
		await killServer();
		for (const suffix of ['', '-wal', '-shm']) rmSync(databasePath + suffix, { force: true });
	});

	test('loses no tap made while it was down, and counts it once', async ({ browser }) => {
		const { host, pupil } = await lessonWithOnePupil(browser, origin);
		await answered(pupil, 'Gaat wel');

		await killServer();
		await expect(pupil.getByText('Verbinding weg')).toBeVisible();
		await mood(pupil, 'Niet zo goed').click();
		await mood(pupil, 'Heel goed').click();
		await expectQueued(pupil, 'Heel goed', 'Gaat wel');

		await startServer();
		await expect(status(pupil)).toContainText('Ontvangen', { timeout: 20_000 });
		await expect(cardOf(host, 'start')).toContainText('1 antwoord', { timeout: 20_000 });
		await expectStored(pupil, 'Heel goed');
	});
});
