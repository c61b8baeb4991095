// Several processes on one PostgreSQL at once: each Store here has a pool of its own, so to the
// database they are separate processes. The atomic steps must hold however their calls interleave.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PostgresStore } from '../../src/lib/server/store/postgres.ts';
import type { SessionRecord, Store } from '../../src/lib/server/store/store.ts';
import {
	createTestSchema,
	skippedBecause,
	testDatabaseUrl,
	type TestSchema
} from './postgres-schema.ts';
import { answer, newResponse, rules, sessionRecord as session } from './records.ts';

/** A teacher's change as the domain makes it: read, decide, store onto that version, else again. */
async function change(store: Store, id: string, decide: (session: SessionRecord) => SessionRecord) {
	for (let attempt = 0; attempt < 100; attempt += 1) {
		const current = (await store.getSession(id))!;
		if (await store.updateSession(decide(current))) return attempt;
	}
	throw new Error('no change stored in 100 attempts');
}

if (!testDatabaseUrl) {
	console.warn(`PostgreSQL concurrency tests ${skippedBecause}`);
	describe.skip(`PostgreSQL store under concurrency (${skippedBecause})`, () => {
		it('holds its guarantees with several processes at once', () => {});
	});
} else {
	describe('PostgreSQL store under concurrency, three processes', () => {
		let schema: TestSchema;
		let stores: PostgresStore[];
		/** The nth call goes to the nth process, round the three. */
		const on = (index: number) => stores[index % stores.length];

		beforeEach(async () => {
			schema = await createTestSchema();
			stores = [];
			// One at a time, so the first migrates; the start-up race has its own test.
			for (let index = 0; index < 3; index += 1)
				stores.push(await schema.open({ maxConnections: 8 }));
			await stores[0].insertSession(session());
			// Every connection open beforehand, so the calls of a test truly overlap.
			await Promise.all(
				stores.flatMap((store) => Array.from({ length: 8 }, () => store.getSession('s1')))
			);
		});

		afterEach(async () => {
			for (const store of stores) await store.close();
			await schema.drop();
		});

		it('loses neither of two teacher devices’ changes to one session', async () => {
			const rounds = 15;
			const device = async (store: Store, decide: (current: SessionRecord) => SessionRecord) => {
				let retries = 0;
				for (let round = 0; round < rounds; round += 1)
					retries += await change(store, 's1', decide);
				return retries;
			};
			const retries = await Promise.all([
				device(stores[0], (current) => ({ ...current, step: current.step + 1 })),
				device(stores[1], (current) => ({
					...current,
					revealed: [...current.revealed, `b${current.revealed.length}`]
				}))
			]);
			const final = (await stores[2].getSession('s1'))!;
			expect(final.step).toBe(1 + rounds);
			expect(final.revealed).toHaveLength(rounds);
			expect(final.version).toBe(1 + 2 * rounds);
			// Not a test that cannot fail: the devices did collide, and retried.
			expect(retries[0] + retries[1]).toBeGreaterThan(0);
		});

		it('stores exactly five of twenty submissions one pupil sends at once', async () => {
			const outcomes = await Promise.all(
				Array.from({ length: 20 }, (_, index) =>
					on(index).submitResponse(newResponse(`r${index}`), rules())
				)
			);
			expect(outcomes.filter((outcome) => outcome.outcome === 'created')).toHaveLength(5);
			expect(outcomes.filter((outcome) => outcome.outcome === 'refused')).toHaveLength(15);
			const pending = (await stores[0].responses('s1')).filter((each) => each.status === 'pending');
			expect(pending).toHaveLength(5);
		});

		it('keeps one open response when a pupil sends two different ones at once', async () => {
			const outcomes = await Promise.all(
				Array.from({ length: 6 }, (_, index) =>
					on(index).submitResponse(newResponse(`r${index}`), rules({ oneOpenResponse: true }))
				)
			);
			expect(outcomes.filter((outcome) => outcome.outcome === 'created')).toHaveLength(1);
			expect(await stores[1].responses('s1')).toHaveLength(1);
		});

		it('stores resends of one client id once, and tells every resend the same response', async () => {
			const outcomes = await Promise.all(
				Array.from({ length: 12 }, (_, index) =>
					on(index).submitResponse(newResponse(`attempt${index}`, { clientId: 'phone-1' }), rules())
				)
			);
			expect(outcomes.filter((outcome) => outcome.outcome === 'created')).toHaveLength(1);
			expect(outcomes.filter((outcome) => outcome.outcome === 'resent')).toHaveLength(11);
			const ids = new Set(
				outcomes.map((outcome) => ('response' in outcome ? outcome.response.id : null))
			);
			expect(ids.size).toBe(1);
			expect(await stores[0].responses('s1')).toHaveLength(1);
		});

		it('gives sixty pupils writing at once sixty different places in the order', async () => {
			await Promise.all(
				Array.from({ length: 60 }, (_, index) =>
					on(index).submitResponse(newResponse(`r${index}`, { pupilKey: `p${index}` }), rules())
				)
			);
			const sequences = (await stores[0].responses('s1')).map((each) => each.sequence);
			expect(sequences).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
		});

		it('pins one response when pins race, round after round', async () => {
			for (const id of ['r0', 'r1', 'r2'])
				await stores[0].submitResponse(newResponse(id, { pupilKey: id }), rules());
			await stores[0].approveUnflagged('s1', 'b1');
			for (let round = 0; round < 10; round += 1) {
				const results = await Promise.all(
					[0, 1, 2].map((index) => on(index + round).pinResponse(`r${index}`, true))
				);
				expect(results).toEqual([true, true, true]);
				const pinned = (await stores[0].responses('s1')).filter((each) => each.pinned);
				expect(pinned).toHaveLength(1);
			}
		});

		it('gives a join code to one of the sessions started with it at once', async () => {
			const outcomes = await Promise.all(
				Array.from({ length: 9 }, (_, index) =>
					on(index).insertSession(session({ id: `new${index}`, joinCode: '777777' }))
				)
			);
			expect(outcomes.filter(Boolean)).toHaveLength(1);
			const live = (await stores[0].liveSessions()).filter((each) => each.joinCode === '777777');
			expect(live).toHaveLength(1);
		});

		it('keeps one answer of a pupil answering from several tabs at once, and counts each move', async () => {
			const writes = Array.from({ length: 30 }, (_, index) =>
				on(index).writeAnswers([
					answer('p1', `corner${index % 4}`, { position: index % 4, at: 2000 + index })
				])
			);
			const results = (await Promise.all(writes)).flat();
			const changed = results.filter((result) => result.stored && result.changed).length;
			const rows = await schema.admin<{ count: number }>(
				`SELECT count(*)::int AS count FROM ${schema.name}.answers WHERE pupil_key = 'p1'`
			);
			expect(rows[0].count).toBe(1);
			const tally = await stores[0].blockTally('s1', 'b1');
			// Every change but the first moved the pupil from the corner the one before left them in.
			const moves = tally.moves.reduce((sum, move) => sum + move.count, 0);
			expect(moves).toBe(changed - 1);
			expect(tally.revision).toBe(changed);
		});

		it('shows results whose revision only grows, and never older answers under a newer revision', async () => {
			let writing = true;
			const reads: { revision: number; answers: number }[] = [];
			const reader = (async () => {
				while (writing) {
					const tally = await stores[2].blockTally('s1', 'b1');
					reads.push({ revision: tally.revision, answers: tally.answers.length });
				}
			})();
			await Promise.all(
				[0, 1].map(async (process) => {
					for (let index = 0; index < 30; index += 1)
						await stores[process].writeAnswers([answer(`p${process}-${index}`, index)]);
				})
			);
			writing = false;
			await reader;
			const final = await stores[2].blockTally('s1', 'b1');
			expect(final).toMatchObject({ revision: 60 });
			expect(final.answers).toHaveLength(60);
			expect(reads.length).toBeGreaterThan(1);
			for (let index = 1; index < reads.length; index += 1) {
				expect(reads[index].revision).toBeGreaterThanOrEqual(reads[index - 1].revision);
				// Each write adds one pupil: the revision is the number of answers, read at one moment.
				expect(reads[index].answers).toBe(reads[index].revision);
			}
		});

		it('keeps every answer it acknowledged while another process closes the block', async () => {
			const writes = Array.from({ length: 40 }, (_, index) =>
				on(index).writeAnswers([answer(`p${index}`, index)])
			);
			const closing = change(stores[2], 's1', (current) => ({ ...current, openBlockId: null }));
			const [results] = await Promise.all([Promise.all(writes), closing]);
			const acknowledged = results
				.flat()
				.map((result, index) => ({ result, pupil: `p${index}` }))
				.filter(({ result }) => result.stored)
				.map(({ pupil }) => pupil);
			const stored = await schema.admin<{ pupil_key: string }>(
				`SELECT pupil_key FROM ${schema.name}.answers`
			);
			expect(stored.map((row) => row.pupil_key).toSorted()).toEqual(acknowledged.toSorted());
			expect(await stores[0].writeAnswers([answer('late', 1)])).toEqual([
				{ stored: false, refused: 'block-not-open' }
			]);
		});

		it('deletes an expiring session once, whichever processes sweep at the same moment', async () => {
			await stores[0].insertSession(session({ id: 'old', joinCode: '111111', expiresAt: 100 }));
			const swept = await Promise.all(stores.map((store) => store.deleteExpiredSessions(200)));
			expect(swept.flat().map((each) => each.id)).toEqual(['old']);
		});
	});
}
