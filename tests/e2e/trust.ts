// What a teacher must be able to trust in a live lesson, as checks the browser tests share: the
// board never shows what the teacher has not let through, the console says what is open and what
// waits, each phone says what became of its input and hides nothing under its fate bar, the board
// is readable from the back, and no teacher-facing text shows raw markup or ids.

import { expect, type Page } from '@playwright/test';
import { controlsOf } from './host';

/**
 * Watches the board: every socket.io frame it receives (over the websocket and over HTTP long
 * polling, before the upgrade) and its text after each action. Pupils' words are held here
 * until the teacher lets them through; none may appear on the board, or reach it, before that.
 */
export class BoardWatch {
	readonly frames: string[] = [];
	/** What pupils typed and the teacher has not let through: lower-cased text → what it is. */
	readonly held = new Map<string, string>();
	/** Leaks already reported, so that one leak is one failure, not one per later check. */
	readonly reported = new Set<string>();

	readonly board: Page;

	constructor(board: Page) {
		this.board = board;
		board.on('websocket', (socket) =>
			socket.on('framereceived', ({ payload }) =>
				this.frames.push(typeof payload === 'string' ? payload : payload.toString('utf8'))
			)
		);
		board.on('response', async (response) => {
			if (!response.url().includes('/socket.io/') || response.request().method() !== 'GET') return;
			try {
				this.frames.push(await response.text());
			} catch {
				// The page went away before the body was read: nothing reached it either.
			}
		});
	}

	/** A pupil typed `text` (`what` says what it is, for the message); the board must not show it. */
	hold(text: string, what: string) {
		this.held.set(text.toLowerCase(), what);
	}

	/** The teacher let `text` through: from now on the board may show it (checked up to now first). */
	async release(text: string, moment: string) {
		await this.check(`just before the teacher let "${text}" through (${moment})`);
		this.held.delete(text.toLowerCase());
	}

	/** Neither the board's text nor any frame it received so far holds a word still held. */
	async check(moment: string) {
		const shown = (await this.board.locator('body').innerText()).toLowerCase();
		const received = this.frames.join('\n').toLowerCase();
		for (const [text, what] of this.held) {
			const leaks = [
				[shown, `The board shows "${text}" (${what}) ${moment}, unapproved`],
				[received, `The board's socket received "${text}" (${what}) ${moment}, unapproved`]
			] as const;
			for (const [where, message] of leaks) {
				const key = `${where === shown ? 'dom' : 'socket'}:${text}`;
				if (this.reported.has(key) || !where.includes(text)) continue;
				this.reported.add(key);
				expect.soft(where.includes(text), message).toBe(false);
			}
		}
	}
}

/** The state of a block as the console's bar should say it (issue 16, point 3). */
export type BlockState =
	{ is: 'not-opened' } | { is: 'open' } | { is: 'closed'; answers: number } | { is: 'on-board' };

const statePatterns: Record<BlockState['is'], RegExp> = {
	'not-opened': /nog niet geopend/i,
	open: /nu open|open de hele les/i,
	closed: /gesloten/i,
	'on-board': /(uitslag|resultaten?) (staat |staan )?op het bord/i
};

/** The words a block's row says of itself, without the labels of its buttons and links. */
async function stateTextOf(host: Page, blockId: string) {
	return controlsOf(host, blockId).evaluate((row) => {
		const copy = row.cloneNode(true) as HTMLElement;
		for (const control of copy.querySelectorAll('button, a, input, select, textarea'))
			control.remove();
		return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
	});
}

/** The console says of block `blockId` that it is in `state` (and, once closed, how many answered). */
export async function expectBlockState(host: Page, blockId: string, state: BlockState) {
	const pattern = statePatterns[state.is];
	const others = Object.entries(statePatterns).filter(([is]) => is !== state.is);
	await expect
		.configure({ soft: true })
		.poll(
			async () => {
				const text = await stateTextOf(host, blockId);
				const wrong = others.find(([, other]) => other.test(text));
				if (!pattern.test(text)) return `"${text}" does not say ${state.is}`;
				if (wrong) return `"${text}" also says ${wrong[0]}`;
				if (
					state.is === 'closed' &&
					!new RegExp(`\\b${state.answers} (antwoord|reactie)`).test(text)
				)
					return `"${text}" does not say ${state.answers} answers`;
				return 'ok';
			},
			{
				message: `The console's row for block "${blockId}" should say it is ${state.is}`,
				timeout: 3_000
			}
		)
		.toBe('ok');
}

/** Before the teacher opens `blockId`, its row says that opening it closes the open block. */
export async function expectOpeningSaysWhatCloses(host: Page, blockId: string, closing: RegExp) {
	const row = controlsOf(host, blockId);
	await expect
		.soft(row, `Opening "${blockId}" should say that it closes the open block`)
		.toContainText(/sluit/i, { timeout: 3_000 });
	await expect
		.soft(row, `Opening "${blockId}" should name the block it closes`)
		.toContainText(closing, { timeout: 3_000 });
}

