// The pages a signed-in teacher keeps their classes with, and the lesson's start form, called
// as SvelteKit calls them: a real instance (embedded store in memory), a form, and the teacher
// (or nobody) in `locals`. What reaches the store is what counts.

import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	createKlasgesprek,
	provideKlasgesprek,
	type Klasgesprek
} from '../../../src/lib/server/app.ts';
import { readConfig } from '../../../src/lib/server/config.ts';
import type { SignedInTeacher } from '../../../src/lib/server/teacher-access.ts';
import { actions as lessonActions } from '../../../src/routes/lessons/[slug]/+page.server.ts';
import {
	actions as classActions,
	load as loadClasses
} from '../../../src/routes/mijn/klassen/+page.server.ts';

let root: string;
let app: Klasgesprek;

async function start(environment: Record<string, string> = {}) {
	app = await createKlasgesprek(
		readConfig({ LESSONS_DIR: join(root, 'lessons'), DATABASE_PATH: ':memory:', ...environment })
	);
	provideKlasgesprek(app);
	await app.store.teachers.ensureTeacher('docent-a', Date.now());
	await app.store.teachers.ensureTeacher('docent-b', Date.now());
}

beforeEach(async () => {
	root = mkdtempSync(join(tmpdir(), 'klasgesprek-class-routes-'));
	cpSync('tests/fixtures/lessons/alle-blokken.md', join(root, 'lessons', 'alle-blokken.md'));
	await start();
});
afterEach(async () => {
	await app.close();
	rmSync(root, { recursive: true, force: true });
});

const signedIn = (key: string): { teacher: SignedInTeacher | null } => ({
	teacher: { teacher: { key, displayName: null, createdAt: 0 }, coordinator: false }
});
const nobody = { teacher: null };

/** A browser's cookies, as much of them as the pages use. */
function cookieJar() {
	const jar = new Map<string, string>();
	return {
		jar,
		get: (name: string) => jar.get(name),
		getAll: () => [...jar].map(([name, value]) => ({ name, value })),
		set: (name: string, value: string) => void jar.set(name, value),
		delete: (name: string) => void jar.delete(name),
		serialize: () => ''
	};
}

function event(
	path: string,
	locals: { teacher: SignedInTeacher | null },
	fields: Record<string, string> = {},
	params: Record<string, string> = {}
) {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.set(name, value);
	const url = new URL(`http://localhost${path}`);
	return {
		url,
		params,
		locals,
		cookies: cookieJar(),
		getClientAddress: () => '10.0.0.1',
		request: new Request(url, { method: 'POST', body })
	} as never;
}

/** What a call did: its answer, or where it sent the browser, or the error page it gave. */
async function outcome(call: () => unknown) {
	try {
		const result = await call();
		return isActionFailure(result)
			? { failed: result.status, data: result.data as unknown as Record<string, unknown> }
			: { data: result as Record<string, unknown> };
	} catch (thrown) {
		if (isRedirect(thrown)) return { redirect: thrown.location };
		if (isHttpError(thrown)) return { status: thrown.status };
		throw thrown;
	}
}

const names = async (teacherKey: string) =>
	(await app.classes.of(teacherKey)).map((record) => record.name);

