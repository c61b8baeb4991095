import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvents } from '../../../src/lib/server/events.ts';
import { Sessions, type Outcome } from '../../../src/lib/server/sessions.ts';
import { Render } from '../../../src/lib/server/realtime/render.ts';
import { SqliteStore } from '../../../src/lib/server/store/sqlite.ts';
import type { SessionRecord, Store } from '../../../src/lib/server/store/store.ts';
import { allBlocksLesson } from '../../fixtures/all-blocks.ts';

const lesson = allBlocksLesson;

let directory: string;
let store: SqliteStore;
let clock: number;
let sessions: Sessions;
/** The realtime layer's rendering of what the domain stores, as the screens get it. */
const render = () => new Render(sessions);
let heard: string[];

/** Every domain event, in order, as one line each. */
const recording: DomainEvents = {
	sessionChanged: (session) => heard.push(`session ${session.id} v${session.version}`),
	resultsChanged: (sessionId, blockId, options) =>
		heard.push(`results ${sessionId} ${blockId}${options?.immediate ? ' now' : ''}`),
	responsesChanged: (session, blockId, writers) =>
		heard.push(`responses ${session.id} ${blockId} ${writers.length}`),
	sessionDeleted: (session) => heard.push(`deleted ${session.id}`)
};

function domainOn(on: Store, options: { idleHours?: number } = {}) {
	return new Sessions({
		store: on,
		findLesson: (slug) => (slug === lesson.slug ? lesson : undefined),
		retentionDays: 30,
		events: recording,
		now: () => clock,
		...options
	});
}

function open() {
	store = new SqliteStore(join(directory, 'store.sqlite'));
	sessions = domainOn(store);
}

/** The store with some methods replaced, the rest its own: a way to stage what others do. */
function storeWith(overrides: Partial<Store>): Store {
	return new Proxy(store, {
		get(target, key) {
			if (key in overrides) return overrides[key as keyof Store];
			const member = Reflect.get(target, key) as unknown;
			return typeof member === 'function' ? (member as () => unknown).bind(target) : member;
		}
	});
}

function value<T>(outcome: Outcome<T>): T {
	if (!outcome.ok) throw new Error(`expected success, got ${outcome.error}`);
	return outcome.value;
}

async function started() {
	return value(await sessions.start('alle-blokken'));
}

async function pupil(joinCode: string) {
	const { session, pupilToken } = value(await sessions.join(joinCode));
	return { token: pupilToken, key: value(await sessions.asPupil(session.id, pupilToken)).pupilKey };
}

const pupils = (joinCode: string, count: number) =>
	Promise.all(Array.from({ length: count }, () => pupil(joinCode)));

beforeEach(() => {
	heard = [];
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-sessions-'));
	clock = 1_000_000;
	open();
});
afterEach(async () => {
	await store.close();
	rmSync(directory, { recursive: true, force: true });
});

describe('starting and joining a session', () => {
	it('starts a live session on step 1 with a six-digit join code', async () => {
		const { session, hostSecret } = await started();
		expect(session).toMatchObject({ status: 'live', step: 1, openBlockId: null, locked: false });
		expect(session.joinCode).toMatch(/^\d{6}$/);
		expect(hostSecret.length).toBeGreaterThanOrEqual(32);
		expect(session.hostKey).not.toContain(hostSecret);
		expect(session.expiresAt - session.createdAt).toBe(30 * 24 * 60 * 60 * 1000);
	});

	it('refuses a lesson that does not exist', async () => {
		expect(await sessions.start('bestaat-niet')).toEqual({ ok: false, error: 'lesson-not-found' });
	});

	it('gives every live session its own join code', async () => {
		const starts = await Promise.all(Array.from({ length: 200 }, () => started()));
		const codes = new Set(starts.map(({ session }) => session.joinCode));
		expect(codes.size).toBe(200);
	});

	it('lets only the starting secret act as host', async () => {
		const { session, hostSecret } = await started();
		expect(value(await sessions.asHost(session.id, hostSecret)).id).toBe(session.id);
		expect(await sessions.asHost(session.id, `${hostSecret}x`)).toEqual({
			ok: false,
			error: 'not-host'
		});
		expect(await sessions.asHost('nope', hostSecret)).toEqual({
			ok: false,
			error: 'session-not-found'
		});
	});

	it('never lets a pupil token act as host', async () => {
		const { session } = await started();
		const { token } = await pupil(session.joinCode);
		expect(await sessions.asHost(session.id, token)).toEqual({ ok: false, error: 'not-host' });
	});

	it('gives each pupil a token that brings them back, and a pseudonym that is not the token', async () => {
		const { session } = await started();
		const first = await pupil(session.joinCode);
		const second = await pupil(session.joinCode);
		expect(first.token).not.toBe(second.token);
		expect(first.key).not.toBe(second.key);
		expect(first.key).not.toContain(first.token.split('.')[0]);
		expect(value(await sessions.asPupil(session.id, first.token)).pupilKey).toBe(first.key);
	});

	it('refuses made-up tokens and tokens of another session', async () => {
		const { session } = await started();
		const other = await started();
		const { token } = await pupil(other.session.joinCode);
		for (const forged of [
			'abc.def',
			'abc',
			'',
			`${token}.x`,
			token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))
		]) {
			expect(await sessions.asPupil(other.session.id, forged)).toEqual({
				ok: false,
				error: 'invalid-token'
			});
		}
		expect(await sessions.asPupil(session.id, token)).toEqual({
			ok: false,
			error: 'invalid-token'
		});
	});

	it('refuses new pupils in a locked room but lets those inside continue', async () => {
		const { session } = await started();
		const inside = await pupil(session.joinCode);
		value(await sessions.setLocked(session.id, true));
		expect(await sessions.join(session.joinCode)).toEqual({ ok: false, error: 'room-locked' });
		expect((await sessions.asPupil(session.id, inside.token)).ok).toBe(true);
	});

	it('does not know the code of an ended session', async () => {
		const { session } = await started();
		value(await sessions.end(session.id));
		expect(await sessions.join(session.joinCode)).toEqual({ ok: false, error: 'unknown-code' });
	});
});

