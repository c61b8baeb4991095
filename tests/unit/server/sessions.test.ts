import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lesson } from '../../../src/lib/lessons/model.ts';
import { parseLesson } from '../../../src/lib/lessons/parse.ts';
import { Sessions, type Outcome } from '../../../src/lib/server/sessions.ts';
import { SqliteStore } from '../../../src/lib/server/store/sqlite.ts';

const lesson = parseLesson(
	readFileSync(new URL('../../fixtures/lessons/alle-blokken.md', import.meta.url), 'utf8'),
	'alle-blokken'
).lesson as Lesson;

let directory: string;
let store: SqliteStore;
let clock: number;
let sessions: Sessions;

function open() {
	store = new SqliteStore(join(directory, 'store.sqlite'));
	sessions = new Sessions({
		store,
		findLesson: (slug) => (slug === lesson.slug ? lesson : undefined),
		retentionDays: 30,
		now: () => clock
	});
}

function value<T>(outcome: Outcome<T>): T {
	if (!outcome.ok) throw new Error(`expected success, got ${outcome.error}`);
	return outcome.value;
}

function started() {
	return value(sessions.start('alle-blokken'));
}

function pupil(joinCode: string) {
	const { session, pupilToken } = value(sessions.join(joinCode));
	return { token: pupilToken, key: value(sessions.asPupil(session.id, pupilToken)).pupilKey };
}

beforeEach(() => {
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-sessions-'));
	clock = 1_000_000;
	open();
});
afterEach(() => {
	store.close();
	rmSync(directory, { recursive: true, force: true });
});

describe('starting and joining a session', () => {
	it('starts a live session on step 1 with a six-digit join code', () => {
		const { session, hostSecret } = started();
		expect(session).toMatchObject({ status: 'live', step: 1, openBlockId: null, locked: false });
		expect(session.joinCode).toMatch(/^\d{6}$/);
		expect(hostSecret.length).toBeGreaterThanOrEqual(32);
		expect(session.hostKey).not.toContain(hostSecret);
		expect(session.expiresAt - session.createdAt).toBe(30 * 24 * 60 * 60 * 1000);
	});

	it('refuses a lesson that does not exist', () => {
		expect(sessions.start('bestaat-niet')).toEqual({ ok: false, error: 'lesson-not-found' });
	});

	it('gives every live session its own join code', () => {
		const codes = new Set(Array.from({ length: 200 }, () => started().session.joinCode));
		expect(codes.size).toBe(200);
	});

	it('lets only the starting secret act as host', () => {
		const { session, hostSecret } = started();
		expect(value(sessions.asHost(session.id, hostSecret)).id).toBe(session.id);
		expect(sessions.asHost(session.id, `${hostSecret}x`)).toEqual({ ok: false, error: 'not-host' });
		expect(sessions.asHost('nope', hostSecret)).toEqual({ ok: false, error: 'session-not-found' });
	});

	it('never lets a pupil token act as host', () => {
		const { session } = started();
		const { token } = pupil(session.joinCode);
		expect(sessions.asHost(session.id, token)).toEqual({ ok: false, error: 'not-host' });
	});

	it('gives each pupil a token that brings them back, and a pseudonym that is not the token', () => {
		const { session } = started();
		const first = pupil(session.joinCode);
		const second = pupil(session.joinCode);
		expect(first.token).not.toBe(second.token);
		expect(first.key).not.toBe(second.key);
		expect(first.key).not.toContain(first.token.split('.')[0]);
		expect(value(sessions.asPupil(session.id, first.token)).pupilKey).toBe(first.key);
	});

	it('refuses made-up tokens and tokens of another session', () => {
		const { session } = started();
		const other = started();
		const { token } = pupil(other.session.joinCode);
		for (const forged of [
			'abc.def',
			'abc',
			'',
			`${token}.x`,
			token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))
		]) {
			expect(sessions.asPupil(other.session.id, forged)).toEqual({
				ok: false,
				error: 'invalid-token'
			});
		}
		expect(sessions.asPupil(session.id, token)).toEqual({ ok: false, error: 'invalid-token' });
	});

	it('refuses new pupils in a locked room but lets those inside continue', () => {
		const { session } = started();
		const inside = pupil(session.joinCode);
		value(sessions.setLocked(session, true));
		expect(sessions.join(session.joinCode)).toEqual({ ok: false, error: 'room-locked' });
		expect(sessions.asPupil(session.id, inside.token).ok).toBe(true);
	});

	it('does not know the code of an ended session', () => {
		const { session } = started();
		value(sessions.end(session));
		expect(sessions.join(session.joinCode)).toEqual({ ok: false, error: 'unknown-code' });
	});
});

