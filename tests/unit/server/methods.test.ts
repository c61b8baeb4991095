// The dialogue methods in the domain: a tweegesprek pairs pupils across an earlier answer and
// forgets the pairs when it closes; think time holds answers back until it is over; ground rules
// the class agrees to count who joins in, and take suggestions like any response.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerValue } from '../../../src/lib/lessons/answers.ts';
import { ResponseFilter } from '../../../src/lib/server/moderation/filter.ts';
import { Moderation } from '../../../src/lib/server/moderation/moderation.ts';
import { Sessions, type Outcome } from '../../../src/lib/server/sessions.ts';
import { SqliteStore } from '../../../src/lib/server/store/sqlite.ts';
import { allBlocksLesson } from '../../fixtures/all-blocks.ts';
import { methodsLesson as lesson } from '../../fixtures/methods.ts';

let directory: string;
let store: SqliteStore;
let clock: number;
let sessions: Sessions;
let moderation: Moderation;

function value<T>(outcome: Outcome<T>): T {
	if (!outcome.ok) throw new Error(`expected success, got ${outcome.error}`);
	return outcome.value;
}

function open() {
	store = new SqliteStore(join(directory, 'store.sqlite'));
	sessions = new Sessions({
		store,
		findLesson: (slug) => [lesson, allBlocksLesson].find((each) => each.slug === slug),
		retentionDays: 30,
		now: () => clock
	});
	moderation = new Moderation({ store, sessions, filter: new ResponseFilter(), now: () => clock });
}

beforeEach(() => {
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-methods-'));
	clock = 1_000_000;
	open();
});
afterEach(async () => {
	await store.close();
	rmSync(directory, { recursive: true, force: true });
});

async function started() {
	return value(await sessions.start(lesson.slug)).session;
}

async function pupils(joinCode: string, count: number) {
	const keys: string[] = [];
	for (let index = 0; index < count; index += 1) {
		const { session, pupilToken } = value(await sessions.join(joinCode));
		keys.push(value(await sessions.asPupil(session.id, pupilToken)).pupilKey);
	}
	return keys;
}

const scale = (value: number): AnswerValue => ({ kind: 'scale', value });

/** A class that answered the stelling 'mening' with these values (null: passed), then the tweegesprek opened. */
async function classAnswered(values: (number | null)[]) {
	const session = await started();
	const keys = await pupils(session.joinCode, values.length);
	value(await sessions.openBlock(session.id, 'mening'));
	for (const [index, answer] of values.entries())
		value(
			await sessions.answer(
				session.id,
				keys[index],
				'mening',
				answer === null ? { kind: 'pass' } : scale(answer)
			)
		);
	value(await sessions.openBlock(session.id, 'praten'));
	return { session, keys, answerOf: (key: string) => values[keys.indexOf(key)] };
}

const current = async (id: string) => (await sessions.getSession(id))!;