describe('answering', () => {
	it('takes answers only for the open block', async () => {
		const { session } = await started();
		const { key } = await pupil(session.joinCode);
		expect(
			await sessions.answer(session.id, key, 'bronnen', { kind: 'choice', options: [0] })
		).toEqual({
			ok: false,
			error: 'block-not-open'
		});
		const opened = value(await sessions.openBlock(session.id, 'bronnen'));
		expect(opened.step).toBe(2);
		expect(
			value(await sessions.answer(opened.id, key, 'bronnen', { kind: 'choice', options: [0] }))
				.changed
		).toBe(true);
	});

	it('writes an answer still waiting for its commit when asked to, before the store closes', async () => {
		const { session } = await started();
		const { key } = await pupil(session.joinCode);
		const opened = value(await sessions.openBlock(session.id, 'bronnen'));
		const windowed = domainOn(storeWith({ answerCommitWindowMs: 60_000 }));
		const answered = windowed.answer(opened.id, key, 'bronnen', { kind: 'choice', options: [0] });
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(await store.answerOf(opened.id, 'bronnen', key)).toBeNull();
		await windowed.writePendingAnswers();
		expect((await store.answerOf(opened.id, 'bronnen', key))?.value).toEqual({
			kind: 'choice',
			options: [0]
		});
		expect(value(await answered).changed).toBe(true);
	});

	it('counts a replayed answer once and a changed answer as a change', async () => {
		const { session } = await started();
		const opened = value(await sessions.openBlock(session.id, 'voor'));
		const one = await pupil(session.joinCode);
		const two = await pupil(session.joinCode);
		expect(
			value(await sessions.answer(opened.id, one.key, 'voor', { kind: 'scale', value: 4 })).changed
		).toBe(true);
		expect(
			value(await sessions.answer(opened.id, one.key, 'voor', { kind: 'scale', value: 4 })).changed
		).toBe(false);
		value(await sessions.answer(opened.id, one.key, 'voor', { kind: 'scale', value: 2 }));
		value(await sessions.answer(opened.id, two.key, 'voor', { kind: 'pass' }));
		const results = (await sessions.results(opened, 'voor', true))!;
		expect(results).toMatchObject({ answered: 1, passes: 1 });
		expect(await sessions.answerOf(opened, one.key, 'voor')).toEqual({ kind: 'scale', value: 2 });
	});

	it('refuses an answer that does not fit the block', async () => {
		const { session } = await started();
		const opened = value(await sessions.openBlock(session.id, 'bronnen'));
		const { key } = await pupil(session.joinCode);
		expect(
			await sessions.answer(opened.id, key, 'bronnen', { kind: 'choice', options: [7] })
		).toEqual({
			ok: false,
			error: 'option-out-of-range'
		});
	});

	it('counts corner moves in vier hoeken without recording who moved', async () => {
		const { session } = await started();
		const opened = value(await sessions.openBlock(session.id, 'hoeken'));
		const { key } = await pupil(session.joinCode);
		value(await sessions.answer(opened.id, key, 'hoeken', { kind: 'choice', options: [0] }));
		value(await sessions.answer(opened.id, key, 'hoeken', { kind: 'choice', options: [3] }));
		value(
			await sessions.answer(opened.id, key, 'hoeken', {
				kind: 'choice',
				options: [3],
				reason: 'toch'
			})
		);
		const results = (await sessions.results(opened, 'hoeken', true))!;
		expect(results.answered).toBe(1);
		expect(results.withheld).toBe('too-few');
		expect((await store.blockTally(session.id, 'hoeken')).moves).toEqual([
			{ from: 0, to: 3, count: 1 }
		]);
	});

	it('shows a before/after block together with the block it compares with', async () => {
		let { session } = await started();
		const class5 = await pupils(session.joinCode, 5);
		session = value(await sessions.openBlock(session.id, 'voor'));
		for (const { key } of class5)
			value(await sessions.answer(session.id, key, 'voor', { kind: 'scale', value: 2 }));
		session = value(await sessions.openBlock(session.id, 'na'));
		for (const { key } of class5)
			value(await sessions.answer(session.id, key, 'na', { kind: 'scale', value: 4 }));
		const results = (await sessions.results(session, 'na', true))!;
		expect(results.distribution).toMatchObject({ counts: [0, 0, 0, 0, 5, 0] });
		expect(results.before?.distribution).toMatchObject({ counts: [0, 0, 5, 0, 0, 0] });
	});
});

