// Before and after across the lessons of a programme: a stelling of the follow-up shows, beside
// its own answers, what the same class answered in the preparation lesson, from the run kept
// when that session ended. Only for that class, only from before, never invented.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lesson } from '../../../src/lib/lessons/model.ts';
import { parseLesson } from '../../../src/lib/lessons/parse.ts';
import { Sessions, type Outcome } from '../../../src/lib/server/sessions.ts';
import { SqliteStore } from '../../../src/lib/server/store/sqlite.ts';
import type { RunRecord, SessionRecord } from '../../../src/lib/server/store/store.ts';

const read = (slug: string) =>
	parseLesson(
		readFileSync(new URL(`../../fixtures/programme/${slug}.md`, import.meta.url), 'utf8'),
		slug
	).lesson as Lesson;
const lessons = new Map([
	['plein-voor', read('plein-voor')],
	['plein-na', read('plein-na')]
]);

let directory: string;
let store: SqliteStore;
let sessions: Sessions;
let clock: number;

function value<T>(outcome: Outcome<T>): T {
	if (!outcome.ok) throw new Error(`expected success, got ${outcome.error}`);
	return outcome.value;
}

beforeEach(async () => {
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-across-'));
	store = new SqliteStore(join(directory, 'store.sqlite'));
	clock = new Date(2026, 2, 12, 9, 0).getTime();
	sessions = new Sessions({
		store,
		findLesson: (slug) => lessons.get(slug),
		retentionDays: 30,
		now: () => clock
	});
	await store.teachers.ensureTeacher('docent-a', clock);
	await store.teachers.ensureTeacher('docent-b', clock);
});
afterEach(async () => {
	await store.close();
	rmSync(directory, { recursive: true, force: true });
});

const start = async (slug: string, teacherKey: string | null, classId: string | null) =>
	value(await sessions.start(slug, { teacherKey, classId })).session;

/** The class answers the preparation's stelling (one value per pupil) and the session ends. */
async function preparation(classId: string, values: number[], teacherKey = 'docent-a') {
	let session = await start('plein-voor', teacherKey, classId);
	session = value(await sessions.openBlock(session.id, 'plein'));
	for (const answer of values) {
		const { session: joined, pupilToken } = value(await sessions.join(session.joinCode));
		const { pupilKey } = value(await sessions.asPupil(joined.id, pupilToken));
		value(
			await sessions.answer(session.id, pupilKey, 'plein', {
				kind: 'scale',
				value: answer,
				reason: 'omdat het zo is'
			})
		);
	}
	value(await sessions.end(session.id));
	clock += 24 * 60 * 60 * 1000;
	return session;
}

const revealed = async (session: SessionRecord, blockId: string) =>
	value(await sessions.setRevealed(session.id, blockId, true));

