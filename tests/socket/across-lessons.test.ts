// Over real sockets: a board of a follow-up lesson receives the class's earlier counts from the
// preparation lesson, and a board of the same lesson started for another class receives none.

import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lesson } from '../../src/lib/lessons/model.ts';
import { parseLesson } from '../../src/lib/lessons/parse.ts';
import type { ControlSnapshot, LiveResults, PupilSnapshot } from '../../src/lib/protocol.ts';
import { ask, data, TestServer, wait } from './harness.ts';

const read = (slug: string) =>
	parseLesson(
		readFileSync(new URL(`../fixtures/programme/${slug}.md`, import.meta.url), 'utf8'),
		slug
	).lesson as Lesson;

let server: TestServer;

beforeEach(async () => {
	server = new TestServer({ lessons: [read('plein-voor'), read('plein-na')] });
	await server.start();
	await server.store.teachers.ensureTeacher('docent-a', Date.now());
});
afterEach(async () => {
	await server.dispose();
});

type Started = Awaited<ReturnType<TestServer['startSession']>>;

async function attach(session: Started, role: 'host' | 'board') {
	const socket = await server.client();
	const snapshot = await data<ControlSnapshot>(
		role === 'host'
			? ask(socket, 'host:attach', { sessionId: session.sessionId, hostSecret: session.hostSecret })
			: ask(socket, 'board:attach', {
					sessionId: session.sessionId,
					boardSecret: session.boardSecret
				})
	);
	return { socket, snapshot };
}

async function answers(session: Started, blockId: string, values: number[]) {
	for (const value of values) {
		const socket = await server.client();
		const credentials = await data<{ sessionId: string; token: string }>(
			ask(socket, 'pupil:join', { code: session.joinCode })
		);
		await data<PupilSnapshot>(ask(socket, 'pupil:resume', credentials));
		await data(ask(socket, 'answer:submit', { blockId, value: { kind: 'scale', value } }));
	}
}

describe('a board comparing with an earlier lesson of the programme', () => {
	it('receives the earlier counts only when started for the class that did that lesson', async () => {
		const voor = await server.startSession('plein-voor', { teacherKey: 'docent-a', classId: '3b' });
		const teacher = await attach(voor, 'host');
		await data(ask(teacher.socket, 'block:open', { blockId: 'plein' }));
		await answers(voor, 'plein', [1, 2, 2, 4, 5]);
		await data(ask(teacher.socket, 'session:end', {}));

		const forThreeB = await server.startSession('plein-na', {
			teacherKey: 'docent-a',
			classId: '3b'
		});
		const forFourC = await server.startSession('plein-na', {
			teacherKey: 'docent-a',
			classId: '4c'
		});
		const boards = await Promise.all([attach(forThreeB, 'board'), attach(forFourC, 'board')]);
		const updates: LiveResults[][] = [[], []];
		boards.forEach(({ socket }, index) =>
			socket.on('results:update', (results) => updates[index].push(results))
		);
		for (const [index, session] of [forThreeB, forFourC].entries()) {
			const host = await attach(session, 'host');
			await data(ask(host.socket, 'block:open', { blockId: 'plein-na' }));
			await answers(session, 'plein-na', [4, 4, 5, 5, 5]);
			await data(ask(host.socket, 'block:reveal', { blockId: 'plein-na', revealed: true }));
			await wait(300);
			expect(updates[index].at(-1)).toMatchObject({ blockId: 'plein-na', answered: 5 });
		}

		expect(updates[0].at(-1)).toMatchObject({
			distribution: { counts: [0, 0, 0, 0, 2, 3] },
			before: { answered: 5, distribution: { counts: [0, 1, 2, 0, 1, 1] } },
			beforeFrom: { lessonSlug: 'plein-voor', phase: 'voorbereiding' }
		});
		// The other class's board never received a count of 3B's.
		for (const results of updates[1]) {
			expect(results.before).toBeUndefined();
			expect(results.beforeFrom).toBeUndefined();
		}
		// A board attached later gets the comparison in its snapshot too.
		const late = await attach(forThreeB, 'board');
		expect(late.snapshot.results['plein-na']?.before?.distribution).toMatchObject({
			counts: [0, 1, 2, 0, 1, 1]
		});
		expect((await attach(forFourC, 'board')).snapshot.results['plein-na']?.before).toBeUndefined();
	});
});