describe('steering the lesson', () => {
	it('moves between steps and closes a block the new step does not show', async () => {
		const { session } = await started();
		const opened = value(await sessions.openBlock(session.id, 'bronnen'));
		expect(value(await sessions.goToStep(opened.id, 2)).openBlockId).toBe('bronnen');
		expect(value(await sessions.goToStep(opened.id, 3))).toMatchObject({
			step: 3,
			openBlockId: null
		});
		expect(await sessions.goToStep(opened.id, 0)).toEqual({
			ok: false,
			error: 'step-out-of-range'
		});
		expect(await sessions.goToStep(opened.id, 6)).toEqual({
			ok: false,
			error: 'step-out-of-range'
		});
	});

	it('reveals and hides a block’s results on the board', async () => {
		let { session } = await started();
		const class5 = await pupils(session.joinCode, 5);
		session = value(await sessions.openBlock(session.id, 'voor'));
		for (const { key } of class5)
			value(await sessions.answer(session.id, key, 'voor', { kind: 'scale', value: 3 }));
		expect((await sessions.results(session, 'voor', false))?.withheld).toBe('not-revealed');
		session = value(await sessions.setRevealed(session.id, 'voor', true));
		expect((await sessions.results(session, 'voor', false))?.withheld).toBeNull();
		session = value(await sessions.setRevealed(session.id, 'voor', false));
		expect(session.revealed).toEqual([]);
	});

	it('runs, pauses and extends a lagerhuis timer', async () => {
		let { session } = await started();
		session = value(await sessions.startTimer(session.id, 'debat'));
		clock += 60_000;
		expect(render().view(session).timer).toMatchObject({ running: true, remainingMs: 6 * 60_000 });
		session = value(await sessions.pauseTimer(session.id));
		clock += 30_000;
		expect(render().view(session).timer).toMatchObject({ running: false, remainingMs: 6 * 60_000 });
		session = value(await sessions.extendTimer(session.id, 60_000, 'verlenging-1'));
		session = value(await sessions.startTimer(session.id, 'debat'));
		clock += 7 * 60_000 + 1;
		expect(render().view(session).timer?.remainingMs).toBe(0);
	});

	it('adds a resent timer extension once, and a new one again', async () => {
		let { session } = await started();
		session = value(await sessions.startTimer(session.id, 'debat'));
		session = value(await sessions.pauseTimer(session.id));
		const before = render().view(session).timer!.remainingMs;
		session = value(await sessions.extendTimer(session.id, 60_000, 'verlenging-1'));
		session = value(await sessions.extendTimer(session.id, 60_000, 'verlenging-1'));
		expect(render().view(session).timer?.remainingMs).toBe(before + 60_000);
		session = value(await sessions.extendTimer(session.id, 60_000, 'verlenging-2'));
		expect(render().view(session).timer?.remainingMs).toBe(before + 120_000);
	});

	it('shows a timer only on its own step, pausing it there and back', async () => {
		let { session } = await started();
		session = value(await sessions.startTimer(session.id, 'debat'));
		expect(session.step).toBe(3);
		clock += 60_000;
		session = value(await sessions.goToStep(session.id, 4));
		expect(render().view(session).timer).toBeNull();
		clock += 10 * 60_000;
		session = value(await sessions.goToStep(session.id, 3));
		expect(render().view(session).timer).toMatchObject({ running: false, remainingMs: 6 * 60_000 });
		session = value(await sessions.openBlock(session.id, 'waarom'));
		expect(session.step).toBe(4);
		expect(render().view(session).timer).toBeNull();
	});

	it('keeps a running timer running while its own step stays on the board', async () => {
		let { session } = await started();
		session = value(await sessions.startTimer(session.id, 'debat'));
		session = value(await sessions.openBlock(session.id, 'hoeken'));
		clock += 60_000;
		expect(render().view(session).timer).toMatchObject({ running: true, remainingMs: 6 * 60_000 });
	});

	it('blanks the board and brings it back at the host’s word', async () => {
		let { session } = await started();
		expect(render().view(session).stage.blank).toBe(false);
		session = value(await sessions.setBlank(session.id, true));
		expect(render().view(session).stage.blank).toBe(true);
		session = value(await sessions.goToStep(session.id, 2));
		expect(render().view(session).stage.blank).toBe(true);
		session = value(await sessions.setBlank(session.id, false));
		expect(render().view(session).stage.blank).toBe(false);
	});

	it('shows the join code large while pupils join, small once the lesson runs, large again on request', async () => {
		let { session } = await started();
		expect(render().view(session).stage.codeLarge).toBe(true);
		session = value(await sessions.openBlock(session.id, 'start'));
		expect(render().view(session).stage.codeLarge).toBe(false);
		session = value(await sessions.setCodeLarge(session.id, true));
		expect(render().view(session).stage.codeLarge).toBe(true);
		session = value(await sessions.goToStep(session.id, 2));
		expect(render().view(session).stage.codeLarge).toBe(false);
	});

	it('refuses to change the board of an ended session', async () => {
		let { session } = await started();
		session = value(await sessions.end(session.id));
		expect(await sessions.setBlank(session.id, true)).toEqual({
			ok: false,
			error: 'session-ended'
		});
		expect(await sessions.setCodeLarge(session.id, true)).toEqual({
			ok: false,
			error: 'session-ended'
		});
	});

	it('keeps an ended session’s results for the teacher but takes no more answers', async () => {
		let { session } = await started();
		session = value(await sessions.openBlock(session.id, 'bronnen'));
		const { key } = await pupil(session.joinCode);
		value(await sessions.answer(session.id, key, 'bronnen', { kind: 'choice', options: [1] }));
		const ended = value(await sessions.end(session.id));
		expect(ended).toMatchObject({ status: 'ended', openBlockId: null, endedAt: clock });
		expect(
			await sessions.answer(ended.id, key, 'bronnen', { kind: 'choice', options: [0] })
		).toEqual({
			ok: false,
			error: 'session-ended'
		});
		expect((await sessions.results(ended, 'bronnen', true))?.answered).toBe(1);
	});

	it('deletes a session at once, or when retention ends', async () => {
		const first = (await started()).session;
		const second = (await started()).session;
		await sessions.delete(first.id);
		expect(await sessions.getSession(first.id)).toBeNull();
		clock += 31 * 24 * 60 * 60 * 1000;
		expect(await sessions.deleteExpired()).toBe(1);
		expect(await sessions.getSession(second.id)).toBeNull();
	});

	it('restores every session and answer after a restart', async () => {
		const start = await started();
		const { hostSecret } = start;
		const session = value(await sessions.openBlock(start.session.id, 'bronnen'));
		const { token, key } = await pupil(session.joinCode);
		value(await sessions.answer(session.id, key, 'bronnen', { kind: 'choice', options: [2] }));
		await store.close();
		open();
		const restored = value(await sessions.asHost(session.id, hostSecret));
		expect(restored.openBlockId).toBe('bronnen');
		expect(value(await sessions.asPupil(session.id, token)).pupilKey).toBe(key);
		expect(await sessions.answerOf(restored, key, 'bronnen')).toEqual({
			kind: 'choice',
			options: [2]
		});
	});

	it('gives a pupil the open block without teacher notes or settings they do not need', async () => {
		const { session } = await started();
		const opened = value(await sessions.openBlock(session.id, 'voor'));
		const block = render().pupilBlock(sessions.openQuestion(opened))!;
		expect(block).toMatchObject({ id: 'voor', type: 'stelling', reason: true, pass: true });
		expect(JSON.stringify(block)).not.toContain('Geheime aanwijzing');
		expect(Object.keys(block)).not.toContain('settings');
	});
});