describe('answering', () => {
	it('takes answers only for the open block', async () => {
		const { session } = started();
		const { key } = pupil(session.joinCode);
		expect(
			await sessions.answer(session, key, 'bronnen', { kind: 'choice', options: [0] })
		).toEqual({
			ok: false,
			error: 'block-not-open'
		});
		const opened = value(sessions.openBlock(session, 'bronnen'));
		expect(opened.step).toBe(2);
		expect(
			value(await sessions.answer(opened, key, 'bronnen', { kind: 'choice', options: [0] })).changed
		).toBe(true);
	});

	it('counts a replayed answer once and a changed answer as a change', async () => {
		const { session } = started();
		const opened = value(sessions.openBlock(session, 'voor'));
		const one = pupil(session.joinCode);
		const two = pupil(session.joinCode);
		expect(
			value(await sessions.answer(opened, one.key, 'voor', { kind: 'scale', value: 4 })).changed
		).toBe(true);
		expect(
			value(await sessions.answer(opened, one.key, 'voor', { kind: 'scale', value: 4 })).changed
		).toBe(false);
		value(await sessions.answer(opened, one.key, 'voor', { kind: 'scale', value: 2 }));
		value(await sessions.answer(opened, two.key, 'voor', { kind: 'pass' }));
		const results = sessions.results(opened, 'voor', true)!;
		expect(results).toMatchObject({ answered: 1, passes: 1 });
		expect(sessions.answerOf(opened, one.key, 'voor')).toEqual({ kind: 'scale', value: 2 });
	});

	it('refuses an answer that does not fit the block', async () => {
		const { session } = started();
		const opened = value(sessions.openBlock(session, 'bronnen'));
		const { key } = pupil(session.joinCode);
		expect(await sessions.answer(opened, key, 'bronnen', { kind: 'choice', options: [7] })).toEqual(
			{
				ok: false,
				error: 'option-out-of-range'
			}
		);
	});

	it('counts corner moves in vier hoeken without recording who moved', async () => {
		const { session } = started();
		const opened = value(sessions.openBlock(session, 'hoeken'));
		const { key } = pupil(session.joinCode);
		value(await sessions.answer(opened, key, 'hoeken', { kind: 'choice', options: [0] }));
		value(await sessions.answer(opened, key, 'hoeken', { kind: 'choice', options: [3] }));
		value(
			await sessions.answer(opened, key, 'hoeken', { kind: 'choice', options: [3], reason: 'toch' })
		);
		const results = sessions.results(opened, 'hoeken', true)!;
		expect(results.answered).toBe(1);
		expect(results.withheld).toBe('too-few');
		expect(store.moves(session.id, 'hoeken')).toEqual([{ from: 0, to: 3, count: 1 }]);
	});

	it('shows a before/after block together with the block it compares with', async () => {
		let { session } = started();
		const pupils = Array.from({ length: 5 }, () => pupil(session.joinCode));
		session = value(sessions.openBlock(session, 'voor'));
		for (const { key } of pupils)
			value(await sessions.answer(session, key, 'voor', { kind: 'scale', value: 2 }));
		session = value(sessions.openBlock(session, 'na'));
		for (const { key } of pupils)
			value(await sessions.answer(session, key, 'na', { kind: 'scale', value: 4 }));
		const results = sessions.results(session, 'na', true)!;
		expect(results.distribution).toMatchObject({ counts: [0, 0, 0, 0, 5, 0] });
		expect(results.before?.distribution).toMatchObject({ counts: [0, 0, 5, 0, 0, 0] });
	});
});