describe('/mijn/klassen', () => {
	it('sends a browser that is not signed in to sign in first, and back here after', async () => {
		expect(await outcome(() => loadClasses(event('/mijn/klassen', nobody)))).toEqual({
			redirect: '/inloggen?naar=%2Fmijn%2Fklassen'
		});
		expect(
			await outcome(() => classActions.add(event('/mijn/klassen', nobody, { naam: '3B' })))
		).toEqual({ redirect: '/inloggen?naar=%2Fmijn%2Fklassen' });
		expect(await names('docent-a')).toEqual([]);
	});

	it('adds, renames and, once confirmed, deletes a class of the teacher', async () => {
		const me = signedIn('docent-a');
		expect(
			await outcome(() => classActions.add(event('/mijn/klassen', me, { naam: ' 3B ' })))
		).toEqual({
			data: { done: 'added', name: '3B' }
		});
		const [{ id }] = await app.classes.of('docent-a');
		await outcome(() => classActions.rename(event('/mijn/klassen', me, { id, naam: '3B havo' })));
		expect(await names('docent-a')).toEqual(['3B havo']);
		expect(await outcome(() => classActions.delete(event('/mijn/klassen', me, { id })))).toEqual({
			data: { confirm: { id, name: '3B havo' } }
		});
		expect(await names('docent-a')).toEqual(['3B havo']);
		await outcome(() => classActions.delete(event('/mijn/klassen', me, { id, bevestigd: 'ja' })));
		expect(await names('docent-a')).toEqual([]);
	});

	it('says what is wrong with a name, in the teacher’s words', async () => {
		const me = signedIn('docent-a');
		await outcome(() => classActions.add(event('/mijn/klassen', me, { naam: '3B' })));
		expect(
			await outcome(() => classActions.add(event('/mijn/klassen', me, { naam: '3b' })))
		).toEqual({
			failed: 400,
			data: {
				action: 'add',
				id: '',
				typed: '3b',
				error: 'Je hebt al een klas met die naam. Kies een andere naam, of kies die klas.'
			}
		});
		const tooLong = await outcome(() =>
			classActions.add(event('/mijn/klassen', me, { naam: 'x'.repeat(41) }))
		);
		expect(tooLong).toMatchObject({
			failed: 400,
			data: { error: expect.stringMatching(/40 tekens/) }
		});
		expect(await outcome(() => classActions.add(event('/mijn/klassen', me, {})))).toMatchObject({
			failed: 400,
			data: { error: expect.stringMatching(/^Typ een naam/) }
		});
		expect(await names('docent-a')).toEqual(['3B']);
	});

	it('never renames or deletes another teacher’s class', async () => {
		await outcome(() =>
			classActions.add(event('/mijn/klassen', signedIn('docent-b'), { naam: '3B' }))
		);
		const [{ id }] = await app.classes.of('docent-b');
		const me = signedIn('docent-a');
		expect(
			await outcome(() => classActions.rename(event('/mijn/klassen', me, { id, naam: 'van mij' })))
		).toMatchObject({ failed: 404 });
		expect(
			await outcome(() => classActions.delete(event('/mijn/klassen', me, { id, bevestigd: 'ja' })))
		).toMatchObject({ failed: 404 });
		expect(await names('docent-b')).toEqual(['3B']);
	});

	it('lists the teacher’s own classes only, each with its last lesson', async () => {
		await app.classes.add('docent-a', '3B');
		await app.classes.add('docent-b', '4C');
		const loaded = (await loadClasses(event('/mijn/klassen', signedIn('docent-a')))) as {
			classes: { name: string; last: unknown }[];
		};
		expect(loaded.classes).toEqual([expect.objectContaining({ name: '3B', last: null })]);
	});
});

describe('starting a lesson for a class', () => {
	const startAs = (locals: { teacher: SignedInTeacher | null }, fields: Record<string, string>) =>
		outcome(() =>
			lessonActions.start(
				event('/lessons/alle-blokken?/start', locals, fields, { slug: 'alle-blokken' })
			)
		);
	const onlySession = async () => {
		const [session] = await app.store.liveSessions();
		return session;
	};

	it('starts a signed-in teacher’s session for the class they picked', async () => {
		const threeB = await app.classes.add('docent-a', '3B');
		if (!threeB.ok) throw new Error(threeB.error);
		expect(await startAs(signedIn('docent-a'), { klas: threeB.value.id })).toMatchObject({
			redirect: expect.stringMatching(/^\/host\//)
		});
		expect(await onlySession()).toMatchObject({ teacherKey: 'docent-a', classId: threeB.value.id });
	});

	it('makes the class typed on the start form, once', async () => {
		const me = signedIn('docent-a');
		await startAs(me, { klas: '', 'nieuwe-klas': ' 3B ' });
		await startAs(me, { klas: '', 'nieuwe-klas': '3b' });
		expect(await names('docent-a')).toEqual(['3B']);
		const [threeB] = await app.classes.of('docent-a');
		const sessions = await app.store.liveSessions();
		expect(sessions.map((session) => session.classId)).toEqual([threeB.id, threeB.id]);
	});

	it('starts without a class when the teacher picks none', async () => {
		await startAs(signedIn('docent-a'), { klas: '' });
		expect(await onlySession()).toMatchObject({ teacherKey: 'docent-a', classId: null });
	});

	it('refuses another teacher’s class or a bad name, and starts nothing', async () => {
		const theirs = await app.classes.add('docent-b', '3B');
		if (!theirs.ok) throw new Error(theirs.error);
		expect(await startAs(signedIn('docent-a'), { klas: theirs.value.id })).toMatchObject({
			failed: 400,
			data: { classError: expect.stringMatching(/bestaat niet/) }
		});
		expect(await startAs(signedIn('docent-a'), { 'nieuwe-klas': 'x'.repeat(41) })).toMatchObject({
			failed: 400,
			data: { typed: 'x'.repeat(41) }
		});
		expect(await app.store.liveSessions()).toEqual([]);
	});

	it('starts for nobody’s class when nobody is signed in, whatever the form says', async () => {
		const threeB = await app.classes.add('docent-a', '3B');
		if (!threeB.ok) throw new Error(threeB.error);
		await startAs(nobody, { klas: threeB.value.id, 'nieuwe-klas': '4C' });
		expect(await onlySession()).toMatchObject({ teacherKey: null, classId: null });
		expect(await names('docent-a')).toEqual(['3B']);
	});
});