describe('the word cloud and the filter', () => {
	/** Five pupils (the block's minimum) answer the word cloud with these words. */
	async function cloudWith(...answers: string[][]) {
		const { session } = await started();
		const opened = value(await sessions.openBlock(session.id, 'woorden'));
		for (const words of answers) {
			value(
				await sessions.answer(opened.id, (await pupil(session.joinCode)).key, 'woorden', {
					kind: 'words',
					words
				})
			);
		}
		return opened;
	}
	const boardWords = async (session: SessionRecord) => {
		const results = await sessions.results(session, 'woorden', false);
		return results?.distribution?.kind === 'words'
			? results.distribution.words.map((w) => w.word)
			: null;
	};
	const hostResults = async (session: SessionRecord) =>
		(await sessions.results(session, 'woorden', true))!;

	const waitingWords = async (session: SessionRecord) =>
		(await hostResults(session)).words
			?.filter((entry) => entry.state === 'waiting')
			.map((entry) => entry.word) ?? [];

	it('shows the teacher every word, holds flagged ones with their reason, and puts none on the board by itself', async () => {
		const session = await cloudWith(
			['vrijheid', 'fl1kker'],
			['vrijheid'],
			['stemmen'],
			['k a n k e r h o m o'],
			['vrijheid']
		);
		expect(await boardWords(session)).toEqual([]);
		const board = (await sessions.results(session, 'woorden', false))!;
		expect(board.distribution).toEqual({ kind: 'words', words: [], waiting: 4 });
		expect(board.words).toBeUndefined();
		const host = await hostResults(session);
		expect(host.distribution).toEqual(board.distribution);
		expect(host.words).toEqual([
			{ word: 'vrijheid', count: 3, flags: [], decision: null, state: 'waiting' },
			{
				word: 'fl1kker',
				count: 1,
				flags: [{ kind: 'slur', match: 'flikker' }],
				decision: null,
				state: 'held'
			},
			{
				word: 'k a n k e r h o m o',
				count: 1,
				flags: [{ kind: 'slur', match: 'kankerhomo' }],
				decision: null,
				state: 'held'
			},
			{ word: 'stemmen', count: 1, flags: [], decision: null, state: 'waiting' }
		]);
		// The pupil's words are still their answer: nothing lost.
		expect((await store.blockTally(session.id, 'woorden')).answers).toContainEqual({
			kind: 'words',
			words: ['vrijheid', 'fl1kker']
		});
	});

	it('lets the words the teacher saw waiting through at once, never a held word, and later words wait again', async () => {
		const session = await cloudWith(
			['vrijheid', 'fl1kker'],
			['vrijheid'],
			['stemmen'],
			['mening'],
			['vrijheid']
		);
		heard = [];
		// The teacher saw three words waiting; a held word named with them is not let through.
		expect(
			value(
				await sessions.releaseWords(session.id, 'woorden', [
					'vrijheid',
					'Stemmen ',
					'mening',
					'fl1kker'
				])
			)
		).toEqual({ released: 3 });
		expect(heard).toEqual([`results ${session.id} woorden now`]);
		expect(await boardWords(session)).toEqual(['vrijheid', 'mening', 'stemmen']);
		// A word sent after the teacher looked waits for their next look, even if they name it.
		value(
			await sessions.answer(session.id, (await pupil(session.joinCode)).key, 'woorden', {
				kind: 'words',
				words: ['hoop']
			})
		);
		expect(await waitingWords(session)).toEqual(['hoop']);
		expect((await sessions.results(session, 'woorden', false))!.distribution).toMatchObject({
			waiting: 2
		});
		// Nothing waiting among what the teacher names: nothing changes, nobody is told.
		heard = [];
		expect(
			value(await sessions.releaseWords(session.id, 'woorden', ['vrijheid', 'fl1kker']))
		).toEqual({ released: 0 });
		expect(heard).toEqual([]);
		expect(await boardWords(session)).not.toContain('fl1kker');
		// The held word reaches the board only by its own 'Toon'.
		value(await sessions.decideWord(session.id, 'woorden', 'fl1kker', 'allowed'));
		expect(await boardWords(session)).toContain('fl1kker');
	});

	it('leaves a word the teacher took off where it is when the whole cloud is let through', async () => {
		const session = await cloudWith(['vrijheid'], ['stemmen'], ['mening'], ['a'], ['b']);
		value(await sessions.decideWord(session.id, 'woorden', 'stemmen', 'removed'));
		expect(
			value(await sessions.releaseWords(session.id, 'woorden', ['vrijheid', 'stemmen']))
		).toEqual({ released: 1 });
		expect(await boardWords(session)).toEqual(['vrijheid']);
	});

	it('shows a held word once the teacher allows it, and takes any word off when removed', async () => {
		const session = await cloudWith(
			['vrijheid', 'sukkel'],
			['vrijheid'],
			['stemmen'],
			['Stemmen'],
			['mening']
		);
		value(await sessions.releaseWords(session.id, 'woorden', ['vrijheid', 'stemmen', 'mening']));
		value(await sessions.decideWord(session.id, 'woorden', 'SUKKEL ', 'allowed'));
		expect(await boardWords(session)).toEqual(['stemmen', 'vrijheid', 'mening', 'sukkel']);
		value(await sessions.decideWord(session.id, 'woorden', 'stemmen', 'removed'));
		expect(await boardWords(session)).toEqual(['vrijheid', 'mening', 'sukkel']);
		expect((await hostResults(session)).words).toEqual([
			{ word: 'stemmen', count: 2, flags: [], decision: 'removed', state: 'removed' },
			{ word: 'vrijheid', count: 2, flags: [], decision: 'allowed', state: 'shown' },
			{ word: 'mening', count: 1, flags: [], decision: 'allowed', state: 'shown' },
			{
				word: 'sukkel',
				count: 1,
				flags: [{ kind: 'insult', match: 'sukkel' }],
				decision: 'allowed',
				state: 'shown'
			}
		]);
		// Undoing a removal puts the word back to waiting: the teacher lets it through again.
		value(await sessions.decideWord(session.id, 'woorden', 'stemmen', null));
		expect(await waitingWords(session)).toEqual(['stemmen']);
		value(await sessions.decideWord(session.id, 'woorden', 'sukkel', 'removed'));
		expect(await boardWords(session)).toEqual(['vrijheid', 'mening']);
	});

	it('keeps decisions per session and per block, and never with a pupil', async () => {
		const first = await cloudWith(['sukkel'], ['a1'], ['a2'], ['a3'], ['a4']);
		value(await sessions.decideWord(first.id, 'woorden', 'sukkel', 'allowed'));
		const second = await cloudWith(['sukkel'], ['b1'], ['b2'], ['b3'], ['b4']);
		value(await sessions.releaseWords(second.id, 'woorden', ['sukkel', 'b1']));
		expect(await boardWords(second)).not.toContain('sukkel');
		expect(await boardWords(first)).toContain('sukkel');
		expect([...(await store.blockTally(first.id, 'woorden')).decisions]).toEqual([
			['sukkel', 'allowed']
		]);
	});

	it('refuses a decision on a block that is not a word cloud, or on no word', async () => {
		const session = await cloudWith(['a'], ['b'], ['c'], ['d'], ['e']);
		expect(await sessions.decideWord(session.id, 'bronnen', 'a', 'removed')).toEqual({
			ok: false,
			error: 'not-a-word-cloud'
		});
		expect(await sessions.decideWord(session.id, 'nergens', 'a', 'removed')).toEqual({
			ok: false,
			error: 'block-not-found'
		});
		expect(await sessions.decideWord(session.id, 'woorden', ' \u200B ', 'removed')).toEqual({
			ok: false,
			error: 'empty-answer'
		});
		expect(await sessions.releaseWords(session.id, 'bronnen', ['a'])).toEqual({
			ok: false,
			error: 'not-a-word-cloud'
		});
		expect(await sessions.releaseWords('nowhere', 'woorden', ['a'])).toEqual({
			ok: false,
			error: 'session-not-found'
		});
	});

	it('leaves held words out before it cuts the cloud to size', async () => {
		const { session } = await started();
		const opened = value(await sessions.openBlock(session.id, 'woorden'));
		const many = Array.from({ length: 45 }, (_, index) => [
			`woord${String(index).padStart(2, '0')}`
		]);
		for (const words of [['flikker', 'hoer'], ['flikker', 'hoer'], ...many]) {
			value(
				await sessions.answer(opened.id, (await pupil(session.joinCode)).key, 'woorden', {
					kind: 'words',
					words
				})
			);
		}
		value(await sessions.releaseWords(session.id, 'woorden', await waitingWords(opened)));
		const words = (await boardWords(opened))!;
		expect(words).toHaveLength(40);
		expect(words).not.toContain('flikker');
		expect(
			(await hostResults(opened)).words
				?.filter((entry) => entry.state === 'held')
				.map((entry) => entry.word)
		).toEqual(['flikker', 'hoer']);
	});
});

