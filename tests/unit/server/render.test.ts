// The realtime layer renders a session's version once for every screen of its rooms, and
// measures only the countdowns again for each send.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Render } from '../../../src/lib/server/realtime/render.ts';
import { Sessions, type Outcome } from '../../../src/lib/server/sessions.ts';
import { SqliteStore } from '../../../src/lib/server/store/sqlite.ts';
import { allBlocksLesson } from '../../fixtures/all-blocks.ts';
import { methodsLesson } from '../../fixtures/methods.ts';

let directory: string;
let store: SqliteStore;
let clock: number;
let sessions: Sessions;
let render: Render;

function value<T>(outcome: Outcome<T>): T {
	if (!outcome.ok) throw new Error(`expected success, got ${outcome.error}`);
	return outcome.value;
}

beforeEach(() => {
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-render-'));
	store = new SqliteStore(join(directory, 'store.sqlite'));
	clock = 1_000_000;
	sessions = new Sessions({
		store,
		findLesson: (slug) => [allBlocksLesson, methodsLesson].find((each) => each.slug === slug),
		retentionDays: 30,
		now: () => clock
	});
	render = new Render(sessions);
});
afterEach(async () => {
	await store.close();
	rmSync(directory, { recursive: true, force: true });
});

const started = async (slug = allBlocksLesson.slug) => value(await sessions.start(slug)).session;

describe('rendering a session for its screens', () => {
	it('renders a version once for the room and every phone, and a new version anew', async () => {
		const session = await started();
		const view = render.view(session);
		expect(render.view(session)).toBe(view);
		expect(render.pupilUpdate(session).view).toBe(view);
		// The same version read again from the store (another screen's snapshot) is the same view.
		expect(render.view((await sessions.getSession(session.id))!)).toBe(view);
		const stepped = value(await sessions.goToStep(session.id, 2));
		expect(render.view(stepped)).not.toBe(view);
		expect(render.view(stepped)).toMatchObject({ step: 2, version: session.version + 1 });
	});

	it('gives every phone the same open block of a version', async () => {
		const opened = value(await sessions.openBlock((await started()).id, 'voor'));
		const first = render.pupilUpdate(opened);
		const second = render.pupilUpdate(opened);
		expect(first.block).toMatchObject({ id: 'voor', type: 'stelling' });
		expect(second.block).toBe(first.block);
	});

	it('measures a running timer again for each send of the same version', async () => {
		const session = value(await sessions.startTimer((await started()).id, 'debat'));
		const first = render.view(session);
		clock += 60_000;
		const later = render.view(session);
		expect(later.timer!.remainingMs).toBe(first.timer!.remainingMs - 60_000);
		expect(later.timer!.at).toBe(clock);
		expect(later).toMatchObject({
			...first,
			timer: { ...first.timer, remainingMs: later.timer!.remainingMs, at: clock }
		});
		expect(later.stage).toBe(first.stage);
	});

	it('measures think time for each send, and drops it once it is over', async () => {
		const session = await started(methodsLesson.slug);
		const opened = value(await sessions.openBlock(session.id, 'lijn'));
		const first = render.view(opened).thinking!;
		clock += 1_000;
		expect(render.view(opened).thinking).toMatchObject({
			remainingMs: first.remainingMs - 1_000,
			at: clock
		});
		clock += first.remainingMs;
		expect(render.view(opened).thinking).toBeNull();
	});

	it('shows a deleted session ended with nothing open, without keeping that for its version', async () => {
		const opened = value(await sessions.openBlock((await started()).id, 'voor'));
		const live = render.view(opened);
		const deleted = render.deletedView(opened);
		expect(deleted.update.view).toMatchObject({ status: 'ended', openBlockId: null, timer: null });
		expect(deleted.update.block).toBeNull();
		expect(render.view(opened)).toBe(live);
		expect(live).toMatchObject({ status: 'live', openBlockId: 'voor' });
	});
});
