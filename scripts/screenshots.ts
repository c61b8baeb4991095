// Takes the screenshots in docs/screenshots/: the board, the host console and a pupil's phone
// in every state of the demo lesson, at the sizes schools have (a 1024×768 beamer, a 1366×768
// laptop, a 360×640 phone). It starts its own production server on a free port with a fresh
// store, plays the whole lesson with a class of simulated pupils over the real protocol (one
// real phone answers each kind of block in the browser), and photographs real pages. Run with
// `npm run screenshots` (which builds first). The lesson workshop is photographed too.
// `--only=<group>` takes one group's pictures (workshop, board, host or pupil), for example
// `npm run screenshots -- --only=pupil`; the lesson is still played in full for the others.

import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AnswerValue } from '../src/lib/lessons/answers.ts';
import type { LiveSocket } from '../src/lib/live/connection.ts';
import { chromiumLaunchOptions } from '../tests/chromium.ts';
// One command over the real protocol, failing loudly: a picture of a failed step is no picture.
import { connected, send, socketPupils } from '../tests/e2e/class.ts';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'docs', 'screenshots');
const buildDir = process.env.BUILD_DIR ?? 'build-screenshots';
const lessonSlug = 'klasgesprek-uitproberen';
const classSize = 24;
const groups = ['workshop', 'board', 'host', 'pupil'] as const;
const only = process.argv.find((argument) => argument.startsWith('--only='))?.slice(7);
if (only && !groups.includes(only as (typeof groups)[number]))
	throw new Error(`--only=${only}: choose one of ${groups.join(', ')}`);
/** Whether a picture belongs to the group asked for (its name starts with the group's). */
const wanted = (name: string) => !only || name.startsWith(`${only}-`);

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
	if (!wanted(name)) return;
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
	if (!wanted('workshop-')) return;
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

/** The pictures of one group this run takes anew: the others stay as they are. */
function clearOld() {
	mkdirSync(outDir, { recursive: true });
	for (const file of readdirSync(outDir))
		if (file.endsWith('.png') && wanted(file)) rmSync(join(outDir, file));
}

