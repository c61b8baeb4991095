import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sessions, type Outcome } from '../../../src/lib/server/sessions.ts';
import { Render } from '../../../src/lib/server/realtime/render.ts';
import { SqliteStore } from '../../../src/lib/server/store/sqlite.ts';
import { allBlocksLesson } from '../../fixtures/all-blocks.ts';

// The teacher decides per session whether its totals count in the municipality's overview:
// at the start, during the lesson (the phones hear it) and after it ended (the kept run follows).

const lesson = allBlocksLesson;

let directory: string;
let store: SqliteStore;
let sessions: Sessions;
/** The realtime layer's rendering of what the domain stores, as the screens get it. */
const render = () => new Render(sessions);
let heard: string[];

beforeEach(() => {
	heard = [];
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-counts-'));
	store = new SqliteStore(join(directory, 'store.sqlite'));
	sessions = new Sessions({
		store,
		findLesson: (slug) => (slug === lesson.slug ? lesson : undefined),
		retentionDays: 30,
		events: {
			sessionChanged: (session) =>
				heard.push(`session ${session.countsInOverview ? 'counts' : 'does not count'}`),
			resultsChanged: () => {},
			responsesChanged: () => {},
			sessionDeleted: () => {}
		}
	});
});
afterEach(async () => {
	await store.close();
	rmSync(directory, { recursive: true, force: true });
});

function value<T>(outcome: Outcome<T>): T {
	if (!outcome.ok) throw new Error(`expected success, got ${outcome.error}`);
	return outcome.value;
}

const start = async (countsInOverview: boolean) =>
	value(await sessions.start('alle-blokken', { countsInOverview })).session;

describe('counting in the overview', () => {
	it("keeps the start form's choice, and tells every screen", async () => {
		const counted = await start(true);
		const uncounted = await start(false);
		expect((await store.getSession(counted.id))?.countsInOverview).toBe(true);
		expect((await store.getSession(uncounted.id))?.countsInOverview).toBe(false);
		expect(render().view(counted).countsInOverview).toBe(true);
		expect(render().view(uncounted).countsInOverview).toBe(false);
	});

	it('changes during the lesson, the phones hear it, and the run kept at the end follows', async () => {
		const session = await start(false);
		const changed = value(await sessions.setCountsInOverview(session.id, true));
		expect(changed).toMatchObject({ countsInOverview: true, version: session.version + 1 });
		expect(heard).toEqual(['session counts']);
		value(await sessions.end(session.id));
		expect(await store.runs.runOf(session.id)).toMatchObject({ countsInOverview: true });
	});

	it('changes after the lesson ended: the session and its run alike', async () => {
		const session = await start(true);
		value(await sessions.end(session.id));
		expect(await store.runs.runOf(session.id)).toMatchObject({ countsInOverview: true });

		value(await sessions.setCountsInOverview(session.id, false));
		expect(await store.getSession(session.id)).toMatchObject({
			status: 'ended',
			countsInOverview: false
		});
		expect(await store.runs.runOf(session.id)).toMatchObject({ countsInOverview: false });
		expect(await store.runs.countedRuns(['alle-blokken'], 0, Date.now() + 1000)).toEqual([]);

		value(await sessions.setCountsInOverview(session.id, true));
		expect(await store.runs.countedRuns(['alle-blokken'], 0, Date.now() + 1000)).toHaveLength(1);
	});

	it('changes nothing when asked for what is already so', async () => {
		const session = await start(true);
		const same = value(await sessions.setCountsInOverview(session.id, true));
		expect(same.version).toBe(session.version);
		expect(heard).toEqual([]);
	});

	it('refuses a session that does not exist', async () => {
		expect(await sessions.setCountsInOverview('bestaat-niet', true)).toEqual({
			ok: false,
			error: 'session-not-found'
		});
	});

	it('wins a race with another device steering the same session', async () => {
		const session = await start(false);
		const [, counted] = await Promise.all([
			sessions.setLocked(session.id, true),
			sessions.setCountsInOverview(session.id, true)
		]);
		expect(counted.ok).toBe(true);
		expect(await store.getSession(session.id)).toMatchObject({
			locked: true,
			countsInOverview: true
		});
	});
});