describe('a tweegesprek', () => {
	it('pairs everyone who answered across the spread, and tells each phone only its own sign', async () => {
		const { session, keys, answerOf } = await classAnswered([1, 1, 2, 2, 3, 4, 4, 5, 5, 5]);
		expect(sessions.view(await current(session.id)).pairs).toMatchObject({ round: 0, groups: 0 });
		const made = value(await sessions.makePairs(session.id, 'praten'));
		expect(sessions.view(made).pairs).toMatchObject({ round: 1, groups: 5, pupils: 10 });

		const bySign = new Map<number, string[]>();
		for (const key of keys) {
			const mine = (await sessions.pairingOf(made, key))!;
			expect(mine).toMatchObject({ state: 'paired', partners: 1, across: true, why: null });
			// What a phone gets holds no answer and no other pupil's pseudonym.
			expect(Object.keys(mine).sort()).toEqual(
				['across', 'blockId', 'partners', 'revision', 'sign', 'state', 'why'].sort()
			);
			bySign.set(mine.sign!.number, [...(bySign.get(mine.sign!.number) ?? []), key]);
		}
		expect(bySign.size).toBe(5);
		for (const pair of bySign.values()) {
			expect(pair).toHaveLength(2);
			expect(Math.abs(answerOf(pair[0])! - answerOf(pair[1])!)).toBeGreaterThanOrEqual(2);
		}
	});

	it('leaves out who passed and who stepped out, and says so on their own phone', async () => {
		const { session, keys } = await classAnswered([1, 5, null, 2, 4]);
		const [, , passer, stepsOut] = keys;
		value(await sessions.takePart(session.id, stepsOut, 'praten', false));
		const made = value(await sessions.makePairs(session.id, 'praten'));
		expect(sessions.view(made).pairs).toMatchObject({ groups: 1, pupils: 3 });
		expect(await sessions.pairingOf(made, passer)).toMatchObject({
			state: 'unpaired',
			why: 'passed'
		});
		expect(await sessions.pairingOf(made, stepsOut)).toMatchObject({ state: 'out', sign: null });
		const strangers = await pupils(session.joinCode, 1);
		expect(await sessions.pairingOf(made, strangers[0])).toMatchObject({
			state: 'unpaired',
			why: 'no-answer'
		});
	});

	it('makes a three of an odd class, and one pair of two pupils', async () => {
		const odd = await classAnswered([1, 2, 3, 4, 5]);
		const made = value(await sessions.makePairs(odd.session.id, 'praten'));
		const partners = await Promise.all(
			odd.keys.map(async (key) => (await sessions.pairingOf(made, key))!.partners)
		);
		expect(partners.sort()).toEqual([1, 1, 2, 2, 2]);

		const two = await classAnswered([3, 3]);
		const pair = value(await sessions.makePairs(two.session.id, 'praten'));
		const mine = await sessions.pairingOf(pair, two.keys[0]);
		// The same answer: paired all the same, and never told that the partner answered otherwise.
		expect(mine).toMatchObject({ state: 'paired', partners: 1, across: false });
	});

	it('makes no group of one pupil, who hears they are without a partner', async () => {
		const { session, keys } = await classAnswered([4]);
		const made = value(await sessions.makePairs(session.id, 'praten'));
		expect(sessions.view(made).pairs).toMatchObject({ groups: 0 });
		expect(await sessions.pairingOf(made, keys[0])).toMatchObject({
			state: 'unpaired',
			why: 'alone'
		});
	});

	it('moves the partner of a pupil who steps out to another group, keeping every sign', async () => {
		const { session, keys } = await classAnswered([1, 1, 5, 5]);
		const made = value(await sessions.makePairs(session.id, 'praten'));
		const signs = new Map(
			await Promise.all(
				keys.map(async (key) => [key, (await sessions.pairingOf(made, key))!.sign!] as const)
			)
		);
		const leaving = keys[0];
		const partner = keys.find(
			(key) => key !== leaving && signs.get(key)!.number === signs.get(leaving)!.number
		)!;
		const others = keys.filter((key) => key !== leaving && key !== partner);
		expect(value(await sessions.takePart(session.id, leaving, 'praten', false))).toMatchObject({
			state: 'out'
		});
		const after = await current(session.id);
		// The partner joins the other pair as its third; that pair keeps its sign.
		expect(await sessions.pairingOf(after, partner)).toMatchObject({
			state: 'paired',
			partners: 2,
			sign: signs.get(others[0])
		});
		for (const key of others)
			expect((await sessions.pairingOf(after, key))!.sign).toEqual(signs.get(key));
		// Back in: they join a group again.
		expect(value(await sessions.takePart(session.id, leaving, 'praten', true))).toMatchObject({
			state: 'paired'
		});
	});

	it('makes a new round when the teacher pairs again', async () => {
		const { session } = await classAnswered([1, 1, 1, 1, 5, 5, 5, 5]);
		const first = value(await sessions.makePairs(session.id, 'praten'));
		const second = value(await sessions.makePairs(session.id, 'praten'));
		expect(sessions.view(second).pairs).toMatchObject({ round: 2, groups: 4 });
		expect(second.stage.pairing!.revision).toBeGreaterThan(first.stage.pairing!.revision);
	});

	it('forgets who talked with whom when the block closes, and keeps only the counts', async () => {
		const { session, keys } = await classAnswered([1, 2, 4, 5]);
		value(await sessions.takePart(session.id, keys[0], 'praten', false));
		value(await sessions.makePairs(session.id, 'praten'));
		const closed = value(await sessions.closeBlock(session.id));
		expect(closed.stage.pairing).toBeNull();
		expect(closed.stage.pairCounts).toEqual({ praten: { groups: 1, pupils: 3 } });
		expect(JSON.stringify(closed)).not.toContain(keys[1]);
		expect(await sessions.pairingOf(closed, keys[1])).toBeNull();
		// Opened again, it starts without groups and without who stepped out.
		const again = value(await sessions.openBlock(session.id, 'praten'));
		expect(again.stage.pairing).toMatchObject({ round: 0, groups: [], optedOut: [] });
	});

	it('forgets the pairs when the teacher moves on or ends the lesson', async () => {
		const moved = await classAnswered([1, 5]);
		value(await sessions.makePairs(moved.session.id, 'praten'));
		expect(value(await sessions.goToStep(moved.session.id, 3)).stage.pairing).toBeNull();
		const ended = await classAnswered([1, 5]);
		value(await sessions.makePairs(ended.session.id, 'praten'));
		expect(value(await sessions.end(ended.session.id)).stage.pairing).toBeNull();
	});

	it('keeps the pairs through a restart of the server', async () => {
		const { session, keys } = await classAnswered([1, 5, 2, 4]);
		const made = value(await sessions.makePairs(session.id, 'praten'));
		const before = await sessions.pairingOf(made, keys[0]);
		await store.close();
		open();
		expect(await sessions.pairingOf(await current(session.id), keys[0])).toEqual(before);
	});

	it('refuses pairs for a block that is not open or not a tweegesprek', async () => {
		const session = await started();
		expect(await sessions.makePairs(session.id, 'praten')).toEqual({
			ok: false,
			error: 'block-not-open'
		});
		expect(await sessions.makePairs(session.id, 'mening')).toEqual({
			ok: false,
			error: 'not-a-tweegesprek'
		});
		const [key] = await pupils(session.joinCode, 1);
		expect(await sessions.takePart(session.id, key, 'praten', false)).toEqual({
			ok: false,
			error: 'block-not-open'
		});
	});

	it('does not count a pupil stepping out as the teacher being there', async () => {
		const { session, keys } = await classAnswered([1, 5]);
		const before = (await current(session.id)).activeAt;
		clock += 60_000;
		value(await sessions.takePart(session.id, keys[0], 'praten', false));
		expect((await current(session.id)).activeAt).toBe(before);
	});
});

