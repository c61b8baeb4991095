// Answers of one moment share one transaction, and nobody hears "stored" before it commits.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnswerGroupCommit, Batcher } from '../../../src/lib/server/store/group-commit.ts';
import { SqliteStore } from '../../../src/lib/server/store/sqlite.ts';
import type { AnswerWrite, AnswerWriteResult } from '../../../src/lib/server/store/store.ts';
import { sessionRecord } from '../../store/records.ts';

let directory: string;
let store: SqliteStore;

const write = (pupilKey: string, value: unknown): AnswerWrite => ({
	sessionId: 's1',
	blockId: 'b1',
	pupilKey,
	value,
	position: null,
	at: 2000
});

beforeEach(async () => {
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-commit-'));
	store = new SqliteStore(join(directory, 'store.sqlite'));
	await store.insertSession(sessionRecord({ openBlockId: 'b1' }));
});

afterEach(async () => {
	await store.close();
	rmSync(directory, { recursive: true, force: true });
});

describe('group commit of answers', () => {
	it('writes the answers of one moment in one transaction, each with its own outcome', async () => {
		const transactions = vi.spyOn(store, 'writeAnswers');
		const commit = new AnswerGroupCommit(store);
		const outcomes = await Promise.all([
			commit.write(write('a', 1)),
			commit.write(write('b', 2)),
			commit.write(write('a', 1)),
			commit.write(write('a', 3))
		]);
		expect(transactions).toHaveBeenCalledTimes(1);
		expect(outcomes).toEqual([
			{ stored: true, previous: null, changed: true },
			{ stored: true, previous: null, changed: true },
			{ stored: true, previous: 1, changed: false },
			{ stored: true, previous: 1, changed: true }
		]);
		expect((await store.blockTally('s1', 'b1')).answers.toSorted()).toEqual([2, 3]);
	});

	it('answers only once the transaction is committed', async () => {
		const commit = new AnswerGroupCommit(store);
		const pending = commit.write(write('a', 1));
		// Not yet: the transaction runs after this turn of the event loop.
		expect(await store.answerOf('s1', 'b1', 'a')).toBeNull();
		await pending;
		expect((await store.answerOf('s1', 'b1', 'a'))?.value).toBe(1);
	});

	it('starts a new transaction for answers that come later', async () => {
		const transactions = vi.spyOn(store, 'writeAnswers');
		const commit = new AnswerGroupCommit(store);
		await commit.write(write('a', 1));
		await commit.write(write('b', 1));
		expect(transactions).toHaveBeenCalledTimes(2);
	});

	it('passes on the store’s refusal of an answer to a block that is not open', async () => {
		const commit = new AnswerGroupCommit(store);
		const outcomes = await Promise.all([
			commit.write(write('a', 1)),
			commit.write({ ...write('b', 1), blockId: 'b2' }),
			commit.write({ ...write('c', 1), sessionId: 'nope' })
		]);
		expect(outcomes).toEqual([
			{ stored: true, previous: null, changed: true },
			{ stored: false, refused: 'block-not-open' },
			{ stored: false, refused: 'session-not-found' }
		]);
	});

	it('fails only the answer that cannot be written, and stores the rest of its batch', async () => {
		await store.insertSession(sessionRecord({ id: 's2', joinCode: '222222', openBlockId: 'b1' }));
		const commit = new AnswerGroupCommit(store);
		const outcomes = await Promise.allSettled([
			commit.write(write('a', 1)),
			// A BigInt is no JSON: the batch it is in fails as a whole, then each is tried alone.
			commit.write(write('b', 1n)),
			commit.write({ ...write('c', 2), sessionId: 's2' })
		]);
		expect(outcomes.map((outcome) => outcome.status)).toEqual([
			'fulfilled',
			'rejected',
			'fulfilled'
		]);
		expect((await store.answerOf('s1', 'b1', 'a'))?.value).toBe(1);
		expect((await store.answerOf('s2', 'b1', 'c'))?.value).toBe(2);
		await expect(commit.write(write('d', 1))).resolves.toMatchObject({ changed: true });
	});

	it('isolates a store that fails for one session, each other answer with its own outcome', async () => {
		const writeAnswers = store.writeAnswers.bind(store);
		vi.spyOn(store, 'writeAnswers').mockImplementation(async (writes) => {
			if (writes.some((each) => each.pupilKey === 'broken')) throw new Error('disk I/O error');
			return writeAnswers(writes);
		});
		const commit = new AnswerGroupCommit(store);
		const outcomes = await Promise.allSettled([
			commit.write(write('a', 1)),
			commit.write(write('broken', 1)),
			commit.write(write('a', 1))
		]);
		expect(outcomes).toEqual([
			{ status: 'fulfilled', value: { stored: true, previous: null, changed: true } },
			{ status: 'rejected', reason: new Error('disk I/O error') },
			{ status: 'fulfilled', value: { stored: true, previous: 1, changed: false } }
		]);
	});

	it('waits the store’s window for more answers to share the commit', async () => {
		const windowed = Object.assign(Object.create(store) as SqliteStore, {
			answerCommitWindowMs: 50
		});
		const transactions = vi.spyOn(store, 'writeAnswers');
		const commit = new AnswerGroupCommit(windowed);
		const first = commit.write(write('a', 1));
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect(await store.answerOf('s1', 'b1', 'a')).toBeNull();
		const second = commit.write(write('b', 2));
		await Promise.all([first, second]);
		expect(transactions).toHaveBeenCalledTimes(1);
		expect(transactions).toHaveBeenCalledWith([write('a', 1), write('b', 2)]);
	});

	it('writes what waits in its window at once when drained', async () => {
		const windowed = Object.assign(Object.create(store) as SqliteStore, {
			answerCommitWindowMs: 60_000
		});
		const commit = new AnswerGroupCommit(windowed);
		const waiting = commit.write(write('a', 1));
		await commit.drain();
		expect((await store.answerOf('s1', 'b1', 'a'))?.value).toBe(1);
		await expect(waiting).resolves.toEqual({ stored: true, previous: null, changed: true });
	});

	it('writes one batch at a time: what arrives meanwhile waits and forms the next', async () => {
		let release = () => {};
		const writeAnswers = store.writeAnswers.bind(store);
		const batches: number[] = [];
		let inFlight = 0;
		vi.spyOn(store, 'writeAnswers').mockImplementation(async (writes) => {
			inFlight += 1;
			expect(inFlight).toBe(1);
			batches.push(writes.length);
			// The first batch is slow, as a round trip to PostgreSQL is.
			if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
			const results: AnswerWriteResult[] = await writeAnswers(writes);
			inFlight -= 1;
			return results;
		});
		const commit = new AnswerGroupCommit(store);
		const first = commit.write(write('a', 1));
		await new Promise((resolve) => setImmediate(resolve));
		const later = [commit.write(write('b', 1)), commit.write(write('c', 1))];
		await new Promise((resolve) => setImmediate(resolve));
		expect(batches).toEqual([1]);
		release();
		await Promise.all([first, ...later]);
		expect(batches).toEqual([1, 2]);
	});
});

