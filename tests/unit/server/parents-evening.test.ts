import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lesson } from '../../../src/lib/lessons/model.ts';
import type { Audience } from '../../../src/lib/lessons/vocabulary.ts';
import { Sessions } from '../../../src/lib/server/sessions.ts';
import { SqliteStore } from '../../../src/lib/server/store/sqlite.ts';
import { allBlocksLesson } from '../../fixtures/all-blocks.ts';

// A lesson for parents and carers tells every screen so: the phones then speak to parents, and
// their exit screen says where a parent goes with a worry. A training for professionals keeps the
// pupils' wording, so that teachers try out what their pupils will see.

const lessonFor = (audience: Audience[]): Lesson => ({
	...allBlocksLesson,
	slug: audience.join('-'),
	meta: { ...allBlocksLesson.meta, audience }
});
const lessons = [
	lessonFor(['vo-onderbouw']),
	lessonFor(['ouders']),
	lessonFor(['professionals']),
	lessonFor(['ouders', 'professionals']),
	lessonFor(['ouders', 'vo-bovenbouw'])
];

let directory: string;
let store: SqliteStore;
let sessions: Sessions;

beforeEach(() => {
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-parents-'));
	store = new SqliteStore(join(directory, 'store.sqlite'));
	sessions = new Sessions({
		store,
		findLesson: (slug) => lessons.find((lesson) => lesson.slug === slug),
		retentionDays: 30
	});
});
afterEach(async () => {
	await store.close();
	rmSync(directory, { recursive: true, force: true });
});

async function viewOf(slug: string) {
	const started = await sessions.start(slug);
	if (!started.ok) throw new Error(started.error);
	return sessions.view(started.value.session);
}

describe('a parents’ evening', () => {
	it('tells the screens that it speaks to parents', async () => {
		expect((await viewOf('ouders')).parents).toBe(true);
		expect((await viewOf('ouders-professionals')).parents).toBe(true);
	});

	it('speaks to pupils as soon as one of its audiences are pupils', async () => {
		expect((await viewOf('vo-onderbouw')).parents).toBe(false);
		expect((await viewOf('ouders-vo-bovenbouw')).parents).toBe(false);
	});

	it('is not what a training is: professionals see what their pupils will see', async () => {
		expect((await viewOf('professionals')).parents).toBe(false);
	});
});