describe('think time', () => {
	async function lineOpen() {
		const session = await started();
		const [key] = await pupils(session.joinCode, 1);
		const opened = value(await sessions.openBlock(session.id, 'lijn'));
		return { session: opened, key };
	}

	it('refuses answers until it is over, and then takes them', async () => {
		const { session, key } = await lineOpen();
		expect(sessions.view(session).thinking).toMatchObject({
			blockId: 'lijn',
			durationMs: 20_000,
			remainingMs: 20_000
		});
		const answer: AnswerValue = { kind: 'position', value: 30 };
		expect(await sessions.answer(session.id, key, 'lijn', answer)).toEqual({
			ok: false,
			error: 'think-time'
		});
		clock += 19_999;
		expect(await sessions.answer(session.id, key, 'lijn', answer)).toEqual({
			ok: false,
			error: 'think-time'
		});
		clock += 1;
		expect(value(await sessions.answer(session.id, key, 'lijn', answer))).toMatchObject({
			changed: true
		});
		expect(sessions.view(await current(session.id)).thinking).toBeNull();
	});

	it('lets the teacher skip it, or extend it once per extension', async () => {
		const { session, key } = await lineOpen();
		const extended = value(await sessions.extendThinking(session.id, 30_000, 'e1'));
		expect(value(await sessions.extendThinking(session.id, 30_000, 'e1')).version).toBe(
			extended.version
		);
		expect(sessions.view(extended).thinking).toMatchObject({
			durationMs: 50_000,
			remainingMs: 50_000
		});
		clock += 30_000;
		expect(await sessions.answer(session.id, key, 'lijn', { kind: 'position', value: 1 })).toEqual({
			ok: false,
			error: 'think-time'
		});
		value(await sessions.skipThinking(session.id));
		expect(
			value(await sessions.answer(session.id, key, 'lijn', { kind: 'position', value: 1 }))
		).toMatchObject({
			changed: true
		});
		expect(await sessions.skipThinking(session.id)).toEqual({ ok: false, error: 'no-think-time' });
	});

	it('runs only when a block first opens', async () => {
		const { session, key } = await lineOpen();
		value(await sessions.closeBlock(session.id));
		const again = value(await sessions.openBlock(session.id, 'lijn'));
		expect(sessions.view(again).thinking).toBeNull();
		expect(
			value(await sessions.answer(session.id, key, 'lijn', { kind: 'position', value: 5 }))
		).toMatchObject({
			changed: true
		});
	});

	it('holds written responses back too', async () => {
		const session = await started();
		const [key] = await pupils(session.joinCode, 1);
		const opened = value(await sessions.openBlock(session.id, 'waarom'));
		const write = () =>
			moderation.submit(opened, key, { blockId: 'waarom', text: 'Omdat.', clientId: 'c-1' });
		expect(await write()).toEqual({ ok: false, error: 'think-time' });
		clock += 10_000;
		expect((await write()).ok).toBe(true);
	});

	it('survives a restart of the server', async () => {
		const { session, key } = await lineOpen();
		await store.close();
		open();
		expect(await sessions.answer(session.id, key, 'lijn', { kind: 'position', value: 5 })).toEqual({
			ok: false,
			error: 'think-time'
		});
		expect(sessions.view(await current(session.id)).thinking).toMatchObject({
			remainingMs: 20_000
		});
	});
});

