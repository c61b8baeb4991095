// How long an old phone on a slow network takes from opening the join link to answer buttons it
// can tap, while a question is open. Chromium emulates the phone over the DevTools protocol: the
// CPU six times slower, 400 kbit/s each way and 400 ms round trip. Each run is a phone that has
// never seen the site (a fresh browser context, nothing cached), against the production build.
//
//   npm run build && node bench/phone.ts              5 runs, prints each and the median
//   node bench/phone.ts --runs 9 --waterfall          and every request of the last run, in order
//
// Chrome's emulation slows HTTP requests but not WebSocket frames, so each frame waits half the
// round trip each way here (in Playwright's routing): what a command costs once the connection
// moved to a WebSocket is what it costs on the phone. --polling: a network that blocks
// WebSockets, so everything goes by long-polling.
//
// Times are from the start of the navigation (the page's own clock, performance.now()).

import type { CDPSession, Page } from '@playwright/test';
import { parseArgs } from 'node:util';
import { openBlock, startLesson, startServer } from './browser-lesson.ts';
import { phone } from '../tests/e2e/phone.ts';

const { values: args } = parseArgs({
	options: {
		runs: { type: 'string', default: '5' },
		waterfall: { type: 'boolean', default: false },
		polling: { type: 'boolean', default: false },
		cpu: { type: 'string', default: '6' },
		kbit: { type: 'string', default: '400' },
		rtt: { type: 'string', default: '400' }
	}
});

/** The emulated phone: as slow as the old phone, or as told. */
const emulation = {
	cpuSlowdown: Number(args.cpu),
	bytesPerSecond: (Number(args.kbit) * 1000) / 8,
	roundTripMs: Number(args.rtt)
};

async function emulateOldPhone(cdp: CDPSession) {
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: emulation.cpuSlowdown });
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: emulation.roundTripMs,
		downloadThroughput: emulation.bytesPerSecond,
		uploadThroughput: emulation.bytesPerSecond
	});
}

// Runs in the page before anything else: notes when the page first shows text, and when an
// answer button of the open question is in view and enabled, on the page's own clock.
const watchForUsable = () => {
	const marks: Record<string, number> = {};
	(window as unknown as { phoneMarks: typeof marks }).phoneMarks = marks;
	const check = () => {
		if (!marks.text && document.body?.innerText.trim()) marks.text = performance.now();
		if (!marks.connecting && document.querySelector('.pupil [role="status"]'))
			marks.connecting = performance.now();
		const button = document.querySelector<HTMLButtonElement>('.question button:not([disabled])');
		if (button && button.getBoundingClientRect().height > 0) {
			marks.usable = performance.now();
			observer.disconnect();
		}
	};
	const observer = new MutationObserver(check);
	observer.observe(document, { subtree: true, childList: true, attributes: true });
};

interface PhoneRun {
	usable: number;
	text: number;
	connecting: number;
	html: number;
	scriptsDone: number;
	firstSocket: number;
	kilobytes: number;
	waterfall: string[];
}

/** WebSocket frames as slow as the emulated network, or no WebSocket at all (--polling). */
async function slowWebSockets(page: Page) {
	await page.routeWebSocket(/\/socket\.io\//, (webSocket) => {
		if (args.polling) return webSocket.close();
		const server = webSocket.connectToServer();
		const halfway = emulation.roundTripMs / 2;
		webSocket.onMessage((message) => setTimeout(() => server.send(message), halfway));
		server.onMessage((message) => setTimeout(() => webSocket.send(message), halfway));
	});
}

async function oneRun(page: Page): Promise<PhoneRun> {
	await page.addInitScript(watchForUsable);
	await slowWebSockets(page);
	await emulateOldPhone(await page.context().newCDPSession(page));
	await page.goto(pupilUrl, { waitUntil: 'commit' });
	await page.waitForFunction(
		() => (window as unknown as { phoneMarks?: { usable?: number } }).phoneMarks?.usable,
		undefined,
		{ timeout: 60_000, polling: 500 }
	);
	return page.evaluate(() => {
		const marks = (window as unknown as { phoneMarks: Record<string, number> }).phoneMarks;
		const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
		const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
		const scripts = resources.filter((entry) => entry.name.endsWith('.js'));
		const socket = resources.filter((entry) => entry.name.includes('/socket.io/'));
		const ms = (value: number) => Math.round(value);
		return {
			usable: ms(marks.usable),
			text: ms(marks.text ?? NaN),
			connecting: ms(marks.connecting ?? NaN),
			html: ms(navigation.responseEnd),
			scriptsDone: ms(Math.max(...scripts.map((entry) => entry.responseEnd))),
			firstSocket: ms(socket[0]?.startTime ?? NaN),
			kilobytes: +(
				[navigation, ...resources].reduce((sum, entry) => sum + entry.transferSize, 0) / 1024
			).toFixed(1),
			waterfall: [navigation, ...resources].map(
				(entry) =>
					`${ms(entry.startTime).toString().padStart(6)} → ${ms(entry.responseEnd)
						.toString()
						.padStart(6)} ms  ${(entry.transferSize / 1024).toFixed(1).padStart(5)} KB  ${new URL(
						entry.name
					).pathname.replace(/^\/_app\/immutable\//, '')}${new URL(entry.name).search.slice(0, 40)}`
			)
		};
	});
}

const server = await startServer();
let pupilUrl = '';
try {
	const { host, code } = await startLesson(server.browser, server.base);
	pupilUrl = `${server.base}/j/${code}`;
	await openBlock(host, 'start');
	const runs: PhoneRun[] = [];
	for (let run = 0; run < Number(args.runs); run++) {
		const context = await server.browser.newContext({ ...phone });
		runs.push(await oneRun(await context.newPage()));
		await context.close();
		const last = runs.at(-1)!;
		console.log(
			`run ${run + 1}: usable ${last.usable} ms (text ${last.text}, html ${last.html}, scripts done ${last.scriptsDone}, first socket request ${last.firstSocket}; ${last.kilobytes} KB transferred)`
		);
	}
	if (args.waterfall) console.log(runs.at(-1)!.waterfall.join('\n'));
	const median = (values: number[]) => values.toSorted((a, b) => a - b)[values.length >> 1];
	console.log(
		`\nold phone (CPU ×${emulation.cpuSlowdown}, ${args.kbit} kbit/s, ${emulation.roundTripMs} ms RTT${args.polling ? ', no WebSocket' : ''}), ${runs.length} runs, median:` +
			`\n  answer buttons usable ${median(runs.map((run) => run.usable))} ms` +
			`  (first text ${median(runs.map((run) => run.text))}, HTML ${median(runs.map((run) => run.html))},` +
			` scripts ${median(runs.map((run) => run.scriptsDone))}, first socket request ${median(runs.map((run) => run.firstSocket))} ms)`
	);
} finally {
	await server.close();
}
