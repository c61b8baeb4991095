// Takes the screenshots in docs/screenshots/: the board, the host console and a pupil's phone
// in the main states of the demo lesson, at the sizes schools have (a 1024×768 beamer, a
// 1366×768 laptop, a 360×640 phone). It starts its own production server on a free port with a
// fresh store, plays a lesson with a class of simulated pupils over the real protocol, and
// photographs real pages. Run with `npm run screenshots` (which builds first). The lesson
// workshop is photographed too; `node scripts/screenshots.ts --only=workshop` takes just those.

import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AnswerValue } from '../src/lib/lessons/answers.ts';
import type { CommandEvent, CommandResult } from '../src/lib/protocol.ts';
import { command, connect, type LiveSocket, type PayloadArgs } from '../src/lib/live/connection.ts';
import { chromiumLaunchOptions } from '../tests/chromium.ts';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'docs', 'screenshots');
const buildDir = process.env.BUILD_DIR ?? 'build-screenshots';
const lessonSlug = 'klasgesprek-uitproberen';
const classSize = 24;
const onlyWorkshop = process.argv.includes('--only=workshop');

const sizes = {
	beamer: { width: 1024, height: 768 },
	laptop: { width: 1366, height: 768 },
	phone: { width: 360, height: 640 },
	remote: { width: 360, height: 740 }
} as const;

function freePort(): Promise<number> {
	return new Promise((done, failed) => {
		const probe = createServer();
		probe.once('error', failed);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => done(port));
		});
	});
}

async function startServer(port: number, database: string) {
	const server = spawn(process.execPath, ['server.ts'], {
		cwd: root,
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			BUILD_DIR: buildDir,
			DATABASE_PATH: database,
			// The pictures show the address a school would publish, not this machine's.
			PUBLIC_URL: 'https://klasgesprek.example.nl',
			SIGNAL_MUNICIPALITY: 'Voorbeeldstad',
			SIGNAL_EMAIL: 'signaal@voorbeeldstad.example'
		},
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise<void>((ready, failed) => {
		server.once('exit', (code) => failed(new Error(`server.ts exited with ${code}`)));
		server.stdout.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('listening on')) ready();
		});
	});
	return server;
}

/** One command over the real protocol, failing loudly: a picture of a failed step is no picture. */
async function send<E extends CommandEvent>(
	client: LiveSocket,
	event: E,
	...payload: PayloadArgs<E>
): Promise<CommandResult<E>> {
	const answer = await command(client, event, ...payload);
	if ('lost' in answer) throw new Error(`${event}: no answer`);
	if ('error' in answer) throw new Error(`${event}: ${answer.error}`);
	return answer.data;
}

/** The browser's own connection (src/lib/live/connection.ts), aimed at this server. */
function connected(origin: string): Promise<LiveSocket> {
	const client = connect(origin);
	return new Promise((ready, failed) => {
		client.once('connect', () => ready(client));
		client.once('connect_error', failed);
	});
}

async function pupilsJoin(origin: string, code: string, count: number) {
	const pupils: LiveSocket[] = [];
	for (let index = 0; index < count; index += 1) {
		const client = await connected(origin);
		const { sessionId, token } = await send(client, 'pupil:join', { code });
		await send(client, 'pupil:resume', { sessionId, token });
		pupils.push(client);
	}
	return pupils;
}

/** Every simulated pupil answers the open block, a few of them passing. */
async function classAnswers(
	pupils: LiveSocket[],
	blockId: string,
	answer: (index: number) => AnswerValue
) {
	await Promise.all(
		pupils.map((pupil, index) =>
			send(pupil, 'answer:submit', {
				blockId,
				value: index % 11 === 10 ? { kind: 'pass' } : answer(index)
			})
		)
	);
}

/** Shows every waiting response of a block on the board, as the teacher's "Toon" does. */
async function approveAll(
	host: LiveSocket,
	sessionId: string,
	hostSecret: string,
	blockId: string
) {
	const { queue } = await send(host, 'host:attach', { sessionId, hostSecret });
	for (const response of queue)
		if (response.blockId === blockId && response.status === 'pending')
			await send(host, 'response:approve', { responseId: response.id });
}

async function shoot(page: Page, name: string) {
	// Let coalesced results and transitions settle before the picture.
	await page.waitForTimeout(700);
	await page.screenshot({ path: join(outDir, `${name}.png`) });
	console.log(`  docs/screenshots/${name}.png`);
}

/**
 * The workshop as an author sees it: the example lesson with one mistake, its problem shown at
 * its line, and the preview scrolled to the first step's board.
 */