describe('ground rules the class agrees to', () => {
	it('counts who joins in, once each, and stores nothing of who does not', async () => {
		const session = await started();
		const keys = await pupils(session.joinCode, 6);
		value(await sessions.openBlock(session.id, 'regels'));
		for (const key of keys.slice(0, 4))
			value(await sessions.answer(session.id, key, 'regels', { kind: 'agree' }));
		value(await sessions.answer(session.id, keys[0], 'regels', { kind: 'agree' }));
		const results = await sessions.results(await current(session.id), 'regels', false);
		expect(results).toMatchObject({ answered: 4, passes: 0 });
		expect((await store.blockTally(session.id, 'regels')).answers).toHaveLength(4);
		expect(await sessions.answer(session.id, keys[5], 'regels', { kind: 'pass' })).toEqual({
			ok: false,
			error: 'wrong-kind'
		});
		expect(await sessions.answer(session.id, keys[5], 'regels', scale(3))).toEqual({
			ok: false,
			error: 'wrong-kind'
		});
	});

	it('takes a suggestion to add, which waits for the teacher like any response', async () => {
		const session = await started();
		const [key] = await pupils(session.joinCode, 1);
		const opened = value(await sessions.openBlock(session.id, 'regels'));
		const submitted = await moderation.submit(opened, key, {
			blockId: 'regels',
			text: 'We lachen niemand uit.',
			clientId: 'c-1'
		});
		expect(submitted).toMatchObject({ ok: true, value: { status: 'pending' } });
		expect(await moderation.queue(opened)).toMatchObject([
			{ blockId: 'regels', text: 'We lachen niemand uit.', waiting: true }
		]);
		expect(await moderation.wall(opened, 'regels')).toEqual([]);
	});

	it('are only shown, never opened or answered, where the author did not ask the class to agree', async () => {
		const { session } = value(await sessions.start(allBlocksLesson.slug));
		const { pupilToken } = value(await sessions.join(session.joinCode));
		const { pupilKey } = value(await sessions.asPupil(session.id, pupilToken));
		expect(await sessions.openBlock(session.id, 'regels')).toEqual({
			ok: false,
			error: 'block-not-answerable'
		});
		expect(
			await moderation.submit(session, pupilKey, {
				blockId: 'regels',
				text: 'Nog een.',
				clientId: 'c-2'
			})
		).toEqual({ ok: false, error: 'not-a-written-block' });
	});
});