/** The number in the bar's "Wacht op jou: n". */
export function waitingBadge(host: Page) {
	return host
		.locator('header')
		.getByText(/^Wacht op jou: \d+$/)
		.first();
}

/** The bar's "Wacht op jou" counts exactly the written responses that truly wait for the teacher. */
export async function expectWaiting(host: Page, count: number, why: string) {
	await expect
		.soft(waitingBadge(host), `"Wacht op jou" should be ${count}: ${why}`)
		.toHaveText(`Wacht op jou: ${count}`);
}

/** A phone's own entry for a written response or question: its text and what became of it. */
export function ownEntry(pupil: Page, text: string) {
	return pupil.locator('li').filter({ hasText: text }).first();
}

/**
 * One truth about a written response or question on both screens: the phone says "Staat op het
 * bord" exactly while the board shows it, and "Wacht op de docent" while the teacher has not
 * decided.
 */
export async function expectPhoneTruth(
	pupil: Page,
	board: Page,
	text: string,
	expected: 'waiting' | 'on-board' | 'not-on-board'
) {
	const entry = ownEntry(pupil, text);
	await expect
		.configure({ soft: true })
		.poll(
			async () => {
				// A response the teacher hid may leave the phone's list: then it says nothing of it.
				const says = (await entry.count()) > 0 ? await entry.innerText() : '';
				const onBoard = (await board.locator('body').innerText()).includes(text);
				const saysOnBoard = /Staat op het bord/.test(says);
				if (saysOnBoard && !onBoard) return `phone says "${says}" while the board does not show it`;
				if (onBoard && !saysOnBoard) return `phone says "${says}" while the board shows it`;
				if (expected === 'waiting' && !/Wacht op de docent/.test(says))
					return `phone says "${says}", not that it waits for the teacher`;
				if (expected === 'on-board' && !onBoard) return 'the board does not show it';
				if (expected !== 'on-board' && onBoard) return 'the board shows it';
				return 'ok';
			},
			{ message: `What the phone says of "${text}" should match the board (${expected})` }
		)
		.toBe('ok');
}

/** An exit ticket's answer: the phone says only the teacher reads it, and nothing contrary. */
export async function expectTeacherOnly(pupil: Page) {
	await expect(pupil.getByText(/Alleen je docent leest dit/).first()).toBeVisible({
		timeout: 15_000
	});
	const text = await pupil.locator('body').innerText();
	expect
		.soft(text, 'An exit ticket must not also say the teacher reads it first, as if it may follow')
		.not.toMatch(/leest het eerst/);
	expect.soft(text, 'An exit ticket never goes to the board').not.toMatch(/Staat op het bord/);
}

/** The phone's fate bar ("Ontvangen", "Wordt verstuurd" …): visible elements that carry one. */
const fateBars = '.fate';

/**
 * Nothing a pupil can tap lies under the fate bar, where the page is now and scrolled to the
 * bottom: the bounding box of every button, link, field and label of a field against the bar's.
 */
export async function expectFateBarCoversNothing(pupil: Page, moment: string) {
	for (const where of ['as it is', 'scrolled to the bottom'] as const) {
		if (where === 'scrolled to the bottom') {
			// The page, and any part of it that scrolls on its own (the phone's content does).
			await pupil.evaluate(() => {
				window.scrollTo(0, document.scrollingElement!.scrollHeight);
				for (const element of document.querySelectorAll('*'))
					if (
						element.scrollHeight > element.clientHeight + 1 &&
						/auto|scroll/.test(getComputedStyle(element).overflowY)
					)
						element.scrollTop = element.scrollHeight;
			});
			await pupil.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(null))));
		}
		const covered = await pupil.evaluate((barSelector) => {
			const visible = (element: Element) => {
				const box = element.getBoundingClientRect();
				return (
					box.width > 2 &&
					box.height > 2 &&
					element.checkVisibility({ opacityProperty: true, visibilityProperty: true })
				);
			};
			const bars = [...document.querySelectorAll(barSelector)].filter(
				(bar) => visible(bar) && (bar.textContent ?? '').trim() !== ''
			);
			const controls = [
				...document.querySelectorAll(
					'button, a[href], input:not([type="hidden"]), textarea, select, label'
				)
			].filter(
				(control) =>
					visible(control) &&
					!bars.some((bar) => bar.contains(control)) &&
					(control.tagName !== 'LABEL' || control.querySelector('input, select, textarea'))
			);
			// What of a control can be seen: its box, cut by every ancestor that clips or scrolls
			// (a control scrolled out of the content's view is not under the bar, only out of view).
			const seen = (control: Element) => {
				const box = control.getBoundingClientRect();
				let { top, bottom, left, right } = box;
				for (let parent = control.parentElement; parent; parent = parent.parentElement) {
					const style = getComputedStyle(parent);
					if (!/auto|scroll|hidden|clip/.test(style.overflowX + style.overflowY)) continue;
					const clip = parent.getBoundingClientRect();
					top = Math.max(top, clip.top);
					bottom = Math.min(bottom, clip.bottom);
					left = Math.max(left, clip.left);
					right = Math.min(right, clip.right);
				}
				return { top, bottom, left, right };
			};
			const found: string[] = [];
			for (const bar of bars) {
				const b = bar.getBoundingClientRect();
				for (const control of controls) {
					const c = seen(control);
					const width = Math.min(b.right, c.right) - Math.max(b.left, c.left);
					const height = Math.min(b.bottom, c.bottom) - Math.max(b.top, c.top);
					if (width > 1 && height > 1)
						found.push(
							`${control.tagName.toLowerCase()} "${(control.textContent || (control as HTMLInputElement).value || control.getAttribute('aria-label') || '').trim().slice(0, 40)}" under "${(bar.textContent ?? '').trim().slice(0, 40)}"`
						);
				}
			}
			return found;
		}, fateBars);
		expect
			.soft(covered, `The fate bar covers a control ${moment}, ${where}: ${covered.join('; ')}`)
			.toEqual([]);
	}
	await pupil.evaluate(() => window.scrollTo(0, 0));
}

