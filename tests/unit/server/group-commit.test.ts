// Answers of one moment share one transaction, and nobody hears "stored" before it commits.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnswerGroupCommit } from '../../../src/lib/server/store/group-commit.ts';
import { SqliteStore } from '../../../src/lib/server/store/sqlite.ts';
import { sessionRecord } from './session-record.ts';

let directory: string;
let store: SqliteStore;

const write = (pupilKey: string, value: unknown) => ({
	sessionId: 's1',
	blockId: 'b1',
	pupilKey,
	value,
	at: 2000
});

beforeEach(() => {
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-commit-'));
	store = new SqliteStore(join(directory, 'store.sqlite'));
	store.insertSession(sessionRecord({ openBlockId: 'b1' }));
});

afterEach(() => {
	store.close();
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
			{ previous: null, changed: true },
			{ previous: null, changed: true },
			{ previous: 1, changed: false },
			{ previous: 1, changed: true }
		]);
		expect(store.answers('s1', 'b1').map((stored) => stored.value)).toEqual(
			expect.arrayContaining([2, 3])
		);
		expect(store.answers('s1', 'b1')).toHaveLength(2);
	});

	it('answers only once the transaction is committed', async () => {
		const commit = new AnswerGroupCommit(store);
		const pending = commit.write(write('a', 1));
		// Not yet: the transaction runs after this turn of the event loop.
		expect(store.answerOf('s1', 'b1', 'a')).toBeNull();
		await pending;
		expect(store.answerOf('s1', 'b1', 'a')?.value).toBe(1);
	});

	it('starts a new transaction for answers that come later', async () => {
		const transactions = vi.spyOn(store, 'writeAnswers');
		const commit = new AnswerGroupCommit(store);
		await commit.write(write('a', 1));
		await commit.write(write('b', 1));
		expect(transactions).toHaveBeenCalledTimes(2);
	});

	it('fails only the answer that cannot be written, and stores the rest of its batch', async () => {
		store.insertSession(sessionRecord({ id: 's2', joinCode: '222222', openBlockId: 'b1' }));
		const commit = new AnswerGroupCommit(store);
		const outcomes = await Promise.allSettled([
			commit.write(write('a', 1)),
			// An answer for a session that does not exist breaks the foreign key.
			commit.write({ ...write('b', 1), sessionId: 'nope' }),
			commit.write({ ...write('c', 2), sessionId: 's2' })
		]);
		expect(outcomes.map((outcome) => outcome.status)).toEqual([
			'fulfilled',
			'rejected',
			'fulfilled'
		]);
		expect(store.answerOf('s1', 'b1', 'a')?.value).toBe(1);
		expect(store.answerOf('s2', 'b1', 'c')?.value).toBe(2);
		await expect(commit.write(write('d', 1))).resolves.toMatchObject({ changed: true });
	});

	it('isolates a store that fails for one session, each other answer with its own outcome', async () => {
		const writeAnswers = store.writeAnswers.bind(store);
		vi.spyOn(store, 'writeAnswers').mockImplementation((writes) => {
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
			{ status: 'fulfilled', value: { previous: null, changed: true } },
			{ status: 'rejected', reason: new Error('disk I/O error') },
			{ status: 'fulfilled', value: { previous: 1, changed: false } }
		]);
	});
});