async function shootWorkshop(browser: Browser, origin: string) {
	console.log('Workshop:');
	for (const [name, viewport] of [
		['workshop-1366x768', sizes.laptop],
		['workshop-1024x768', sizes.beamer],
		['workshop-360x640', sizes.phone]
	] as const) {
		const context = await browser.newContext({ viewport, locale: 'nl-NL' });
		const page = await context.newPage();
		await page.goto(`${origin}/workshop`);
		await page.locator('.cm-editor').waitFor();
		await page.locator('.cm-line', { hasText: 'title: Mijn eerste les' }).click();
		await page.keyboard.press('End');
		await page.keyboard.press('Shift+Home');
		await page.keyboard.insertText('title: Wat is polarisatie?');
		if (viewport !== sizes.phone) {
			// One mistake, so the picture shows a problem at its line.
			await page
				.getByTestId('workshop-preview')
				.getByRole('link', { name: 'Landen en gespreksregels' })
				.click();
			await page.locator('.cm-content').focus();
			await page.keyboard.press('ControlOrMeta+End');
			await page.keyboard.insertText('\n:::stelin {#extra}\nMag je alles zeggen?\n:::\n');
			await page.getByTestId('problems').getByRole('button').first().click();
		}
		// Clicking in scrolled the window too: the picture starts at the page's top.
		await page.evaluate(() => window.scrollTo(0, 0));
		await shoot(page, name);
		await context.close();
	}
}