describe('several devices and processes at once', () => {
	it('keeps both changes when another device changed the session first', async () => {
		const { session } = await started();
		// The other teacher device, through the same database: it locks the room while this one
		// is deciding to move on, so this one's first store meets a newer version.
		const other = domainOn(store);
		let raced = false;
		const racing = domainOn(
			storeWith({
				async updateSession(changed: SessionRecord) {
					if (!raced) {
						raced = true;
						value(await other.setLocked(session.id, true));
					}
					return store.updateSession(changed);
				}
			})
		);
		const moved = value(await racing.goToStep(session.id, 2));
		expect(moved).toMatchObject({ step: 2, locked: true, version: 3 });
		expect(await sessions.getSession(session.id)).toMatchObject({ step: 2, locked: true });
	});

	it('decides again on the session as it is now, and refuses what no longer fits', async () => {
		const { session } = await started();
		const other = domainOn(store);
		const racing = domainOn(
			storeWith({
				async updateSession(changed: SessionRecord) {
					// The other device ends the lesson while this one pauses the timer.
					value(await other.end(session.id));
					return store.updateSession(changed);
				}
			})
		);
		value(await sessions.startTimer(session.id, 'debat'));
		expect(await racing.pauseTimer(session.id)).toEqual({ ok: false, error: 'no-timer' });
		expect(await sessions.getSession(session.id)).toMatchObject({ status: 'ended', timer: null });
	});

	it('gives up with an internal error when every attempt loses, and stores nothing', async () => {
		const { session } = await started();
		const losing = domainOn(storeWith({ updateSession: async () => null }));
		heard = [];
		expect(await losing.setBlank(session.id, true)).toEqual({
			ok: false,
			error: 'internal-error'
		});
		expect(heard).toEqual([]);
		expect((await sessions.getSession(session.id))?.stage.blank).toBe(false);
	});

	it('takes another join code when a live session elsewhere holds the one drawn', async () => {
		let refusals = 0;
		const clashing = domainOn(
			storeWith({
				insertSession: async (session: SessionRecord) =>
					(refusals += 1) <= 2 ? false : store.insertSession(session)
			})
		);
		const { session } = value(await clashing.start('alle-blokken'));
		expect(refusals).toBe(3);
		expect(await sessions.getSession(session.id)).toMatchObject({ joinCode: session.joinCode });
	});

	it('says so when no free join code was found', async () => {
		const full = domainOn(storeWith({ insertSession: async () => false }));
		expect(await full.start('alle-blokken')).toEqual({ ok: false, error: 'no-free-code' });
		expect(await sessions.liveSessions()).toEqual([]);
	});

	it('refuses an answer when the block closed on another process as it was written', async () => {
		const { session } = await started();
		const opened = value(await sessions.openBlock(session.id, 'bronnen'));
		const { key } = await pupil(session.joinCode);
		// This process still believes the block is open; the stored session says it is closed.
		value(await sessions.closeBlock(session.id));
		const stale = domainOn(storeWith({ getSession: async () => opened }));
		heard = [];
		expect(
			await stale.answer(session.id, key, 'bronnen', { kind: 'choice', options: [0] })
		).toEqual({ ok: false, error: 'block-not-open' });
		expect((await store.blockTally(session.id, 'bronnen')).answers).toEqual([]);
		expect(heard).toEqual([]);
	});

	it('rejects, and tells nobody, when the store cannot be reached', async () => {
		const { session } = await started();
		const away = domainOn(
			storeWith({
				updateSession: () => Promise.reject(new Error('connection refused'))
			})
		);
		heard = [];
		await expect(away.goToStep(session.id, 2)).rejects.toThrow('connection refused');
		expect(heard).toEqual([]);
	});
});