/**
 * No text on the board is drawn smaller than `min` pixels: the computed font size of each
 * visible text's element, times the slide's scale (and an SVG's viewBox scale).
 */
export async function expectBoardTextAtLeast(board: Page, moment: string, min = 24) {
	const small = await board.evaluate((min) => {
		const found: string[] = [];
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		while (walker.nextNode()) {
			const node = walker.currentNode as Text;
			const text = (node.textContent ?? '').trim();
			const element = node.parentElement;
			if (!text || !element || element.closest('.visually-hidden, script, style, title')) continue;
			if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
			const range = document.createRange();
			range.selectNodeContents(node);
			const inView = [...range.getClientRects()].some(
				(box) =>
					box.width > 1 &&
					box.height > 1 &&
					box.right > 0 &&
					box.bottom > 0 &&
					box.left < innerWidth &&
					box.top < innerHeight
			);
			if (!inView) continue;
			let size = parseFloat(getComputedStyle(element).fontSize);
			const svg = element instanceof SVGElement ? element.ownerSVGElement : null;
			const box = (svg ?? element) as HTMLElement;
			const layoutWidth = svg ? svg.clientWidth : box.offsetWidth;
			if (layoutWidth > 0) size *= box.getBoundingClientRect().width / layoutWidth;
			const viewBox = svg?.viewBox.baseVal;
			if (svg && viewBox && viewBox.width > 0 && viewBox.height > 0)
				size *= Math.min(svg.clientWidth / viewBox.width, svg.clientHeight / viewBox.height);
			if (size < min - 0.5) found.push(`"${text.slice(0, 40)}" at ${size.toFixed(1)} px`);
		}
		return found;
	}, min);
	expect.soft(small, `Board text under ${min} px at ${moment}: ${small.join('; ')}`).toEqual([]);
}

/**
 * No teacher-facing text shows raw markup or refers to a block by its id ("#open-vraag",
 * "'stelling-voor'"): the page's visible text, checked against the lesson's block ids.
 */
export async function expectNoRawMarkupOrIds(page: Page, blockIds: string[], moment: string) {
	const text = await page.locator('body').innerText();
	const raw = ['<p>', '</', '&lt;', '&gt;', '&amp;', '&quot;'].filter((piece) =>
		text.includes(piece)
	);
	expect.soft(raw, `Raw markup in the teacher's text ${moment}`).toEqual([]);
	const ids = blockIds.filter((id) =>
		[`#${id}`, `'${id}'`, `‘${id}’`, `“${id}”`, `"${id}"`].some((quoted) => text.includes(quoted))
	);
	expect.soft(ids, `Block ids in the teacher's text ${moment}`).toEqual([]);
}

/** After the end the console shows no join code, no count of connected pupils, nothing waiting. */
export async function expectNothingLiveAfterTheEnd(host: Page, code: string) {
	const text = await host.locator('body').innerText();
	expect.soft(text, 'The join code after the end').not.toContain(code);
	expect.soft(text, 'The pupils count after the end').not.toMatch(/\d+ leerlingen?\b/);
	expect.soft(text, 'The connection state after the end').not.toMatch(/Verbonden/);
	// A count, that is: a queue's hint may still name the badge it does not count in.
	expect.soft(text, 'The waiting count after the end').not.toMatch(/Wacht op jou: \d/);
}

/** The console's bar at this size keeps to a third of the height, its step title on one line. */
export async function expectConsoleBarFits(host: Page) {
	const { height } = host.viewportSize()!;
	const bar = await host.locator('header.bar').boundingBox();
	expect
		.soft(bar!.height, `The console's bar at ${height} px high`)
		.toBeLessThanOrEqual(height / 3);
	const where = host.locator('.where');
	const lines = await where.evaluate((element) => {
		const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 24;
		return Math.round(element.getBoundingClientRect().height / lineHeight);
	});
	expect
		.soft(lines, `The step title "${await where.innerText()}" on one line`)
		.toBeLessThanOrEqual(1);
}