describe('steering the lesson', () => {
	it('moves between steps and closes a block the new step does not show', () => {
		const { session } = started();
		const opened = value(sessions.openBlock(session, 'bronnen'));
		expect(value(sessions.goToStep(opened, 2)).openBlockId).toBe('bronnen');
		expect(value(sessions.goToStep(opened, 3))).toMatchObject({ step: 3, openBlockId: null });
		expect(sessions.goToStep(opened, 0)).toEqual({ ok: false, error: 'step-out-of-range' });
		expect(sessions.goToStep(opened, 6)).toEqual({ ok: false, error: 'step-out-of-range' });
	});

	it('reveals and hides a block’s results on the board', async () => {
		let { session } = started();
		const pupils = Array.from({ length: 5 }, () => pupil(session.joinCode));
		session = value(sessions.openBlock(session, 'voor'));
		for (const { key } of pupils)
			value(await sessions.answer(session, key, 'voor', { kind: 'scale', value: 3 }));
		expect(sessions.results(session, 'voor', false)?.withheld).toBe('not-revealed');
		session = value(sessions.setRevealed(session, 'voor', true));
		expect(sessions.results(session, 'voor', false)?.withheld).toBeNull();
		session = value(sessions.setRevealed(session, 'voor', false));
		expect(session.revealed).toEqual([]);
	});

	it('runs, pauses and extends a lagerhuis timer', () => {
		let { session } = started();
		session = value(sessions.startTimer(session, 'debat'));
		clock += 60_000;
		expect(sessions.view(session).timer).toMatchObject({ running: true, remainingMs: 6 * 60_000 });
		session = value(sessions.pauseTimer(session));
		clock += 30_000;
		expect(sessions.view(session).timer).toMatchObject({ running: false, remainingMs: 6 * 60_000 });
		session = value(sessions.extendTimer(session, 60_000, 'verlenging-1'));
		session = value(sessions.startTimer(session, 'debat'));
		clock += 7 * 60_000 + 1;
		expect(sessions.view(session).timer?.remainingMs).toBe(0);
	});

	it('adds a resent timer extension once, and a new one again', () => {
		let { session } = started();
		session = value(sessions.startTimer(session, 'debat'));
		session = value(sessions.pauseTimer(session));
		const before = sessions.view(session).timer!.remainingMs;
		session = value(sessions.extendTimer(session, 60_000, 'verlenging-1'));
		session = value(sessions.extendTimer(session, 60_000, 'verlenging-1'));
		expect(sessions.view(session).timer?.remainingMs).toBe(before + 60_000);
		session = value(sessions.extendTimer(session, 60_000, 'verlenging-2'));
		expect(sessions.view(session).timer?.remainingMs).toBe(before + 120_000);
	});

	it('shows a timer only on its own step, pausing it there and back', () => {
		let { session } = started();
		session = value(sessions.startTimer(session, 'debat'));
		expect(session.step).toBe(3);
		clock += 60_000;
		session = value(sessions.goToStep(session, 4));
		expect(sessions.view(session).timer).toBeNull();
		clock += 10 * 60_000;
		session = value(sessions.goToStep(session, 3));
		expect(sessions.view(session).timer).toMatchObject({ running: false, remainingMs: 6 * 60_000 });
		session = value(sessions.openBlock(session, 'waarom'));
		expect(session.step).toBe(4);
		expect(sessions.view(session).timer).toBeNull();
	});

	it('keeps a running timer running while its own step stays on the board', () => {
		let { session } = started();
		session = value(sessions.startTimer(session, 'debat'));
		session = value(sessions.openBlock(session, 'hoeken'));
		clock += 60_000;
		expect(sessions.view(session).timer).toMatchObject({ running: true, remainingMs: 6 * 60_000 });
	});

	it('blanks the board and brings it back at the host’s word', () => {
		let { session } = started();
		expect(sessions.view(session).stage.blank).toBe(false);
		session = value(sessions.setBlank(session, true));
		expect(sessions.view(session).stage.blank).toBe(true);
		session = value(sessions.goToStep(session, 2));
		expect(sessions.view(session).stage.blank).toBe(true);
		session = value(sessions.setBlank(session, false));
		expect(sessions.view(session).stage.blank).toBe(false);
	});

	it('shows the join code large while pupils join, small once the lesson runs, large again on request', () => {
		let { session } = started();
		expect(sessions.view(session).stage.codeLarge).toBe(true);
		session = value(sessions.openBlock(session, 'start'));
		expect(sessions.view(session).stage.codeLarge).toBe(false);
		session = value(sessions.setCodeLarge(session, true));
		expect(sessions.view(session).stage.codeLarge).toBe(true);
		session = value(sessions.goToStep(session, 2));
		expect(sessions.view(session).stage.codeLarge).toBe(false);
	});

	it('refuses to change the board of an ended session', () => {
		let { session } = started();
		session = value(sessions.end(session));
		expect(sessions.setBlank(session, true)).toEqual({ ok: false, error: 'session-ended' });
		expect(sessions.setCodeLarge(session, true)).toEqual({ ok: false, error: 'session-ended' });
	});

	it('keeps an ended session’s results for the teacher but takes no more answers', async () => {
		let { session } = started();
		session = value(sessions.openBlock(session, 'bronnen'));
		const { key } = pupil(session.joinCode);
		value(await sessions.answer(session, key, 'bronnen', { kind: 'choice', options: [1] }));
		const ended = value(sessions.end(session));
		expect(ended).toMatchObject({ status: 'ended', openBlockId: null, endedAt: clock });
		expect(await sessions.answer(ended, key, 'bronnen', { kind: 'choice', options: [0] })).toEqual({
			ok: false,
			error: 'session-ended'
		});
		expect(sessions.results(ended, 'bronnen', true)?.answered).toBe(1);
	});

	it('deletes a session at once, or when retention ends', () => {
		const first = started().session;
		const second = started().session;
		sessions.delete(first);
		expect(sessions.getSession(first.id)).toBeNull();
		clock += 31 * 24 * 60 * 60 * 1000;
		expect(sessions.deleteExpired()).toBe(1);
		expect(sessions.getSession(second.id)).toBeNull();
	});

	it('restores every session and answer after a restart', async () => {
		const start = started();
		const { hostSecret } = start;
		const session = value(sessions.openBlock(start.session, 'bronnen'));
		const { token, key } = pupil(session.joinCode);
		value(await sessions.answer(session, key, 'bronnen', { kind: 'choice', options: [2] }));
		store.close();
		open();
		const restored = value(sessions.asHost(session.id, hostSecret));
		expect(restored.openBlockId).toBe('bronnen');
		expect(value(sessions.asPupil(session.id, token)).pupilKey).toBe(key);
		expect(sessions.answerOf(restored, key, 'bronnen')).toEqual({ kind: 'choice', options: [2] });
	});

	it('gives a pupil the open block without teacher notes or settings they do not need', () => {
		const { session } = started();
		const opened = value(sessions.openBlock(session, 'voor'));
		const block = sessions.pupilBlock(opened)!;
		expect(block).toMatchObject({ id: 'voor', type: 'stelling', reason: true, pass: true });
		expect(JSON.stringify(block)).not.toContain('Geheime aanwijzing');
		expect(Object.keys(block)).not.toContain('settings');
	});
});