describe('what the domain tells the outside world', () => {
	it('tells of every stored change of the session, and not of a refused one', async () => {
		const { session } = await started();
		value(await sessions.goToStep(session.id, 2));
		expect(await sessions.goToStep(session.id, 9)).toMatchObject({ ok: false });
		value(await sessions.setLocked(session.id, true));
		expect(heard).toEqual([`session ${session.id} v2`, `session ${session.id} v3`]);
	});

	it('stores and tells nothing for a command sent twice', async () => {
		const { session } = await started();
		value(await sessions.startTimer(session.id, 'debat'));
		value(await sessions.extendTimer(session.id, 60_000, 'verlenging-1'));
		heard = [];
		const again = value(await sessions.extendTimer(session.id, 60_000, 'verlenging-1'));
		value(await sessions.startTimer(session.id, 'debat'));
		expect(again.version).toBe(3);
		expect(heard).toEqual([]);
	});

	it('tells of results at once when they are revealed', async () => {
		const { session } = await started();
		value(await sessions.setRevealed(session.id, 'voor', true));
		expect(heard).toEqual([`session ${session.id} v2`, `results ${session.id} voor now`]);
	});

	it('tells of changed answers, not of an answer sent again', async () => {
		const { session } = await started();
		value(await sessions.openBlock(session.id, 'voor'));
		const { key } = await pupil(session.joinCode);
		heard = [];
		value(await sessions.answer(session.id, key, 'voor', { kind: 'scale', value: 4 }));
		value(await sessions.answer(session.id, key, 'voor', { kind: 'scale', value: 4 }));
		expect(await sessions.answer(session.id, key, 'voor', { kind: 'scale', value: 99 })).toEqual({
			ok: false,
			error: 'scale-out-of-range'
		});
		expect(heard).toEqual([`results ${session.id} voor`]);
	});

	it('tells of a word decision for the cloud and for a cloud that compares with it', async () => {
		const { session } = await started();
		const comparing = lesson.steps
			.flatMap((step) => step.board)
			.flatMap((part) => (part.kind === 'block' ? [part.block] : []))
			.filter((block) => block.settings.compareWith === 'woorden')
			.map((block) => `results ${session.id} ${block.id} now`);
		value(await sessions.decideWord(session.id, 'woorden', 'Sukkel', 'allowed'));
		expect(heard).toEqual([`results ${session.id} woorden now`, ...comparing]);
	});

	it('tells of a deletion once, however often it is asked', async () => {
		const { session } = await started();
		expect(await sessions.delete(session.id)).toBe(true);
		expect(await sessions.delete(session.id)).toBe(false);
		expect(heard).toEqual([`deleted ${session.id}`]);
	});

	it('tells of each session retention deletes', async () => {
		const first = (await started()).session;
		const second = (await started()).session;
		clock += 31 * 24 * 60 * 60 * 1000;
		expect(await sessions.deleteExpired()).toBe(2);
		expect(heard.sort()).toEqual([`deleted ${first.id}`, `deleted ${second.id}`].sort());
	});

	it('ends an idle session once, though two processes sweep at once', async () => {
		const idle = (await started()).session;
		clock += 9 * 60 * 60 * 1000;
		const busy = (await started()).session;
		const one = domainOn(store, { idleHours: 8 });
		const two = domainOn(store, { idleHours: 8 });
		heard = [];
		const [ended, alsoEnded] = await Promise.all([one.endIdle(), two.endIdle()]);
		expect(ended + alsoEnded).toBe(1);
		expect(heard).toEqual([`session ${idle.id} v2`]);
		expect(await sessions.getSession(busy.id)).toMatchObject({ status: 'live' });
	});

	it('leaves a session the teacher came back to while the sweep was deciding', async () => {
		const { session } = await started();
		clock += 9 * 60 * 60 * 1000;
		const teacher = domainOn(store);
		let returned = false;
		const sweeping = domainOn(
			storeWith({
				async updateSession(changed: SessionRecord) {
					if (!returned) {
						returned = true;
						value(await teacher.goToStep(session.id, 2));
					}
					return store.updateSession(changed);
				}
			}),
			{ idleHours: 8 }
		);
		expect(await sweeping.endIdle()).toBe(0);
		expect(await sessions.getSession(session.id)).toMatchObject({ status: 'live', step: 2 });
	});
});