describe('batches of one kind (region mode’s joins)', () => {
	it('writes what arrives within the window in one call, each caller settling after it', async () => {
		const calls: number[][] = [];
		const batcher = new Batcher<number, string>(async (items) => {
			calls.push(items);
			return items.map((item) => `counted ${item}`);
		}, 10);
		const settled: string[] = [];
		const all = [1, 2, 3].map((item) =>
			batcher.add(item).then((result) => void settled.push(result))
		);
		await new Promise((resolve) => setTimeout(resolve, 1));
		expect(settled).toEqual([]);
		await Promise.all(all);
		expect(calls).toEqual([[1, 2, 3]]);
		expect(settled).toEqual(['counted 1', 'counted 2', 'counted 3']);
	});

	it('gathers what arrives while a batch is written into the next', async () => {
		const calls: number[][] = [];
		let release = () => {};
		const batcher = new Batcher<number, void>(async (items) => {
			calls.push(items);
			if (calls.length === 1) await new Promise<void>((resolve) => (release = resolve));
			return items.map(() => undefined);
		}, 1);
		const first = batcher.add(1);
		await new Promise((resolve) => setTimeout(resolve, 5));
		const later = [batcher.add(2), batcher.add(3)];
		release();
		await Promise.all([first, ...later]);
		expect(calls).toEqual([[1], [2, 3]]);
	});

	it('fails only the item that fails when a batch is refused, and the rest count', async () => {
		const batcher = new Batcher<number, number>(async (items) => {
			if (items.includes(13)) throw new Error('refused');
			return items.map((item) => item * 2);
		}, 1);
		const outcomes = await Promise.allSettled([1, 13, 3].map((item) => batcher.add(item)));
		expect(outcomes.map((outcome) => outcome.status)).toEqual([
			'fulfilled',
			'rejected',
			'fulfilled'
		]);
		expect(outcomes[2]).toMatchObject({ value: 6 });
	});

	it('refuses a window that is no wait', () => {
		for (const windowMs of [-1, Number.NaN, Infinity])
			expect(() => new Batcher(async () => [], windowMs)).toThrow(RangeError);
	});

	it('writes what waits at once when drained, and settles only once it is written', async () => {
		const calls: number[][] = [];
		const batcher = new Batcher<number, void>(async (items) => {
			calls.push(items);
			return items.map(() => undefined);
		}, 60_000);
		const waiting = batcher.add(1);
		await batcher.drain();
		expect(calls).toEqual([[1]]);
		await waiting;
	});
});