async function main() {
	clearOld();
	const scratch = mkdtempSync(join(tmpdir(), 'klasgesprek-shots-'));
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const server = await startServer(port, join(scratch, 'store.sqlite'));
	const browser: Browser = await chromium.launch(chromiumLaunchOptions);
	const contexts: BrowserContext[] = [];
	const clients: LiveSocket[] = [];
	try {
		await shootWorkshop(browser, origin);
		if (only === 'workshop') return;
		// The teacher starts the lesson in the browser, as in class.
		const teacher = await browser.newContext({ viewport: sizes.laptop, locale: 'nl-NL' });
		contexts.push(teacher);
		const hostPage = await teacher.newPage();
		await hostPage.goto(`${origin}/lessons/${lessonSlug}`);
		await hostPage.getByRole('button', { name: 'Start deze les live' }).click();
		await hostPage.waitForURL(/\/host\/[\w-]+$/);
		const sessionId = hostPage.url().split('/').pop()!;
		const hostCookies = (await teacher.cookies()).filter((cookie) =>
			cookie.name.startsWith('klasgesprek-host-')
		);
		const hostSecret = hostCookies[0].value;

		// The steering goes over the protocol, so the pictures do not depend on button labels.
		const host = await connected(origin);
		clients.push(host);
		const snapshot = await send(host, 'host:attach', { sessionId, hostSecret });
		const { view } = snapshot;
		// What waits for the teacher, to moderate by a response's text.
		let queue = snapshot.queue;
		host.on('queue:update', (update) => (queue = update));
		const responseWith = (text: string) => {
			const found = queue.find((response) => response.text === text);
			if (!found) throw new Error(`No response "${text}" in the queue`);
			return found.id;
		};

		const boardPage = await teacher.newPage();
		await boardPage.goto(`${origin}/board/${sessionId}`);

		const beamer = await browser.newContext({ viewport: sizes.beamer, locale: 'nl-NL' });
		contexts.push(beamer);
		await beamer.addCookies(hostCookies);
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
		await remoteContext.addCookies(hostCookies);
		const remote = await remoteContext.newPage();
		await remote.goto(`${origin}/host/${sessionId}`);

		const pupils = await socketPupils(origin, view.joinCode, classSize);
		clients.push(...pupils);

		/** The board on the beamer and on a laptop screen. */
		const shootBoards = async (state: string) => {
			await shoot(beamerBoard, `board-1024x768-${state}`);
			await shoot(boardPage, `board-1366x768-${state}`);
		};
		/** The console on a 1366×768 and a 1024×768 laptop. */
		const shootConsoles = async (state: string) => {
			await shoot(hostPage, `host-1366x768-${state}`);
			await shoot(smallHost, `host-1024x768-${state}`);
		};
		const phoneShows = (text: string | RegExp) =>
			pupilPage.getByText(text).first().waitFor({ timeout: 15_000 });
		const phoneSend = () => pupilPage.getByRole('button', { name: 'Verstuur' }).first().click();

		console.log('Joining:');
		await shootBoards('joining');
		await shootConsoles('start');
		await shoot(pupilPage, 'pupil-360x640-waiting');

		console.log('Step 1, a question in the vragenbus and a check-in on the thermometer:');
		await pupilPage.getByText('Stel een vraag, anoniem').click();
		await pupilPage.getByLabel('Jouw vraag').fill('Wat gebeurt er met mijn antwoorden?');
		await phoneSend();
		await phoneShows('Je vraag is verstuurd.');
		await shoot(pupilPage, 'pupil-360x640-vragenbus');
		await pupilPage.getByText('Stel een vraag, anoniem').click();
		await send(host, 'block:open', { blockId: 'start' });
		await shootBoards('thermometer-open');
		await shootConsoles('thermometer-open');
		await shoot(pupilPage, 'pupil-360x640-thermometer');
		await pupilPage.getByRole('button', { name: 'Goed', exact: true }).click();
		await phoneShows('Ontvangen');
		await shoot(pupilPage, 'pupil-360x640-received');
		await classAnswers(pupils, 'start', (index) => ({ kind: 'scale', value: 1 + (index % 5) }));
		await shootBoards('thermometer');
		await shoot(remote, 'host-360x740-remote');
		await send(host, 'block:close', {});
		await shootConsoles('thermometer-closed');

		console.log('Step 2, a poll and a stelling:');
		await send(host, 'session:step', { step: 2 });
		await send(host, 'block:open', { blockId: 'werkvormen' });
		await classAnswers(pupils, 'werkvormen', (index) => ({
			kind: 'choice',
			options: index % 3 === 0 ? [0, 2] : [index % 4]
		}));
		await shootBoards('poll');
		for (const letter of ['A', 'C'])
			await pupilPage
				.locator('label', { has: pupilPage.locator('.letter', { hasText: letter }) })
				.click();
		await phoneSend();
		await phoneShows('Ontvangen');
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
		await pupilPage.getByRole('button', { name: 'Oneens', exact: true }).click();
		await pupilPage
			.getByLabel('Waarom? (mag je overslaan)')
			.fill('Leerlingen moeten weten waar de docent staat.');
		await phoneSend();
		await shoot(pupilPage, 'pupil-360x640-stelling-reason');
		await shootBoards('stelling-answering');
		await shootConsoles('stelling-open');
		await send(host, 'block:close', {});
		await send(host, 'block:reveal', { blockId: 'stelling-voor', revealed: true });
		await shootBoards('stelling-results');
		await shootConsoles('stelling-results');
		// The teacher puts the reasons on the board: beside the results, a page at a time.
		await approveAll(host, sessionId, hostSecret, 'stelling-voor');
		await shootBoards('stelling-reasons');

		console.log('Step 3, positions and the lagerhuis:');
		await send(host, 'session:step', { step: 3 });
		await send(host, 'block:open', { blockId: 'ervaring' });
		await pupilPage.getByLabel('Schuif naar jouw plek').fill('70');
		await phoneSend();
		await phoneShows('Ontvangen');
		await shoot(pupilPage, 'pupil-360x640-position-line');
		await classAnswers(pupils, 'ervaring', (index) => ({
			kind: 'position',
			value: (index * 37) % 101
		}));
		await shootBoards('position-line');
		await send(host, 'block:open', { blockId: 'hoeken' });
		await pupilPage.getByRole('button', { name: 'Ik vraag wat hij bedoelt' }).click();
		await phoneShows('Ontvangen');
		await shoot(pupilPage, 'pupil-360x640-four-corners');
		await classAnswers(pupils, 'hoeken', (index) => ({ kind: 'choice', options: [index % 4] }));
		await shootBoards('four-corners');
		await send(host, 'block:open', { blockId: 'lagerhuis' });
		await send(host, 'timer:start', { blockId: 'lagerhuis' });
		await classAnswers(pupils, 'lagerhuis', (index) => ({ kind: 'choice', options: [index % 3] }));
		await pupilPage.getByRole('button', { name: 'Voor', exact: true }).click();
		await phoneShows('Ontvangen');
		await shoot(pupilPage, 'pupil-360x640-lagerhuis');
		// The phone loses its connection: what it does now waits, and says so.
		await phone.setOffline(true);
		await phoneShows('Verbinding weg');
		await pupilPage.getByRole('button', { name: 'Tegen', exact: true }).click();
		await phoneShows(/Nog niet verstuurd/);
		await shoot(pupilPage, 'pupil-360x640-offline');
		await phone.setOffline(false);
		await phoneShows('Ontvangen');
		await shootBoards('lagerhuis-timer');
		await shootConsoles('lagerhuis');

		console.log('Step 4, the word cloud and the casus:');
		await send(host, 'session:step', { step: 4 });
		await send(host, 'block:open', { blockId: 'woorden' });
		await pupilPage.getByLabel('Woord 1').fill('luisteren');
		await pupilPage.getByLabel('Woord 2').fill('respect');
		await phoneSend();
		await phoneShows('Ontvangen');
		await shoot(pupilPage, 'pupil-360x640-word-cloud');
		// A curse, a classmate's name and a slur among the words: the filter holds them.
		const words = ['luisteren', 'respect', 'eerlijk', 'veilig', 'kanker', 'durven', 'jesse'];
		await classAnswers(pupils, 'woorden', (index) => ({
			kind: 'words',
			words: [words[index % words.length], index === 3 ? 'flikker' : 'samen']
		}));
		await shootBoards('word-cloud-held');
		await shootConsoles('word-cloud-held');
		// The teacher lets through the words waiting as the console shows them ("Toon alle
		// woorden"); what the filter holds stays held.
		await send(host, 'words:release-all', {
			blockId: 'woorden',
			words: ['luisteren', 'respect', 'eerlijk', 'veilig', 'durven', 'samen', 'kanker', 'jesse']
		});
		await shootBoards('word-cloud-released');
		await send(host, 'block:open', { blockId: 'casus' });
		await pupilPage.getByRole('button', { name: 'Ik vraag door naar zijn ervaring' }).click();
		await phoneShows('Ontvangen');
		await shoot(pupilPage, 'pupil-360x640-casus');
		await classAnswers(pupils, 'casus', (index) => ({ kind: 'choice', options: [index % 3] }));
		await shootBoards('casus-answering');
		await send(host, 'block:close', {});
		await send(host, 'block:reveal', { blockId: 'casus', revealed: true });
		await shootBoards('casus-results');

		console.log('Step 5, written responses:');
		await send(host, 'session:step', { step: 5 });
		await send(host, 'block:open', { blockId: 'open-vraag' });
		await shoot(pupilPage, 'pupil-360x640-writing');
		const own = 'Bel me op 06-12345678, dan leg ik het uit.';
		await pupilPage.getByLabel('Jouw reactie').first().fill(own);
		await phoneSend();
		await phoneShows('Je docent leest het eerst');
		await shoot(pupilPage, 'pupil-360x640-sent');
		const texts = [
			'Dat je elkaar laat uitpraten, ook als je het oneens bent.',
			'Dat niemand wordt uitgelachen om wat hij denkt.',
			'Dat de docent ook zegt wat hij niet weet.'
		];
		for (const [index, text] of texts.entries()) {
			const sent = await send(pupils[index], 'response:submit', {
				blockId: 'open-vraag',
				text,
				clientId: `shot-${index}`
			});
			if (index < 2) await send(host, 'response:approve', { responseId: sent.id });
		}
		await shootConsoles('moderation');
		await shootBoards('wall');
		await send(host, 'response:return', {
			responseId: responseWith(own),
			prompt: 'Kun je het zeggen zonder persoonlijke gegevens?'
		});
		await phoneShows('Je docent vraagt je iets');
		await shoot(pupilPage, 'pupil-360x640-returned');
		await send(host, 'block:open', { blockId: 'stil-debat' });
		await pupilPage
			.getByLabel('Jouw reactie')
			.first()
			.fill('Ja, als ze zegt dat het haar mening is.');
		await phoneSend();
		await phoneShows('Je docent leest het eerst');
		await send(host, 'response:approve', {
			responseId: responseWith('Ja, als ze zegt dat het haar mening is.')
		});
		await phoneShows('Staat op het bord');
		await shoot(pupilPage, 'pupil-360x640-silent-debate');
		await shootBoards('silent-debate');

		console.log('Step 6, the stelling again and the exit ticket:');
		await send(host, 'session:step', { step: 6 });
		await send(host, 'block:open', { blockId: 'stelling-na' });
		await classAnswers(pupils, 'stelling-na', (index) => ({
			kind: 'scale',
			value: [2, 2, 3, 3, 4, 4, 5, 5, 0][index % 9]
		}));
		await send(host, 'block:close', {});
		await send(host, 'block:reveal', { blockId: 'stelling-na', revealed: true });
		await shootBoards('stelling-shift');
		await send(host, 'block:open', { blockId: 'terugblik' });
		await pupilPage
			.getByLabel('Welke werkvorm ga je als eerste gebruiken?')
			.fill('De stelling met redenen.');
		await phoneSend();
		await phoneShows(/Alleen je docent leest dit/);
		await shoot(pupilPage, 'pupil-360x640-exit-ticket');
		for (const [index, text] of [
			'Het stille debat.',
			'De woordwolk, met de docent eerst.'
		].entries())
			await send(pupils[index], 'response:submit', {
				blockId: 'terugblik',
				text,
				question: 0,
				clientId: `ticket-${index}`
			});
		await shootConsoles('exit-ticket');
		await shootBoards('exit-ticket');

		console.log('Blank and ended:');
		await send(host, 'board:blank', { blank: true });
		await shoot(beamerBoard, 'board-1024x768-blank');
		await send(host, 'board:blank', { blank: false });
		await send(host, 'session:end', {});
		await shootBoards('ended');
		await phoneShows(/De les is afgelopen/);
		await shoot(pupilPage, 'pupil-360x640-ended');
		await hostPage.reload();
		await smallHost.reload();
		await shootConsoles('ended');
	} finally {
		for (const client of clients) client.disconnect();
		for (const context of contexts) await context.close();
		await browser.close();
		server.kill('SIGTERM');
		rmSync(scratch, { recursive: true, force: true });
	}
}

await main();