describe('results carry their revision', () => {
	it('gives newer results a higher revision', async () => {
		const { session } = await started();
		const opened = value(await sessions.openBlock(session.id, 'voor'));
		const { key } = await pupil(session.joinCode);
		const before = (await sessions.results(opened, 'voor', true))!.revision;
		value(await sessions.answer(session.id, key, 'voor', { kind: 'scale', value: 4 }));
		const after = await sessions.resultsForBoardAndHost(opened, 'voor');
		expect(after!.host.revision).toBeGreaterThan(before);
		expect(after!.board.revision).toBe(after!.host.revision);
	});
});

describe('the lesson a session keeps', () => {
	it('records the library’s version at the start and asks for that version after', async () => {
		const asked: [string, string | undefined][] = [];
		const versioned = new Sessions({
			store,
			findLesson: (slug, version) => {
				asked.push([slug, version]);
				return lesson;
			},
			lessonVersion: () => 'abc123',
			retentionDays: 30
		});
		const { session } = value(await versioned.start('alle-blokken'));
		expect(session.lessonVersion).toBe('abc123');
		expect((await store.getSession(session.id))?.lessonVersion).toBe('abc123');
		asked.length = 0;
		versioned.lessonOf(session);
		expect(asked).toEqual([['alle-blokken', 'abc123']]);
	});

	it('records no version when the library offers none, and asks for the lesson as it is', async () => {
		const { session } = await started();
		expect(session.lessonVersion).toBe('');
		expect(sessions.lessonOf(session)).toBe(lesson);
	});
});