async function main() {
	if (!onlyWorkshop) rmSync(outDir, { recursive: true, force: true });
	mkdirSync(outDir, { recursive: true });
	const scratch = mkdtempSync(join(tmpdir(), 'klasgesprek-shots-'));
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const server = await startServer(port, join(scratch, 'store.sqlite'));
	const browser: Browser = await chromium.launch(chromiumLaunchOptions);
	const contexts: BrowserContext[] = [];
	const clients: LiveSocket[] = [];
	try {
		await shootWorkshop(browser, origin);
		if (onlyWorkshop) return;
		// The teacher starts the lesson in the browser, as in class.
		const teacher = await browser.newContext({ viewport: sizes.laptop, locale: 'nl-NL' });
		contexts.push(teacher);
		const hostPage = await teacher.newPage();
		await hostPage.goto(`${origin}/lessons/${lessonSlug}`);
		await hostPage.getByRole('button', { name: 'Start deze les live' }).click();
		await hostPage.waitForURL(/\/host\/[\w-]+$/);
		const sessionId = hostPage.url().split('/').pop()!;
		const hostSecret = (await teacher.cookies()).find((cookie) =>
			cookie.name.startsWith('klasgesprek-host-')
		)!.value;

		// The steering goes over the protocol, so the pictures do not depend on button labels.
		const host = await connected(origin);
		clients.push(host);
		const { view } = await send(host, 'host:attach', { sessionId, hostSecret });
		const boardPage = await teacher.newPage();
		await boardPage.goto(`${origin}/board/${sessionId}`);

		const beamer = await browser.newContext({ viewport: sizes.beamer, locale: 'nl-NL' });
		contexts.push(beamer);
		await beamer.addCookies(
			(await teacher.cookies()).filter((cookie) => cookie.name.startsWith('klasgesprek-host-'))
		);
		const beamerBoard = await beamer.newPage();
		await beamerBoard.goto(`${origin}/board/${sessionId}`);
		// The host console on a 1024×768 laptop, beside the board.
		const smallHost = await beamer.newPage();
		await smallHost.goto(`${origin}/host/${sessionId}`);

		const phone = await browser.newContext({
			viewport: sizes.phone,
			locale: 'nl-NL',
			isMobile: true,
			hasTouch: true,
			deviceScaleFactor: 2
		});
		contexts.push(phone);
		const pupilPage = await phone.newPage();
		await pupilPage.goto(`${origin}/j/${view.joinCode}`);

		const remoteContext = await browser.newContext({
			viewport: sizes.remote,
			locale: 'nl-NL',
			isMobile: true,
			hasTouch: true
		});
		contexts.push(remoteContext);
		await remoteContext.addCookies(
			(await teacher.cookies()).filter((cookie) => cookie.name.startsWith('klasgesprek-host-'))
		);
		const remote = await remoteContext.newPage();
		await remote.goto(`${origin}/host/${sessionId}`);

		const pupils = await pupilsJoin(origin, view.joinCode, classSize);
		clients.push(...pupils);

		console.log('Joining:');
		await shoot(boardPage, 'board-1366x768-joining');
		await shoot(beamerBoard, 'board-1024x768-joining');
		await shoot(hostPage, 'host-1366x768-start');
		await shoot(pupilPage, 'pupil-360x640-waiting');

		console.log('A check-in on the thermometer:');
		await send(host, 'block:open', { blockId: 'start' });
		await shoot(pupilPage, 'pupil-360x640-question');
		await pupilPage.getByRole('button', { name: 'Goed', exact: true }).click();
		await shoot(pupilPage, 'pupil-360x640-received');
		await classAnswers(pupils, 'start', (index) => ({ kind: 'scale', value: 1 + (index % 5) }));
		await shoot(beamerBoard, 'board-1024x768-thermometer');
		await shoot(hostPage, 'host-1366x768-thermometer');
		await shoot(remote, 'host-360x740-remote');

		console.log('A poll and a stelling:');
		await send(host, 'block:open', { blockId: 'werkvormen' });
		await classAnswers(pupils, 'werkvormen', (index) => ({
			kind: 'choice',
			options: index % 3 === 0 ? [0, 2] : [index % 4]
		}));
		await shoot(beamerBoard, 'board-1024x768-poll');
		for (const letter of ['A', 'C'])
			await pupilPage
				.locator('label', { has: pupilPage.locator('.letter', { hasText: letter }) })
				.click();
		await pupilPage.getByRole('button', { name: 'Verstuur' }).click();
		await shoot(pupilPage, 'pupil-360x640-poll');
		await send(host, 'block:open', { blockId: 'stelling-voor' });
		const reasons = [
			'Leerlingen moeten zelf leren denken, niet overnemen wat de docent vindt.',
			'Een docent is ook een mens, en dan weet je waar je staat.',
			'Als de docent iets vindt, durven sommigen niets anders meer te zeggen.',
			'Bij discriminatie kan een docent niet neutraal zijn.'
		];
		await classAnswers(pupils, 'stelling-voor', (index) => ({
			kind: 'scale',
			value: [1, 2, 2, 3, 4, 4, 4, 5, 0][index % 9],
			...(index < reasons.length ? { reason: reasons[index] } : {})
		}));
		await shoot(beamerBoard, 'board-1024x768-stelling-answering');
		await send(host, 'block:close', {});
		await send(host, 'block:reveal', { blockId: 'stelling-voor', revealed: true });
		await shoot(beamerBoard, 'board-1024x768-stelling-results');
		await shoot(boardPage, 'board-1366x768-stelling-results');
		await shoot(hostPage, 'host-1366x768-stelling');
		// The teacher puts the reasons on the board: beside the results, a page at a time.
		await approveAll(host, sessionId, hostSecret, 'stelling-voor');
		await shoot(beamerBoard, 'board-1024x768-stelling-reasons');
		await shoot(boardPage, 'board-1366x768-stelling-reasons');
		await shoot(smallHost, 'host-1024x768-stelling');

		console.log('Positions and the lagerhuis:');
		await send(host, 'block:open', { blockId: 'ervaring' });
		await classAnswers(pupils, 'ervaring', (index) => ({
			kind: 'position',
			value: (index * 37) % 101
		}));
		await shoot(beamerBoard, 'board-1024x768-position-line');
		await shoot(boardPage, 'board-1366x768-position-line');
		await send(host, 'block:open', { blockId: 'lagerhuis' });
		await send(host, 'timer:start', { blockId: 'lagerhuis' });
		await classAnswers(pupils, 'lagerhuis', (index) => ({ kind: 'choice', options: [index % 3] }));
		await shoot(beamerBoard, 'board-1024x768-lagerhuis-timer');
		await shoot(hostPage, 'host-1366x768-lagerhuis');

		console.log('The word cloud:');
		await send(host, 'block:open', { blockId: 'woorden' });
		const words = ['luisteren', 'respect', 'eerlijk', 'veilig', 'luisteren', 'durven'];
		await classAnswers(pupils, 'woorden', (index) => ({
			kind: 'words',
			words: [words[index % words.length], words[(index + 2) % words.length]]
		}));
		await shoot(beamerBoard, 'board-1024x768-word-cloud');

		console.log('Written responses:');
		await send(host, 'block:open', { blockId: 'open-vraag' });
		await shoot(pupilPage, 'pupil-360x640-writing');
		const texts = [
			'Dat je elkaar laat uitpraten, ook als je het oneens bent.',
			'Dat niemand wordt uitgelachen om wat hij denkt.',
			'Dat de docent ook zegt wat hij niet weet.'
		];
		for (const [index, text] of texts.entries()) {
			const own = await send(pupils[index], 'response:submit', {
				blockId: 'open-vraag',
				text,
				clientId: `shot-${index}`
			});
			if (index < 2) await send(host, 'response:approve', { responseId: own.id });
		}
		await shoot(hostPage, 'host-1366x768-moderation');
		await shoot(smallHost, 'host-1024x768-moderation');
		await shoot(beamerBoard, 'board-1024x768-wall');
		await shoot(boardPage, 'board-1366x768-wall');

		console.log('Blank and ended:');
		await send(host, 'board:blank', { blank: true });
		await shoot(beamerBoard, 'board-1024x768-blank');
		await send(host, 'board:blank', { blank: false });
		await send(host, 'session:end', {});
		await shoot(beamerBoard, 'board-1024x768-ended');
		await shoot(pupilPage, 'pupil-360x640-ended');
		await hostPage.reload();
		await shoot(hostPage, 'host-1366x768-ended');
	} finally {
		for (const client of clients) client.disconnect();
		for (const context of contexts) await context.close();
		await browser.close();
		server.kill('SIGTERM');
		rmSync(scratch, { recursive: true, force: true });
	}
}

await main();