describe('a stelling compared with an earlier lesson of the programme', () => {
	it('shows the class’s earlier result beside today’s, dated, to the teacher and the board', async () => {
		const voor = await preparation('klas-3b', [2, 2, 2, 4, 5]);
		const na = await revealed(await start('plein-na', 'docent-a', 'klas-3b'), 'plein-na');
		const results = (await sessions.resultsForBoardAndHost(na, 'plein-na'))!;
		for (const view of [results.host, results.board]) {
			expect(view.before).toMatchObject({
				answered: 5,
				passes: 0,
				withheld: null,
				distribution: { kind: 'scale', counts: [0, 0, 3, 0, 1, 1], average: 3 }
			});
			expect(view.beforeFrom).toEqual({
				lessonSlug: 'plein-voor',
				lessonTitle: 'Het Plein: voorbereiding',
				phase: 'voorbereiding',
				part: null,
				ranAt: voor.createdAt
			});
		}
		// The earlier reasons were never kept, so neither view has them.
		expect(JSON.stringify(results)).not.toContain('omdat het zo is');
	});

	it('shows nothing for another class, for no class, or for a session without a teacher', async () => {
		await preparation('klas-3b', [2, 2, 2, 4, 5]);
		for (const [teacherKey, classId] of [
			['docent-a', 'klas-4c'],
			['docent-a', null],
			[null, null]
		] as const) {
			const na = await revealed(await start('plein-na', teacherKey, classId), 'plein-na');
			const results = (await sessions.resultsForBoardAndHost(na, 'plein-na'))!;
			expect(results.host.before).toBeUndefined();
			expect(results.board.before).toBeUndefined();
			expect(results.host.beforeFrom).toBeUndefined();
		}
	});

	it('takes the newest earlier run of the class, and never one that started after', async () => {
		await preparation('klas-3b', [1, 1, 1, 1, 1]);
		const newest = await preparation('klas-3b', [5, 5, 5, 5, 5]);
		const na = await revealed(await start('plein-na', 'docent-a', 'klas-3b'), 'plein-na');
		// The class does the preparation again after the follow-up started: not its 'before'.
		clock += 60_000;
		await preparation('klas-3b', [3, 3, 3, 3, 3]);
		const { host } = (await sessions.resultsForBoardAndHost(na, 'plein-na'))!;
		expect(host.before?.distribution).toMatchObject({ counts: [0, 0, 0, 0, 0, 5] });
		expect(host.beforeFrom?.ranAt).toBe(newest.createdAt);
	});

	it('keeps the minimum for the earlier result: too few answers then, nothing shown now', async () => {
		await preparation('klas-3b', [2, 4, 5]);
		const na = await revealed(await start('plein-na', 'docent-a', 'klas-3b'), 'plein-na');
		const { host, board } = (await sessions.resultsForBoardAndHost(na, 'plein-na'))!;
		for (const view of [host, board])
			expect(view.before).toMatchObject({ answered: 3, withheld: 'too-few', distribution: null });
		expect(JSON.stringify(board)).not.toMatch(/"counts":\[0,0,1/);
	});

	it('reaches the board only when today’s result does', async () => {
		await preparation('klas-3b', [2, 2, 2, 4, 5]);
		const na = await start('plein-na', 'docent-a', 'klas-3b');
		const hidden = (await sessions.resultsForBoardAndHost(na, 'plein-na'))!;
		expect(hidden.board.before).toMatchObject({ withheld: 'not-revealed', distribution: null });
		expect(hidden.host.before?.distribution).toMatchObject({ counts: [0, 0, 3, 0, 1, 1] });
	});

	it('shows nothing when the kept counts no longer fit the earlier block', async () => {
		const voor = await preparation('klas-3b', [2, 2, 2, 4, 5]);
		const run = (await store.runs.runOf(voor.id)) as RunRecord;
		await store.runs.saveRun({
			...run,
			blocks: [{ blockId: 'plein', counts: [1, 2, 3], answered: 6, passes: 0 }]
		});
		const na = await revealed(await start('plein-na', 'docent-a', 'klas-3b'), 'plein-na');
		expect((await sessions.resultsForBoardAndHost(na, 'plein-na'))!.host.before).toBeUndefined();
	});

	it('never reads another teacher’s run, even under the same class id', async () => {
		await preparation('klas-3b', [2, 2, 2, 4, 5], 'docent-b');
		const na = await revealed(await start('plein-na', 'docent-a', 'klas-3b'), 'plein-na');
		expect((await sessions.resultsForBoardAndHost(na, 'plein-na'))!.host.before).toBeUndefined();
	});

	it('shows nothing once the teacher deleted the earlier session', async () => {
		const voor = await preparation('klas-3b', [2, 2, 2, 4, 5]);
		expect(await sessions.delete(voor.id)).toBe(true);
		const na = await revealed(await start('plein-na', 'docent-a', 'klas-3b'), 'plein-na');
		expect((await sessions.resultsForBoardAndHost(na, 'plein-na'))!.host.before).toBeUndefined();
	});
});