describe('the run kept of an ended session', () => {
	/** Five pupils answer the stelling (with reasons), the poll and the word cloud; the teacher ends. */
	async function ranAndEnded() {
		await store.teachers.ensureTeacher('docent-1', clock);
		let { session } = value(
			await sessions.start('alle-blokken', { teacherKey: 'docent-1', classId: 'klas-3b' })
		);
		const class5 = await pupils(session.joinCode, 5);
		session = value(await sessions.openBlock(session.id, 'voor'));
		for (const [index, { key }] of class5.entries())
			value(
				await sessions.answer(session.id, key, 'voor', {
					kind: 'scale',
					value: index < 3 ? 2 : 4,
					reason: `geheime reden ${index}`
				})
			);
		session = value(await sessions.openBlock(session.id, 'bronnen'));
		value(
			await sessions.answer(session.id, class5[0].key, 'bronnen', {
				kind: 'choice',
				options: [0, 1]
			})
		);
		value(await sessions.answer(session.id, class5[1].key, 'bronnen', { kind: 'pass' }));
		session = value(await sessions.openBlock(session.id, 'woorden'));
		value(
			await sessions.answer(session.id, class5[0].key, 'woorden', {
				kind: 'words',
				words: ['vrijheid']
			})
		);
		clock += 60_000;
		value(await sessions.end(session.id));
		return { session, class5 };
	}

	it('keeps the counts per option of each tap block, for the class it ran for', async () => {
		const { session } = await ranAndEnded();
		const run = await store.runs.runOf(session.id);
		expect(run).toMatchObject({
			sessionId: session.id,
			teacherKey: 'docent-1',
			classId: 'klas-3b',
			lessonSlug: 'alle-blokken',
			ranAt: session.createdAt,
			pupilsJoined: 5
		});
		expect(run?.blocks).toEqual([
			{ blockId: 'bronnen', counts: [1, 1, 0], answered: 1, passes: 1 },
			{ blockId: 'voor', counts: [0, 0, 3, 0, 2, 0], answered: 5, passes: 0 }
		]);
	});

	it('keeps no text, no word of a cloud and no pupil key', async () => {
		const { session, class5 } = await ranAndEnded();
		const kept = JSON.stringify(await store.runs.runOf(session.id));
		expect(kept).not.toContain('geheime reden');
		expect(kept).not.toContain('vrijheid');
		expect(kept).not.toContain('woorden');
		for (const { key, token } of class5) {
			expect(kept).not.toContain(key);
			expect(kept).not.toContain(token.split('.')[0]);
		}
	});

	it('outlives retention', async () => {
		const { session } = await ranAndEnded();
		clock += 31 * 24 * 60 * 60 * 1000;
		expect(await sessions.deleteExpired()).toBe(1);
		expect(await store.getSession(session.id)).toBeNull();
		expect((await store.runs.runOf(session.id))?.blocks).toHaveLength(2);
	});

	it('is kept by an idle session that ends itself too', async () => {
		const { session } = await started();
		clock += 9 * 60 * 60 * 1000;
		expect(await domainOn(store, { idleHours: 8 }).endIdle()).toBe(1);
		expect(await store.runs.runOf(session.id)).toMatchObject({
			lessonSlug: 'alle-blokken',
			blocks: []
		});
	});

	it('goes when the teacher deletes the session', async () => {
		const { session } = await ranAndEnded();
		expect(await sessions.delete(session.id)).toBe(true);
		expect(await store.runs.runOf(session.id)).toBeNull();
	});

	it('does not come back when the session is deleted while it ends', async () => {
		const { session } = await started();
		const deleting = domainOn(
			storeWith({
				async pupilsJoined(sessionId: string) {
					await sessions.delete(sessionId);
					return store.pupilsJoined(sessionId);
				}
			})
		);
		value(await deleting.end(session.id));
		expect(await store.runs.runOf(session.id)).toBeNull();
	});
});
