// The Store contract: what every store (SQLite on one machine, PostgreSQL for a region) must do,
// run against each. Each test gets a fresh, empty store; `reopen` gives another store on the
// same data, as a restarted (or another) process would see it.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunRecord, SignInRecord, Store } from '../../src/lib/server/store/store.ts';
import { answer, newResponse, rules, sessionRecord as session } from './records.ts';

export interface StoreUnderTest {
	store: Store;
	/** Another store on the same data; the test closes the first one itself when it must. */
	reopen(): Promise<Store>;
	/** Removes the data (the temporary file or schema) once every store on it is closed. */
	destroy(): Promise<void>;
}

export function describeStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>) {
	describe(name, () => {
		let underTest: StoreUnderTest;
		let store: Store;
		const others: Store[] = [];

		/** A second store on the same data, closed after the test. */
		const another = async () => {
			const other = await underTest.reopen();
			others.push(other);
			return other;
		};

		beforeEach(async () => {
			underTest = await makeStore();
			store = underTest.store;
		});

		afterEach(async () => {
			for (const other of others.splice(0)) await other.close();
			await store.close();
			await underTest.destroy();
		});

		describe('sessions', () => {
			it('keeps a session as it was given, across a restart', async () => {
				const stored = session({
					revealed: ['b1'],
					timer: {
						blockId: 'b2',
						durationMs: 60_000,
						runningSince: 5,
						elapsedMs: 0,
						extensions: ['e1']
					},
					stage: {
						mode: 'rules',
						paused: ['w1'],
						clearedThrough: { w1: 3 },
						sortByVotes: true,
						blank: false,
						codeLarge: true
					}
				});
				expect(await store.insertSession(stored)).toBe(true);
				expect(await store.getSession('s1')).toEqual(stored);
				await store.close();
				store = await underTest.reopen();
				expect(await store.getSession('s1')).toEqual(stored);
			});

			it('counts joins that arrive together each once, per session, and keeps them across a restart', async () => {
				await store.insertSession(session());
				await store.insertSession(session({ id: 's2', joinCode: '222222' }));
				await Promise.all([
					...Array.from({ length: 5 }, () => store.countJoin('s1')),
					...Array.from({ length: 3 }, () => store.countJoin('s2'))
				]);
				expect(await store.pupilsJoined('s1')).toBe(5);
				expect(await store.pupilsJoined('s2')).toBe(3);
				// Closing counts the joins still waiting for their commit.
				void store.countJoin('s1');
				await store.close();
				store = await underTest.reopen();
				expect(await store.pupilsJoined('s1')).toBe(6);
			});

			it('knows no session it was never given', async () => {
				expect(await store.getSession('nobody')).toBeNull();
				expect(await store.getLiveSessionByCode('000000')).toBeNull();
				expect(await store.liveSessions()).toEqual([]);
			});

			it('gives a join code to one live session at a time', async () => {
				expect(await store.insertSession(session())).toBe(true);
				expect(await store.insertSession(session({ id: 's2' }))).toBe(false);
				expect(await store.getSession('s2')).toBeNull();
				expect((await store.getLiveSessionByCode('123456'))?.id).toBe('s1');
				const ended = await store.updateSession({ ...session(), status: 'ended', endedAt: 5000 });
				expect(ended?.status).toBe('ended');
				// Found by its code a moment ago, ended now: no longer found by it.
				expect(await store.getLiveSessionByCode('123456')).toBeNull();
				expect(await store.insertSession(session({ id: 's2' }))).toBe(true);
				// Ended sessions may share a code with each other and with the live one.
				expect(await store.insertSession(session({ id: 's3', status: 'ended' }))).toBe(true);
				expect((await store.getLiveSessionByCode('123456'))?.id).toBe('s2');
				expect((await store.liveSessions()).map((live) => live.id)).toEqual(['s2']);
				await store.deleteSession('s2');
				expect(await store.getLiveSessionByCode('123456')).toBeNull();
			});

			it('hands a join the live session of its code as read a moment ago, never one ended here', async () => {
				expect(await store.recentLiveSessionByCode('123456')).toBeNull();
				await store.insertSession(session());
				expect((await store.recentLiveSessionByCode('123456'))?.id).toBe('s1');
				const locked = await store.updateSession({ ...session(), locked: true });
				expect((await store.recentLiveSessionByCode('123456'))?.locked).toBe(true);
				await store.updateSession({ ...locked!, status: 'ended', endedAt: 5000 });
				expect(await store.recentLiveSessionByCode('123456')).toBeNull();
				await store.insertSession(session({ id: 's2' }));
				expect((await store.recentLiveSessionByCode('123456'))?.id).toBe('s2');
				await store.deleteSession('s2');
				expect(await store.recentLiveSessionByCode('123456')).toBeNull();
			});

			it('refuses a second session with the same id as an error, not as a code clash', async () => {
				await store.insertSession(session());
				await expect(store.insertSession(session({ joinCode: '654321' }))).rejects.toThrow();
				expect((await store.getSession('s1'))?.joinCode).toBe('123456');
			});

			it('stores a change onto the version it was made from, and returns the next version', async () => {
				await store.insertSession(session());
				const updated = await store.updateSession({
					...session(),
					step: 3,
					openBlockId: null,
					locked: true,
					activeAt: 5000
				});
				expect(updated).toEqual({
					...session(),
					step: 3,
					openBlockId: null,
					locked: true,
					activeAt: 5000,
					version: 2
				});
				expect(await store.getSession('s1')).toEqual(updated);
				expect((await store.updateSession({ ...updated!, step: 4 }))?.version).toBe(3);
			});

			it('refuses a change made from an older version, keeping the newer one', async () => {
				await store.insertSession(session());
				const first = await store.updateSession({ ...session(), step: 2 });
				// The second device still holds version 1.
				expect(await store.updateSession({ ...session(), locked: true })).toBeNull();
				expect(await store.getSession('s1')).toEqual(first);
				expect(await store.updateSession({ ...session({ id: 'gone' }) })).toBeNull();
			});

			it('never changes a session’s code, secrets, lesson or start', async () => {
				await store.insertSession(session());
				await store.updateSession({
					...session(),
					joinCode: '999999',
					hostKey: 'other',
					boardKey: 'other board',
					tokenKey: 'other token',
					lessonSlug: 'other',
					lessonVersion: 'v9',
					createdAt: 1,
					step: 3
				});
				expect(await store.getSession('s1')).toEqual(session({ step: 3, version: 2 }));
			});

			it('deletes a session with everything in it, once, returning it as it was', async () => {
				await store.insertSession(session());
				await store.insertSession(session({ id: 's2', joinCode: '222222' }));
				await fill('s1');
				await fill('s2');
				expect(await store.deleteSession('s1')).toEqual(session());
				expect(await store.deleteSession('s1')).toBeNull();
				expect(await store.getSession('s1')).toBeNull();
				await expectEmpty('s1');
				expect((await store.blockTally('s2', 'b1')).answers).toHaveLength(2);
				expect(await store.responses('s2')).toHaveLength(2);
			});

			it('deletes the sessions whose retention ended, each once', async () => {
				await store.insertSession(session({ id: 'old', joinCode: '111111', expiresAt: 100 }));
				await store.insertSession(session({ id: 'older', joinCode: '333333', expiresAt: 50 }));
				await store.insertSession(session());
				await fill('old');
				const expired = await store.deleteExpiredSessions(200);
				expect(expired.map((each) => each.id).toSorted()).toEqual(['old', 'older']);
				expect(expired.find((each) => each.id === 'old')).toEqual(
					session({ id: 'old', joinCode: '111111', expiresAt: 100 })
				);
				expect(await store.deleteExpiredSessions(200)).toEqual([]);
				await expectEmpty('old');
				expect(await store.getSession('s1')).not.toBeNull();
				// Strictly before: a session expiring at this very moment stays for now.
				expect(await store.deleteExpiredSessions(10_000)).toEqual([]);
			});

			it('rejects a session it cannot store, storing nothing', async () => {
				const broken = { ...session(), step: 'three' } as unknown as ReturnType<typeof session>;
				await expect(store.insertSession(broken)).rejects.toThrow();
				const missing = { ...session() } as Partial<ReturnType<typeof session>>;
				delete missing.hostKey;
				await expect(store.insertSession(missing as ReturnType<typeof session>)).rejects.toThrow();
				expect(await store.getSession('s1')).toBeNull();
			});
		});

		/** Answers, moves, a decision, responses and a vote in a session. */
		async function fill(sessionId: string) {
			await store.writeAnswers([
				answer('p1', { choice: 0 }, { sessionId, position: 0 }),
				answer('p2', { choice: 1 }, { sessionId, position: 1 })
			]);
			await store.writeAnswers([answer('p1', { choice: 1 }, { sessionId, position: 1 })]);
			await store.setWordDecision(sessionId, 'b1', 'woord', 'removed');
			await store.submitResponse(newResponse(`${sessionId}-r1`, { sessionId }), rules());
			await store.submitResponse(
				newResponse(`${sessionId}-r2`, { sessionId, pupilKey: 'p2' }),
				rules()
			);
			await store.approveUnflagged(sessionId, 'b1');
			await store.addVote(`${sessionId}-r1`, 'p2');
		}

		async function expectEmpty(sessionId: string) {
			expect(await store.blockTally(sessionId, 'b1')).toEqual({
				answers: [],
				moves: [],
				decisions: new Map(),
				revision: 0
			});
			expect(await store.answerOf(sessionId, 'b1', 'p1')).toBeNull();
			expect(await store.responses(sessionId)).toEqual([]);
			expect(await store.getResponse(`${sessionId}-r1`)).toBeNull();
			expect(await store.voteCounts(sessionId)).toEqual(new Map());
			expect(await store.votedBy(sessionId, 'p2')).toEqual(new Set());
		}

		describe('answers', () => {
			beforeEach(async () => {
				await store.insertSession(session());
			});

			it('keeps one answer per pupil per block: a new answer replaces the old one', async () => {
				expect(await store.writeAnswers([answer('p1', { choice: [0] })])).toEqual([
					{ stored: true, previous: null, changed: true }
				]);
				expect(await store.writeAnswers([answer('p1', { choice: [2] }, { at: 3000 })])).toEqual([
					{ stored: true, previous: { choice: [0] }, changed: true }
				]);
				await store.writeAnswers([answer('p2', { choice: [2] }, { at: 2500 })]);
				expect(await store.answerOf('s1', 'b1', 'p1')).toEqual({
					pupilKey: 'p1',
					value: { choice: [2] },
					updatedAt: 3000
				});
				// In order of last change.
				expect((await store.blockTally('s1', 'b1')).answers).toEqual([
					{ choice: [2] },
					{ choice: [2] }
				]);
				expect(await store.answerOf('s1', 'b1', 'nobody')).toBeNull();
			});

			it('reads a session with one block’s tally, the same as each read apart', async () => {
				await store.writeAnswers([
					answer('p1', { choice: [0] }, { position: 0 }),
					answer('p2', { choice: [1] }, { at: 2500, position: 1 })
				]);
				await store.writeAnswers([answer('p1', { choice: [1] }, { at: 3000, position: 1 })]);
				await store.setWordDecision('s1', 'b1', 'woord', 'allowed');
				const read = await store.sessionWithTally('s1', 'b1');
				expect(read).toEqual({
					session: await store.getSession('s1'),
					tally: await store.blockTally('s1', 'b1')
				});
				expect(read?.tally).toMatchObject({
					answers: [{ choice: [1] }, { choice: [1] }],
					moves: [{ from: 0, to: 1, count: 1 }],
					decisions: new Map([['woord', 'allowed']])
				});
				expect(await store.sessionWithTally('s1', 'no-block')).toMatchObject({
					tally: { answers: [], moves: [], decisions: new Map(), revision: 0 }
				});
				expect(await store.sessionWithTally('nothing', 'b1')).toBeNull();
			});

			it("lists every pupil's current answer to a block with their pseudonym, for pairing", async () => {
				await store.writeAnswers([
					answer('p2', { scale: 5 }),
					answer('p1', { scale: 1 }),
					answer('p3', { scale: 3 }, { blockId: 'b2' })
				]);
				await store.writeAnswers([answer('p1', { scale: 2 }, { at: 4000 })]);
				expect(await store.answersOf('s1', 'b1')).toEqual([
					{ pupilKey: 'p1', value: { scale: 2 }, updatedAt: 4000 },
					{ pupilKey: 'p2', value: { scale: 5 }, updatedAt: 2000 }
				]);
				expect(await store.answersOf('s1', 'nothing')).toEqual([]);
			});

			it('keeps answers of every JSON kind as they were sent', async () => {
				const values = [
					0,
					'tekst met "quotes" en émoji 🙂',
					[1, 2],
					{ nested: { deep: [null] } },
					true
				];
				await store.writeAnswers(
					values.map((value, index) => answer(`p${index}`, value, { at: 2000 + index }))
				);
				expect((await store.blockTally('s1', 'b1')).answers).toEqual(values);
			});

			it('reports a replayed identical answer as unchanged, and keeps its time', async () => {
				await store.writeAnswers([answer('p1', { choice: [1] })]);
				const { revision } = await store.blockTally('s1', 'b1');
				expect(await store.writeAnswers([answer('p1', { choice: [1] }, { at: 9000 })])).toEqual([
					{ stored: true, previous: { choice: [1] }, changed: false }
				]);
				expect((await store.answerOf('s1', 'b1', 'p1'))?.updatedAt).toBe(2000);
				expect((await store.blockTally('s1', 'b1')).revision).toBe(revision);
			});

			it('writes a batch in order, each write seeing the one before it', async () => {
				const results = await store.writeAnswers([
					answer('p1', 1),
					answer('p2', 2),
					answer('p1', 1),
					answer('p1', 3)
				]);
				expect(results).toEqual([
					{ stored: true, previous: null, changed: true },
					{ stored: true, previous: null, changed: true },
					{ stored: true, previous: 1, changed: false },
					{ stored: true, previous: 1, changed: true }
				]);
				expect((await store.blockTally('s1', 'b1')).answers.toSorted()).toEqual([2, 3]);
				expect(await store.writeAnswers([])).toEqual([]);
			});

			it('stores an answer only to the open block of a live session, refusing the others alone', async () => {
				await store.insertSession(session({ id: 'done', joinCode: '222222', status: 'ended' }));
				const results = await store.writeAnswers([
					answer('p1', 1),
					answer('p2', 1, { blockId: 'b2' }),
					answer('p3', 1, { sessionId: 'done' }),
					answer('p4', 1, { sessionId: 'nowhere' }),
					answer('p5', 1)
				]);
				expect(results).toEqual([
					{ stored: true, previous: null, changed: true },
					{ stored: false, refused: 'block-not-open' },
					{ stored: false, refused: 'session-ended' },
					{ stored: false, refused: 'session-not-found' },
					{ stored: true, previous: null, changed: true }
				]);
				expect(await store.answerOf('s1', 'b2', 'p2')).toBeNull();
				expect(await store.answerOf('done', 'b1', 'p3')).toBeNull();
				// Closing the block, by any process, ends its answers at once.
				await store.updateSession({ ...session(), openBlockId: null });
				expect(await store.writeAnswers([answer('p6', 1)])).toEqual([
					{ stored: false, refused: 'block-not-open' }
				]);
			});

			it('rejects a batch holding something that is not JSON data, storing none of it', async () => {
				await expect(store.writeAnswers([answer('p1', 1), answer('p2', 10n)])).rejects.toThrow(
					/JSON/
				);
				await expect(store.writeAnswers([answer('p1', undefined)])).rejects.toThrow(/JSON/);
				expect(await store.answerOf('s1', 'b1', 'p1')).toBeNull();
			});

			it('counts moves between corners in the answer’s own write, without saying who moved', async () => {
				await store.writeAnswers([
					answer('p1', 'a', { position: 0 }),
					answer('p2', 'a', { position: 0 }),
					answer('p3', 'c', { position: 2 })
				]);
				await store.writeAnswers([
					answer('p1', 'c', { position: 2 }),
					answer('p2', 'c', { position: 2 }),
					answer('p3', 'b', { position: 1 })
				]);
				// The same corner again, and an answer without a corner, are no moves.
				await store.writeAnswers([
					answer('p1', 'c2', { position: 2 }),
					answer('p4', 'x', { position: null })
				]);
				await store.writeAnswers([answer('p4', 'y', { position: 3 })]);
				expect((await store.blockTally('s1', 'b1')).moves).toEqual([
					{ from: 0, to: 2, count: 2 },
					{ from: 2, to: 1, count: 1 }
				]);
				expect((await store.blockTally('s1', 'b2')).moves).toEqual([]);
			});

			it('counts each move of a pupil who moves twice within one batch', async () => {
				await store.writeAnswers([
					answer('p1', 'a', { position: 0 }),
					answer('p1', 'c', { position: 2 }),
					answer('p2', 'b', { position: 1 }),
					answer('p1', 'b', { position: 1 })
				]);
				expect((await store.blockTally('s1', 'b1')).moves).toEqual([
					{ from: 0, to: 2, count: 1 },
					{ from: 2, to: 1, count: 1 }
				]);
				expect(await store.answerOf('s1', 'b1', 'p1')).toMatchObject({ value: 'b' });
			});

			it('tells the same tally between writes as a fresh read of what is stored', async () => {
				// Each time another store, which has read nothing before.
				const same = async () =>
					expect(await store.blockTally('s1', 'b1')).toEqual(
						await (await another()).blockTally('s1', 'b1')
					);
				await same();
				const steps: (() => Promise<unknown>)[] = [
					() => store.writeAnswers([answer('p1', { choice: [0] }, { position: 0 })]),
					() =>
						store.writeAnswers([
							answer('p2', { choice: [1] }, { position: 1, at: 2100 }),
							answer('p3', { choice: [1] }, { at: 2100 })
						]),
					// Changed, unchanged, and to a block that is not open: refused.
					() =>
						store.writeAnswers([
							answer('p1', { choice: [2] }, { at: 2200 }),
							answer('p2', { choice: [1] }, { position: 1, at: 2300 }),
							answer('p4', { choice: [3] }, { blockId: 'b2' })
						]),
					// A move from one corner to another.
					() => store.writeAnswers([answer('p2', { choice: [3] }, { position: 3, at: 2400 })]),
					() => store.setWordDecision('s1', 'b1', 'woord', 'removed'),
					() => store.writeAnswers([answer('p3', { choice: [0] }, { at: 2500 })]),
					() => store.setWordDecisions('s1', 'b1', ['ander'], 'allowed'),
					() => store.writeAnswers([answer('p5', 'pass', { at: 2500 })])
				];
				for (const step of steps) {
					await step();
					await same();
				}
				expect((await store.blockTally('s1', 'b1')).answers).toHaveLength(4);
			});

			it('raises the block’s revision with every stored change, and only then', async () => {
				const revision = async () => (await store.blockTally('s1', 'b1')).revision;
				expect(await revision()).toBe(0);
				await store.writeAnswers([answer('p1', 1)]);
				const afterOne = await revision();
				expect(afterOne).toBeGreaterThan(0);
				await store.writeAnswers([answer('p1', 2), answer('p2', 2)]);
				const afterBatch = await revision();
				expect(afterBatch).toBeGreaterThan(afterOne);
				await store.writeAnswers([answer('p1', 2), answer('p2', 2, { blockId: 'b2' })]);
				expect(await revision()).toBe(afterBatch);
				await store.setWordDecision('s1', 'b1', 'woord', 'allowed');
				const afterDecision = await revision();
				expect(afterDecision).toBeGreaterThan(afterBatch);
				await store.setWordDecision('s1', 'b1', 'woord', null);
				expect(await revision()).toBeGreaterThan(afterDecision);
				// Another block's revision is its own.
				expect((await store.blockTally('s1', 'b9')).revision).toBe(0);
			});
		});

		describe('word decisions', () => {
			beforeEach(async () => {
				await store.insertSession(session());
			});

			it('records, changes and forgets the teacher’s decision on a word', async () => {
				const decisions = async () => (await store.blockTally('s1', 'b1')).decisions;
				await store.setWordDecision('s1', 'b1', 'woord', 'allowed');
				await store.setWordDecision('s1', 'b1', 'ander', 'removed');
				await store.setWordDecision('s1', 'b2', 'woord', 'removed');
				expect(await decisions()).toEqual(
					new Map([
						['woord', 'allowed'],
						['ander', 'removed']
					])
				);
				await store.setWordDecision('s1', 'b1', 'woord', 'removed');
				await store.setWordDecision('s1', 'b1', 'ander', null);
				await store.setWordDecision('s1', 'b1', 'never-decided', null);
				expect(await decisions()).toEqual(new Map([['woord', 'removed']]));
			});

			it('lets many words through in one call, leaving words already decided as they are', async () => {
				const tally = () => store.blockTally('s1', 'b1');
				await store.setWordDecision('s1', 'b1', 'weg', 'removed');
				const before = (await tally()).revision;
				expect(
					await store.setWordDecisions('s1', 'b1', ['vrede', 'hoop', 'weg', 'hoop'], 'allowed')
				).toBe(2);
				const after = await tally();
				expect(after.decisions).toEqual(
					new Map([
						['weg', 'removed'],
						['vrede', 'allowed'],
						['hoop', 'allowed']
					])
				);
				expect(after.revision).toBeGreaterThan(before);
				// Nothing left to let through: nothing recorded, the revision stays.
				expect(await store.setWordDecisions('s1', 'b1', ['vrede', 'weg'], 'allowed')).toBe(0);
				expect(await store.setWordDecisions('s1', 'b1', [], 'allowed')).toBe(0);
				expect((await tally()).revision).toBe(after.revision);
				// Another store on the same data sees the same decisions.
				expect((await (await another()).blockTally('s1', 'b1')).decisions).toEqual(after.decisions);
			});

			it('refuses many words for a session that does not exist, or with a decision that is none of the two', async () => {
				await expect(
					store.setWordDecisions('nowhere', 'b1', ['vrede', 'hoop'], 'allowed')
				).rejects.toThrow();
				await expect(
					store.setWordDecisions('s1', 'b1', ['vrede', 'hoop'], 'maybe' as 'allowed')
				).rejects.toThrow();
				const tally = await store.blockTally('s1', 'b1');
				expect(tally.decisions).toEqual(new Map());
				expect(tally.revision).toBe(0);
			});

			it('rejects a decision that is none of the two, or for a session that does not exist', async () => {
				await expect(
					store.setWordDecision('s1', 'b1', 'woord', 'maybe' as 'allowed')
				).rejects.toThrow();
				await expect(store.setWordDecision('nowhere', 'b1', 'woord', 'allowed')).rejects.toThrow();
				expect((await store.blockTally('s1', 'b1')).decisions).toEqual(new Map());
			});
		});

		describe('responses', () => {
			beforeEach(async () => {
				await store.insertSession(session());
			});

			it('stores a new response in the order of arrival of its session', async () => {
				const first = await store.submitResponse(newResponse('r1'), rules());
				expect(first).toEqual({
					outcome: 'created',
					response: { ...newResponse('r1'), withdrawnFrom: null, sequence: 1 }
				});
				await store.submitResponse(newResponse('r2', { blockId: 'b2' }), rules());
				await store.submitResponse(
					newResponse('r3', { pupilKey: 'p2', flags: [{ kind: 'insult', match: 'x' }] }),
					rules()
				);
				expect((await store.responses('s1')).map((each) => [each.id, each.sequence])).toEqual([
					['r1', 1],
					['r2', 2],
					['r3', 3]
				]);
				expect((await store.responses('s1', 'b1')).map((each) => each.id)).toEqual(['r1', 'r3']);
				expect((await store.getResponse('r3'))?.flags).toEqual([{ kind: 'insult', match: 'x' }]);
				expect(await store.getResponse('nothing')).toBeNull();
				// Every session counts from one.
				await store.insertSession(session({ id: 's2', joinCode: '222222' }));
				const other = await store.submitResponse(newResponse('r4', { sessionId: 's2' }), rules());
				expect(other.outcome === 'created' && other.response.sequence).toBe(1);
			});

			it('returns the stored response for a resend, changing nothing', async () => {
				await store.submitResponse(newResponse('r1'), rules());
				const resent = await store.submitResponse(
					newResponse('other-id', { clientId: 'client-r1', text: 'changed' }),
					rules({ oneOpenResponse: true })
				);
				expect(resent).toEqual({
					outcome: 'resent',
					response: { ...newResponse('r1'), withdrawnFrom: null, sequence: 1 }
				});
				expect(await store.responses('s1')).toHaveLength(1);
				// Another pupil's client id is theirs alone.
				const theirs = await store.submitResponse(
					newResponse('r2', { clientId: 'client-r1', pupilKey: 'p2' }),
					rules()
				);
				expect(theirs.outcome).toBe('created');
			});

			it('keeps one open response per pupil, block and question when asked', async () => {
				const one = rules({ oneOpenResponse: true });
				expect((await store.submitResponse(newResponse('r1'), one)).outcome).toBe('created');
				expect(await store.submitResponse(newResponse('r2'), one)).toEqual({
					outcome: 'refused',
					reason: 'one-response-only'
				});
				// Other questions, other blocks, other pupils and replies are not limited by it.
				for (const response of [
					newResponse('q1', { question: 1 }),
					newResponse('b2', { blockId: 'b2' }),
					newResponse('p2', { pupilKey: 'p2' }),
					newResponse('reply', { parentId: 'r1' })
				])
					expect((await store.submitResponse(response, one)).outcome).toBe('created');
				// A hidden or withdrawn one is no longer open.
				await store.updateResponse(
					{ ...(await store.getResponse('r1'))!, status: 'hidden' },
					'pending'
				);
				expect((await store.submitResponse(newResponse('r3'), one)).outcome).toBe('created');
				// Without the rule, a pupil may write several.
				expect((await store.submitResponse(newResponse('r4'), rules())).outcome).toBe('created');
			});

			it('withdraws the returned response a new one rephrases, in the same transaction', async () => {
				await store.submitResponse(newResponse('r1'), rules());
				const returned = {
					...(await store.getResponse('r1'))!,
					status: 'returned' as const,
					returnPrompt: 'Anders?'
				};
				await store.updateResponse(returned, 'pending');
				const rephrased = await store.submitResponse(
					newResponse('r2'),
					rules({ replaces: 'r1', oneOpenResponse: true })
				);
				expect(rephrased.outcome).toBe('created');
				expect((await store.getResponse('r1'))?.status).toBe('withdrawn');
			});

			it('refuses to rephrase a response that is not the pupil’s returned one', async () => {
				await store.submitResponse(newResponse('r1'), rules());
				await store.submitResponse(newResponse('theirs', { pupilKey: 'p2' }), rules());
				await store.updateResponse(
					{ ...(await store.getResponse('theirs'))!, status: 'returned' },
					'pending'
				);
				for (const replaces of ['r1', 'theirs', 'nothing'])
					expect(await store.submitResponse(newResponse('r2'), rules({ replaces }))).toEqual({
						outcome: 'refused',
						reason: 'not-your-response'
					});
				expect(await store.getResponse('r2')).toBeNull();
				expect((await store.getResponse('r1'))?.status).toBe('pending');
			});

			it('withdraws a pupil’s earlier waiting reasons to the block when a new one comes', async () => {
				const reason = rules({ replacesEarlierReasons: true });
				await store.submitResponse(newResponse('r1', { question: 0 }), reason);
				await store.submitResponse(newResponse('r2', { question: 1 }), reason);
				await store.submitResponse(newResponse('shown', { question: 1 }), rules());
				await store.approveUnflagged('s1', 'b1');
				await store.submitResponse(newResponse('r3', { question: 1 }), reason);
				await store.updateResponse(
					{ ...(await store.getResponse('r3'))!, status: 'returned' },
					'pending'
				);
				await store.submitResponse(newResponse('theirs', { pupilKey: 'p2' }), reason);
				await store.submitResponse(newResponse('r4', { question: 0 }), reason);
				const statuses = Object.fromEntries(
					(await store.responses('s1')).map((each) => [each.id, each.status])
				);
				// Whatever position it was for: the newest reason is the one that counts.
				expect(statuses).toEqual({
					r1: 'withdrawn',
					r2: 'approved',
					shown: 'approved',
					r3: 'withdrawn',
					theirs: 'pending',
					r4: 'pending'
				});
			});

			it('lets a pupil keep only so many responses waiting, per block and per session', async () => {
				const limits = rules({ pendingPerBlock: 2, pendingPerSession: 3 });
				await store.submitResponse(newResponse('a1'), limits);
				await store.submitResponse(newResponse('a2'), limits);
				expect(await store.submitResponse(newResponse('a3'), limits)).toEqual({
					outcome: 'refused',
					reason: 'too-many-pending'
				});
				await store.submitResponse(newResponse('b1', { blockId: 'b2' }), limits);
				expect(await store.submitResponse(newResponse('c1', { blockId: 'b3' }), limits)).toEqual({
					outcome: 'refused',
					reason: 'too-many-pending'
				});
				// Another pupil has limits of their own; approved ones wait no more.
				expect(
					(await store.submitResponse(newResponse('p2', { pupilKey: 'p2' }), limits)).outcome
				).toBe('created');
				await store.approveUnflagged('s1', 'b1');
				expect((await store.submitResponse(newResponse('a4'), limits)).outcome).toBe('created');
			});

			it('leaves the earlier reasons waiting when the new one is refused', async () => {
				const limits = rules({ replacesEarlierReasons: true, pendingPerSession: 1 });
				await store.submitResponse(newResponse('elsewhere', { blockId: 'b2' }), rules());
				await store.submitResponse(newResponse('reason', { question: 0 }), rules());
				expect(await store.submitResponse(newResponse('new', { question: 1 }), limits)).toEqual({
					outcome: 'refused',
					reason: 'too-many-pending'
				});
				expect((await store.getResponse('reason'))?.status).toBe('pending');
				expect(await store.getResponse('new')).toBeNull();
			});

			it('rejects a response for a session that does not exist, or that is no JSON', async () => {
				await expect(
					store.submitResponse(newResponse('r1', { sessionId: 'nowhere' }), rules())
				).rejects.toThrow();
				await expect(
					store.submitResponse(
						newResponse('r2', { flags: [{ kind: 'x', match: 1n as unknown as string }] }),
						rules()
					)
				).rejects.toThrow(/JSON/);
				await expect(
					store.submitResponse(newResponse('r3', { status: 'shown' as 'pending' }), rules())
				).rejects.toThrow();
				expect(await store.responses('s1')).toEqual([]);
			});

			it('changes a response only while its status is what the change was made from', async () => {
				await store.submitResponse(newResponse('r1'), rules());
				const stored = (await store.getResponse('r1'))!;
				const returned = {
					...stored,
					status: 'returned' as const,
					returnPrompt: 'Kun je het anders zeggen?'
				};
				expect(await store.updateResponse(returned, 'pending')).toBe(true);
				expect(await store.getResponse('r1')).toEqual(returned);
				// The pupil withdrew it meanwhile: the teacher's approval finds it changed.
				const withdrawn = {
					...returned,
					status: 'withdrawn' as const,
					withdrawnFrom: 'pending' as const
				};
				expect(await store.updateResponse(withdrawn, 'returned')).toBe(true);
				expect(await store.updateResponse({ ...stored, status: 'approved' }, 'pending')).toBe(
					false
				);
				expect(await store.getResponse('r1')).toEqual(withdrawn);
				expect(await store.updateResponse({ ...stored, id: 'nothing' }, 'pending')).toBe(false);
				// What is never changed: text, writer, place in the order.
				await store.updateResponse(
					{ ...withdrawn, text: 'other', pupilKey: 'p9', sequence: 9 },
					'withdrawn'
				);
				expect(await store.getResponse('r1')).toMatchObject({
					text: 'Tekst r1',
					pupilKey: 'p1',
					sequence: 1
				});
			});

			it('pins one approved response per block at most', async () => {
				for (const id of ['r1', 'r2', 'r3'])
					await store.submitResponse(newResponse(id, { pupilKey: id }), rules());
				await store.submitResponse(newResponse('other', { blockId: 'b2' }), rules());
				expect(await store.pinResponse('r1', true)).toBe(false);
				await store.approveUnflagged('s1', 'b1');
				await store.approveUnflagged('s1', 'b2');
				expect(await store.pinResponse('r1', true)).toBe(true);
				expect(await store.pinResponse('other', true)).toBe(true);
				expect(await store.pinResponse('r2', true)).toBe(true);
				const pinned = async () =>
					(await store.responses('s1')).filter((each) => each.pinned).map((each) => each.id);
				expect(await pinned()).toEqual(['r2', 'other']);
				expect(await store.pinResponse('r2', false)).toBe(true);
				expect(await pinned()).toEqual(['other']);
				await store.updateResponse(
					{ ...(await store.getResponse('r3'))!, status: 'hidden' },
					'approved'
				);
				expect(await store.pinResponse('r3', true)).toBe(false);
				expect(await store.pinResponse('nothing', true)).toBe(false);
				expect(await pinned()).toEqual(['other']);
			});

			it('keeps one pin per block when a change pins through updateResponse', async () => {
				await store.submitResponse(newResponse('r1', { pupilKey: 'a' }), rules());
				await store.submitResponse(newResponse('r2', { pupilKey: 'b' }), rules());
				await store.approveUnflagged('s1', 'b1');
				await store.pinResponse('r1', true);
				const r2 = (await store.getResponse('r2'))!;
				expect(await store.updateResponse({ ...r2, pinned: true }, 'approved')).toBe(true);
				expect((await store.responses('s1')).map((each) => each.pinned)).toEqual([false, true]);
			});

			it('approves every waiting response of the block the filter did not hold', async () => {
				await store.submitResponse(newResponse('clean', { pupilKey: 'a' }), rules());
				await store.submitResponse(
					newResponse('held', { pupilKey: 'b', flags: [{ kind: 'slur', match: 'x' }] }),
					rules()
				);
				await store.submitResponse(newResponse('returned', { pupilKey: 'c' }), rules());
				await store.updateResponse(
					{
						...(await store.getResponse('returned'))!,
						status: 'returned',
						returnPrompt: 'Anders?'
					},
					'pending'
				);
				await store.submitResponse(newResponse('elsewhere', { blockId: 'b2' }), rules());
				expect(await store.approveUnflagged('s1', 'b1')).toBe(1);
				expect(await store.approveUnflagged('s1', 'b1')).toBe(0);
				const statuses = Object.fromEntries(
					(await store.responses('s1')).map((each) => [each.id, each.status])
				);
				expect(statuses).toEqual({
					clean: 'approved',
					held: 'pending',
					returned: 'returned',
					elsewhere: 'pending'
				});
			});

			it('counts each pupil’s vote once', async () => {
				await store.submitResponse(newResponse('r1'), rules());
				await store.submitResponse(newResponse('r2', { pupilKey: 'p2' }), rules());
				expect(await store.addVote('r1', 'p2')).toBe(true);
				expect(await store.addVote('r1', 'p2')).toBe(false);
				expect(await store.addVote('r1', 'p3')).toBe(true);
				expect(await store.addVote('r2', 'p3')).toBe(true);
				expect(await store.voteCounts('s1')).toEqual(
					new Map([
						['r1', 2],
						['r2', 1]
					])
				);
				expect(await store.votedBy('s1', 'p3')).toEqual(new Set(['r1', 'r2']));
				expect(await store.votedBy('s1', 'p1')).toEqual(new Set());
				await expect(store.addVote('nothing', 'p2')).rejects.toThrow();
			});
		});

		describe('atomic steps, with calls in flight at once', () => {
			beforeEach(async () => {
				await store.insertSession(session());
			});

			it('lets one of two changes from the same version win', async () => {
				const other = await another();
				const outcomes = await Promise.all([
					store.updateSession({ ...session(), step: 2 }),
					other.updateSession({ ...session(), locked: true })
				]);
				expect(outcomes.filter((outcome) => outcome !== null)).toHaveLength(1);
				expect((await other.getSession('s1'))?.version).toBe(2);
			});

			it('stores a burst of one pupil’s submissions up to the limit, and no further', async () => {
				const other = await another();
				const outcomes = await Promise.all(
					Array.from({ length: 20 }, (_, index) =>
						(index % 2 ? store : other).submitResponse(newResponse(`r${index}`), rules())
					)
				);
				expect(outcomes.filter((outcome) => outcome.outcome === 'created')).toHaveLength(5);
				expect(await store.responses('s1')).toHaveLength(5);
			});

			it('stores resends of one submission once', async () => {
				const other = await another();
				const outcomes = await Promise.all(
					Array.from({ length: 10 }, (_, index) =>
						(index % 2 ? store : other).submitResponse(
							newResponse(`attempt${index}`, { clientId: 'same' }),
							rules()
						)
					)
				);
				expect(outcomes.filter((outcome) => outcome.outcome === 'created')).toHaveLength(1);
				expect(
					new Set(outcomes.map((outcome) => 'response' in outcome && outcome.response.id)).size
				).toBe(1);
			});

			it('gives every response its own place in the order', async () => {
				const other = await another();
				await Promise.all(
					Array.from({ length: 20 }, (_, index) =>
						(index % 2 ? store : other).submitResponse(
							newResponse(`r${index}`, { pupilKey: `p${index}` }),
							rules()
						)
					)
				);
				const sequences = (await store.responses('s1')).map((each) => each.sequence);
				expect(sequences).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
			});

			it('pins one response when two pins race', async () => {
				const other = await another();
				for (const id of ['r1', 'r2'])
					await store.submitResponse(newResponse(id, { pupilKey: id }), rules());
				await store.approveUnflagged('s1', 'b1');
				await Promise.all([store.pinResponse('r1', true), other.pinResponse('r2', true)]);
				expect((await store.responses('s1')).filter((each) => each.pinned)).toHaveLength(1);
			});
		});

		describe("the teacher's own space", () => {
			const signIn = (secretKey: string, overrides: Partial<SignInRecord> = {}): SignInRecord => ({
				secretKey,
				teacherKey: 't1',
				coordinator: false,
				createdAt: 1000,
				expiresAt: 5000,
				...overrides
			});

			it('makes a teacher once, with no name until they choose one', async () => {
				const first = await store.teachers.ensureTeacher('t1', 1000);
				expect(first).toEqual({ key: 't1', displayName: null, createdAt: 1000 });
				expect(await store.teachers.ensureTeacher('t1', 2000)).toEqual(first);
				expect(await store.teachers.setDisplayName('t1', 'Juf Anna')).toBe(true);
				expect(await store.teachers.setDisplayName('nobody', 'X')).toBe(false);
				expect((await (await another()).teachers.getTeacher('t1'))?.displayName).toBe('Juf Anna');
				expect(await store.teachers.getTeacher('nobody')).toBeNull();
			});

			it('finds a sign-in by its secret until it expires, and signs out', async () => {
				await store.teachers.ensureTeacher('t1', 1000);
				await store.teachers.addSignIn(signIn('a', { coordinator: true }));
				await store.teachers.addSignIn(signIn('b'));
				expect(await store.teachers.signIn('a', 4999)).toEqual(signIn('a', { coordinator: true }));
				expect(await store.teachers.signIn('a', 5000)).toBeNull();
				expect(await store.teachers.signIn('unknown', 1000)).toBeNull();
				await store.teachers.deleteSignIn('a');
				expect(await store.teachers.signIn('a', 1000)).toBeNull();
				expect(await store.teachers.signIn('b', 1000)).not.toBeNull();
				await store.teachers.deleteSignInsOf('t1');
				expect(await store.teachers.signIn('b', 1000)).toBeNull();
			});

			it('keeps one secret link per teacher: a new one revokes the old', async () => {
				await store.teachers.ensureTeacher('t1', 1000);
				expect(await store.teachers.hasLink('t1')).toBe(false);
				await store.teachers.setLink('t1', 'link-1', 1000);
				expect((await store.teachers.teacherByLink('link-1'))?.key).toBe('t1');
				await store.teachers.setLink('t1', 'link-2', 2000);
				expect(await store.teachers.teacherByLink('link-1')).toBeNull();
				expect((await store.teachers.teacherByLink('link-2'))?.key).toBe('t1');
				await store.teachers.deleteLink('t1');
				expect(await store.teachers.teacherByLink('link-2')).toBeNull();
				expect(await store.teachers.hasLink('t1')).toBe(false);
			});

			it("keeps a teacher's classes by name, unique per teacher, and only theirs to change", async () => {
				await store.teachers.ensureTeacher('t1', 1000);
				await store.teachers.ensureTeacher('t2', 1000);
				const record = { id: 'c1', teacherKey: 't1', name: '3B', createdAt: 1000 };
				expect(await store.teachers.addClass(record)).toBe(true);
				expect(await store.teachers.addClass({ ...record, id: 'c2' })).toBe(false);
				expect(await store.teachers.addClass({ ...record, id: 'c3', teacherKey: 't2' })).toBe(true);
				expect(await store.teachers.addClass({ ...record, id: 'c4', name: '2A' })).toBe(true);
				expect((await store.teachers.classesOf('t1')).map((each) => each.name)).toEqual([
					'2A',
					'3B'
				]);
				expect(await store.teachers.renameClass('c1', 't2', 'X')).toBe(false);
				expect(await store.teachers.renameClass('c1', 't1', '2A')).toBe(false);
				expect(await store.teachers.renameClass('c1', 't1', '3C')).toBe(true);
				expect(await store.teachers.deleteClass('c1', 't2')).toBe(false);
				expect(await store.teachers.deleteClass('c1', 't1')).toBe(true);
				expect((await store.teachers.classesOf('t1')).map((each) => each.id)).toEqual(['c4']);
			});

			it("lists a teacher's sessions newest first with the pupils who joined, and a claim sticks", async () => {
				await store.teachers.ensureTeacher('t1', 1000);
				await store.insertSession(session({ id: 's1', teacherKey: 't1', classId: 'c1' }));
				await store.insertSession(session({ id: 's2', joinCode: '222222', createdAt: 3000 }));
				await store.insertSession(session({ id: 's3', joinCode: '333333', teacherKey: null }));
				await store.countJoin('s1');
				await store.countJoin('s1');
				expect(await store.pupilsJoined('s1')).toBe(2);
				expect(await store.pupilsJoined('nothing')).toBe(0);
				const claimed = await store.updateSession({
					...(await store.getSession('s2'))!,
					teacherKey: 't1',
					countsInOverview: true
				});
				expect(claimed).toMatchObject({ teacherKey: 't1', countsInOverview: true, version: 2 });
				const listed = await (await another()).teachers.sessionsOf('t1');
				expect(listed.map(({ session, pupilsJoined }) => [session.id, pupilsJoined])).toEqual([
					['s2', 0],
					['s1', 2]
				]);
				expect(listed[1].session).toMatchObject({ teacherKey: 't1', classId: 'c1' });
			});

			it('forgets a teacher with their sign-ins, link and classes; their sessions run on', async () => {
				await store.teachers.ensureTeacher('t1', 1000);
				await store.teachers.addSignIn(signIn('a'));
				await store.teachers.setLink('t1', 'link-1', 1000);
				await store.teachers.addClass({ id: 'c1', teacherKey: 't1', name: '3B', createdAt: 1 });
				await store.insertSession(session({ teacherKey: 't1' }));
				expect(await store.getSession('s1')).toMatchObject({ teacherKey: 't1' });
				expect(await store.teachers.deleteTeacher('t1')).toBe(true);
				expect(await store.teachers.deleteTeacher('t1')).toBe(false);
				expect(await store.teachers.signIn('a', 1000)).toBeNull();
				expect(await store.teachers.teacherByLink('link-1')).toBeNull();
				expect(await store.teachers.classesOf('t1')).toEqual([]);
				expect(await store.getSession('s1')).toMatchObject({ teacherKey: null, status: 'live' });
			});
		});

		describe('runs kept past retention', () => {
			const run = (sessionId: string, overrides: Partial<RunRecord> = {}): RunRecord => ({
				sessionId,
				teacherKey: 't1',
				classId: 'c1',
				lessonSlug: 'voorbereiding',
				ranAt: 1000,
				pupilsJoined: 25,
				countsInOverview: true,
				blocks: [{ blockId: 'b1', counts: [1, 2, 3, 4, 5, 6] }],
				...overrides
			});

			it('keeps a run after its session is deleted, and replaces it when saved again', async () => {
				await store.insertSession(session());
				await store.runs.saveRun(run('s1'));
				await store.deleteExpiredSessions(20_000);
				expect(await store.getSession('s1')).toBeNull();
				expect(await (await another()).runs.runOf('s1')).toEqual(run('s1'));
				await store.runs.saveRun(run('s1', { pupilsJoined: 26, blocks: [] }));
				expect(await store.runs.runOf('s1')).toEqual(run('s1', { pupilsJoined: 26, blocks: [] }));
				expect(await store.runs.setRunCounted('s1', false)).toBe(true);
				expect(await store.runs.setRunCounted('none', false)).toBe(false);
				expect((await store.runs.runOf('s1'))?.countsInOverview).toBe(false);
				await store.runs.deleteRun('s1');
				expect(await store.runs.runOf('s1')).toBeNull();
			});

			it("gives a class's runs newest first, of the lessons asked for", async () => {
				await store.runs.saveRun(run('s1', { ranAt: 1000 }));
				await store.runs.saveRun(run('s2', { ranAt: 3000, lessonSlug: 'nagesprek' }));
				await store.runs.saveRun(run('s3', { ranAt: 2000, classId: 'c2' }));
				expect((await store.runs.runsOfClass('c1')).map((each) => each.sessionId)).toEqual([
					's2',
					's1'
				]);
				const prepared = await store.runs.runsOfClass('c1', ['voorbereiding']);
				expect(prepared.map((each) => each.sessionId)).toEqual(['s1']);
			});

			it('gives only counted runs of the lessons, in the period', async () => {
				await store.runs.saveRun(run('s1', { ranAt: 1000 }));
				await store.runs.saveRun(run('s2', { ranAt: 2000, countsInOverview: false }));
				await store.runs.saveRun(run('s3', { ranAt: 3000, lessonSlug: 'other' }));
				await store.runs.saveRun(run('s4', { ranAt: 4000 }));
				const counted = await store.runs.countedRuns(['voorbereiding', 'other'], 1000, 4000);
				expect(counted.map((each) => each.sessionId)).toEqual(['s1', 's3']);
				expect(await store.runs.countedRuns([], 0, 10_000)).toEqual([]);
			});
		});

		it('closes without complaint, and twice', async () => {
			await store.close();
			await expect(store.close()).resolves.toBeUndefined();
			store = await underTest.reopen();
		});
	});
}