describe('the word cloud and the filter', () => {
	/** Five pupils (the block's minimum) answer the word cloud with these words. */
	async function cloudWith(...answers: string[][]) {
		const { session } = started();
		const opened = value(sessions.openBlock(session, 'woorden'));
		for (const words of answers) {
			value(
				await sessions.answer(opened, pupil(session.joinCode).key, 'woorden', {
					kind: 'words',
					words
				})
			);
		}
		return opened;
	}
	const boardWords = (session: ReturnType<typeof started>['session']) => {
		const results = sessions.results(session, 'woorden', false);
		return results?.distribution?.kind === 'words'
			? results.distribution.words.map((w) => w.word)
			: null;
	};
	const hostResults = (session: ReturnType<typeof started>['session']) =>
		sessions.results(session, 'woorden', true)!;

	it('keeps a flagged word off the board and shows it to the teacher with the reason', async () => {
		const session = await cloudWith(
			['vrijheid', 'fl1kker'],
			['vrijheid'],
			['stemmen'],
			['k a n k e r h o m o'],
			['vrijheid']
		);
		expect(boardWords(session)).toEqual(['vrijheid', 'stemmen']);
		const host = hostResults(session);
		expect(host.distribution).toEqual(sessions.results(session, 'woorden', false)!.distribution);
		expect(host.words).toEqual([
			{ word: 'fl1kker', count: 1, flags: [{ kind: 'slur', match: 'flikker' }], decision: null },
			{
				word: 'k a n k e r h o m o',
				count: 1,
				flags: [{ kind: 'slur', match: 'kankerhomo' }],
				decision: null
			}
		]);
		// The pupil's words are still their answer: nothing lost.
		expect(store.answers(session.id, 'woorden').map((answer) => answer.value)).toContainEqual({
			kind: 'words',
			words: ['vrijheid', 'fl1kker']
		});
	});

	it('shows a held word once the teacher allows it, and takes any word off when removed', async () => {
		const session = await cloudWith(
			['vrijheid', 'sukkel'],
			['vrijheid'],
			['stemmen'],
			['Stemmen'],
			['mening']
		);
		value(sessions.decideWord(session, 'woorden', 'SUKKEL ', 'allowed'));
		expect(boardWords(session)).toEqual(['stemmen', 'vrijheid', 'mening', 'sukkel']);
		value(sessions.decideWord(session, 'woorden', 'stemmen', 'removed'));
		expect(boardWords(session)).toEqual(['vrijheid', 'mening', 'sukkel']);
		expect(hostResults(session).words).toEqual([
			{ word: 'stemmen', count: 2, flags: [], decision: 'removed' },
			{
				word: 'sukkel',
				count: 1,
				flags: [{ kind: 'insult', match: 'sukkel' }],
				decision: 'allowed'
			}
		]);
		value(sessions.decideWord(session, 'woorden', 'stemmen', null));
		value(sessions.decideWord(session, 'woorden', 'sukkel', 'removed'));
		expect(boardWords(session)).toEqual(['stemmen', 'vrijheid', 'mening']);
	});

	it('keeps decisions per session and per block, and never with a pupil', async () => {
		const first = await cloudWith(['sukkel'], ['a1'], ['a2'], ['a3'], ['a4']);
		value(sessions.decideWord(first, 'woorden', 'sukkel', 'allowed'));
		const second = await cloudWith(['sukkel'], ['b1'], ['b2'], ['b3'], ['b4']);
		expect(boardWords(second)).not.toContain('sukkel');
		expect(boardWords(first)).toContain('sukkel');
		expect([...store.wordDecisions(first.id, 'woorden')]).toEqual([['sukkel', 'allowed']]);
	});

	it('refuses a decision on a block that is not a word cloud, or on no word', async () => {
		const session = await cloudWith(['a'], ['b'], ['c'], ['d'], ['e']);
		expect(sessions.decideWord(session, 'bronnen', 'a', 'removed')).toEqual({
			ok: false,
			error: 'not-a-word-cloud'
		});
		expect(sessions.decideWord(session, 'nergens', 'a', 'removed')).toEqual({
			ok: false,
			error: 'block-not-found'
		});
		expect(sessions.decideWord(session, 'woorden', ' \u200B ', 'removed')).toEqual({
			ok: false,
			error: 'empty-answer'
		});
	});

	it('leaves held words out before it cuts the cloud to size', async () => {
		const { session } = started();
		const opened = value(sessions.openBlock(session, 'woorden'));
		const many = Array.from({ length: 45 }, (_, index) => [
			`woord${String(index).padStart(2, '0')}`
		]);
		for (const words of [['flikker', 'hoer'], ['flikker', 'hoer'], ...many]) {
			value(
				await sessions.answer(opened, pupil(session.joinCode).key, 'woorden', {
					kind: 'words',
					words
				})
			);
		}
		const words = boardWords(opened)!;
		expect(words).toHaveLength(40);
		expect(words).not.toContain('flikker');
		expect(hostResults(opened).words?.map((entry) => entry.word)).toEqual(['flikker', 'hoer']);
	});
});
