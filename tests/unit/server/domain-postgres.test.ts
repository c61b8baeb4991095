// The domain on PostgreSQL with two processes at once (two stores, two pools), as in region
// mode: teacher devices on different nodes steer one session, pupils answer and write on both.
// Skipped, saying why, when TEST_DATABASE_URL is not set.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseFilter } from '../../../src/lib/server/moderation/filter.ts';
import { Moderation } from '../../../src/lib/server/moderation/moderation.ts';
import { blocksOf, Sessions, type Outcome } from '../../../src/lib/server/sessions.ts';
import type { PostgresStore } from '../../../src/lib/server/store/postgres.ts';
import {
	createTestSchema,
	skippedBecause,
	testDatabaseUrl,
	type TestSchema
} from '../../store/postgres-schema.ts';
import { allBlocksLesson } from '../../fixtures/all-blocks.ts';

const lesson = allBlocksLesson;

function value<T>(outcome: Outcome<T> | { ok: true; value: T } | { ok: false; error: string }): T {
	if (!outcome.ok) throw new Error(`expected success, got ${outcome.error}`);
	return outcome.value;
}

if (!testDatabaseUrl) console.warn(`Domain on PostgreSQL: ${skippedBecause}`);
const suite = testDatabaseUrl ? describe : describe.skip;

suite(
	testDatabaseUrl
		? 'the domain on PostgreSQL, two processes'
		: `the domain on PostgreSQL (${skippedBecause})`,
	() => {
		let schema: TestSchema;
		let stores: PostgresStore[];
		let nodes: { sessions: Sessions; moderation: Moderation }[];

		beforeAll(async () => {
			schema = await createTestSchema();
			stores = [await schema.open(), await schema.open()];
			nodes = stores.map((store) => {
				const sessions = new Sessions({ store, findLesson: () => lesson, retentionDays: 30 });
				const filter = new ResponseFilter();
				return { sessions, moderation: new Moderation({ store, sessions, filter }) };
			});
		});
		afterAll(async () => {
			await Promise.all(stores.map((store) => store.close()));
			await schema.drop();
		});

		it('loses no teacher change when two nodes steer one session at the same moment', async () => {
			const [a, b] = nodes;
			const { session } = value(await a.sessions.start('alle-blokken'));
			const blocks = blocksOf(lesson).map(({ block }) => block.id);
			// Every block revealed, half through each node, all at once.
			const outcomes = await Promise.all(
				blocks.map((blockId, index) =>
					(index % 2 === 0 ? a : b).sessions.setRevealed(session.id, blockId, true)
				)
			);
			expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
			const stored = (await b.sessions.getSession(session.id))!;
			expect([...stored.revealed].sort()).toEqual([...blocks].sort());
			expect(stored.version).toBe(1 + blocks.length);
		});

		it('lets the owner steer from another node, until their space is deleted on either', async () => {
			const [a, b] = nodes;
			const owner = 'c'.repeat(64);
			await stores[0].teachers.ensureTeacher(owner, Date.now());
			const { session, hostSecret } = value(await a.sessions.start('alle-blokken'));
			value(await a.sessions.claim(session.id, hostSecret, owner));
			const claimed = (await b.sessions.getSession(session.id))!;
			const ownerSecret = b.sessions.ownerSecret(claimed)!;
			expect(value(await b.sessions.asHost(session.id, ownerSecret)).teacherKey).toBe(owner);
			expect(value(await b.sessions.goToStep(session.id, 2)).step).toBe(2);
			await stores[0].teachers.deleteTeacher(owner);
			for (const node of [a, b])
				expect(await node.sessions.asHost(session.id, ownerSecret)).toEqual({
					ok: false,
					error: 'not-host'
				});
			expect(value(await b.sessions.asHost(session.id, hostSecret)).teacherKey).toBeNull();
		});

		it('counts each pupil once, whichever node their answers reach', async () => {
			const [a, b] = nodes;
			const { session } = value(await a.sessions.start('alle-blokken'));
			value(await a.sessions.openBlock(session.id, 'voor'));
			const keys = await Promise.all(
				Array.from({ length: 12 }, async () => {
					const { pupilToken } = value(await b.sessions.join(session.joinCode));
					return value(await a.sessions.asPupil(session.id, pupilToken)).pupilKey;
				})
			);
			// Each pupil's phone sends three changes of mind, spread over both nodes.
			await Promise.all(
				keys.flatMap((key) =>
					[1, 2, 3].map((scale, index) =>
						(index % 2 === 0 ? a : b).sessions.answer(session.id, key, 'voor', {
							kind: 'scale',
							value: scale
						})
					)
				)
			);
			const results = (await b.sessions.results(session, 'voor', true))!;
			expect(results.answered).toBe(12);
		});

		it('refuses an answer on one node once the other closed the block', async () => {
			const [a, b] = nodes;
			const { session } = value(await a.sessions.start('alle-blokken'));
			value(await a.sessions.openBlock(session.id, 'voor'));
			const { pupilToken } = value(await b.sessions.join(session.joinCode));
			const key = value(await b.sessions.asPupil(session.id, pupilToken)).pupilKey;
			value(await a.sessions.closeBlock(session.id));
			expect(await b.sessions.answer(session.id, key, 'voor', { kind: 'scale', value: 2 })).toEqual(
				{ ok: false, error: 'block-not-open' }
			);
		});

		it('lets a pupil wait with at most five responses, however many tabs on both nodes', async () => {
			const [a, b] = nodes;
			const { session } = value(await a.sessions.start('alle-blokken'));
			const opened = value(await a.sessions.openBlock(session.id, 'stil'));
			const { pupilToken } = value(await a.sessions.join(session.joinCode));
			const key = value(await a.sessions.asPupil(session.id, pupilToken)).pupilKey;
			const outcomes = await Promise.all(
				Array.from({ length: 20 }, (_, index) =>
					(index % 2 === 0 ? a : b).moderation.submit(opened, key, {
						blockId: 'stil',
						text: `reactie ${index}`,
						clientId: `tab-${index}`
					})
				)
			);
			expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(5);
			expect(await a.moderation.queue(opened, 'stil')).toHaveLength(5);
		});
	}
);
