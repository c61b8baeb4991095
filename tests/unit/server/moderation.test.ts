import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lesson } from '../../../src/lib/lessons/model.ts';
import { parseLesson } from '../../../src/lib/lessons/parse.ts';
import { ResponseFilter } from '../../../src/lib/server/moderation/filter.ts';
import {
	Moderation,
	type ModerationOutcome
} from '../../../src/lib/server/moderation/moderation.ts';
import {
	pendingResponsesPerBlock,
	pendingResponsesPerSession
} from '../../../src/lib/server/limits.ts';
import { blocksOf, Sessions } from '../../../src/lib/server/sessions.ts';
import { SqliteStore } from '../../../src/lib/server/store/sqlite.ts';
import type { DomainEvents } from '../../../src/lib/server/events.ts';
import type { ResponseRecord, SessionRecord, Store } from '../../../src/lib/server/store/store.ts';
import { allBlocksLesson } from '../../fixtures/all-blocks.ts';

const lesson = allBlocksLesson;

let directory: string;
let store: SqliteStore;
let sessions: Sessions;
let moderation: Moderation;
let session: SessionRecord;
let clientIds = 0;

function value<T>(
	outcome: ModerationOutcome<T> | { ok: true; value: T } | { ok: false; error: string }
): T {
	if (!outcome.ok) throw new Error(`expected success, got ${outcome.error}`);
	return outcome.value;
}

async function pupilKey() {
	const { pupilToken } = value(await sessions.join(session.joinCode));
	return value(await sessions.asPupil(session.id, pupilToken)).pupilKey;
}

async function open(blockId: string) {
	// Written blocks are opened like any block in a later step of the transport; here the state is set directly.
	const stored = (await store.getSession(session.id))!;
	session = (await store.updateSession({ ...stored, openBlockId: blockId }))!;
}

const write = (key: string, blockId: string, text: string, extra: object = {}) =>
	moderation.submit(session, key, {
		blockId,
		text,
		clientId: `c${(clientIds += 1)}`,
		...extra
	});

let heard: string[];

/** Every domain event, in order, as one line each. */
const recording: DomainEvents = {
	sessionChanged: (changed) => heard.push(`session v${changed.version}`),
	resultsChanged: (_, blockId) => heard.push(`results ${blockId}`),
	responsesChanged: (_, blockId, writers) => heard.push(`responses ${blockId} [${writers.join()}]`),
	sessionDeleted: () => heard.push('deleted')
};

/** A moderation on the same database whose store has some methods replaced: what others do meanwhile. */
function moderationWith(overrides: Partial<Store>): Moderation {
	const staged = new Proxy(store, {
		get(target, key) {
			if (key in overrides) return overrides[key as keyof Store];
			const member = Reflect.get(target, key) as unknown;
			return typeof member === 'function' ? (member as () => unknown).bind(target) : member;
		}
	});
	return new Moderation({
		store: staged,
		sessions,
		filter: new ResponseFilter(),
		events: recording
	});
}

beforeEach(async () => {
	heard = [];
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-moderation-'));
	store = new SqliteStore(join(directory, 'store.sqlite'));
	sessions = new Sessions({
		store,
		findLesson: () => lesson,
		retentionDays: 30,
		events: recording
	});
	moderation = new Moderation({ store, sessions, filter: new ResponseFilter(), events: recording });
	session = value(await sessions.start('alle-blokken')).session;
});
afterEach(async () => {
	await store.close();
	rmSync(directory, { recursive: true, force: true });
});

describe('submitting written responses', () => {
	it('puts every response in the queue and nothing on the wall', async () => {
		await open('waarom');
		const own = value(await write(await pupilKey(), 'waarom', 'Omdat ze elkaar niet kennen.'));
		expect(own).toMatchObject({ status: 'pending', text: 'Omdat ze elkaar niet kennen.' });
		expect(await moderation.queue(session, 'waarom')).toHaveLength(1);
		expect(await moderation.wall(session, 'waarom')).toEqual([]);
	});

	it('holds a flagged response with its reason and never publishes it by itself', async () => {
		await open('waarom');
		value(await write(await pupilKey(), 'waarom', 'Ik maak je af, bel 06-12345678'));
		const [queued] = await moderation.queue(session, 'waarom');
		expect(queued.status).toBe('pending');
		expect(queued.flags.map((flag) => flag.kind).sort()).toEqual(['phone', 'threat']);
		expect(await moderation.approveAllUnflagged(session, 'waarom')).toBe(0);
		expect(await moderation.wall(session, 'waarom')).toEqual([]);
	});

	it('keeps markup as plain text', async () => {
		await open('waarom');
		value(
			await write(
				await pupilKey(),
				'waarom',
				'<script>alert(1)</script> <img src=x onerror=alert(1)>'
			)
		);
		expect((await moderation.queue(session, 'waarom'))[0].text).toBe(
			'<script>alert(1)</script> <img src=x onerror=alert(1)>'
		);
	});

	it('stores and shows a response without direction controls and invisible characters', async () => {
		await open('waarom');
		const own = value(
			await write(
				await pupilKey(),
				'waarom',
				'Ik vind \u202Ekazt\u202C dit\u200B goed\u00AD \uFEFFhoor'
			)
		);
		expect(own.text).toBe('Ik vind kazt dit goed hoor');
		expect((await moderation.queue(session, 'waarom'))[0].text).toBe('Ik vind kazt dit goed hoor');
		expect(await write(await pupilKey(), 'waarom', '\u200B\u202E\u2066')).toEqual({
			ok: false,
			error: 'text-empty'
		});
	});

	it('refuses empty, too long and closed-block responses', async () => {
		const key = await pupilKey();
		expect(await write(key, 'waarom', 'te vroeg')).toEqual({ ok: false, error: 'block-not-open' });
		await open('waarom');
		expect(await write(key, 'waarom', '   ')).toEqual({ ok: false, error: 'text-empty' });
		expect(await write(key, 'waarom', 'x'.repeat(201))).toEqual({
			ok: false,
			error: 'text-too-long'
		});
		expect(await write(key, 'voor', 'geen open vraag')).toEqual({
			ok: false,
			error: 'not-a-written-block'
		});
	});

	it('recognises a resent response and stores it once', async () => {
		await open('waarom');
		const key = await pupilKey();
		const first = value(
			await moderation.submit(session, key, {
				blockId: 'waarom',
				text: 'Eén keer',
				clientId: 'same'
			})
		);
		const again = value(
			await moderation.submit(session, key, {
				blockId: 'waarom',
				text: 'Eén keer',
				clientId: 'same'
			})
		);
		expect(again.id).toBe(first.id);
		expect(await moderation.queue(session, 'waarom')).toHaveLength(1);
	});

	it('allows one response per pupil unless the block allows more', async () => {
		await open('waarom');
		const key = await pupilKey();
		value(await write(key, 'waarom', 'eerste'));
		expect(await write(key, 'waarom', 'tweede')).toEqual({ ok: false, error: 'one-response-only' });
		await open('stil');
		value(await write(key, 'stil', 'eerste'));
		value(await write(key, 'stil', 'tweede'));
	});

	it('keeps the question box open all lesson', async () => {
		expect(
			value(await write(await pupilKey(), 'vragen', 'Mag je alles zeggen op internet?')).status
		).toBe('pending');
	});

	it('takes exit ticket answers per question and never shows them on the wall', async () => {
		await open('afsluiting');
		const key = await pupilKey();
		value(await write(key, 'afsluiting', 'Dat je mag passen', { question: 0 }));
		value(await write(key, 'afsluiting', 'Niets', { question: 1 }));
		expect(await write(key, 'afsluiting', 'x', { question: 2 })).toEqual({
			ok: false,
			error: 'question-out-of-range'
		});
		for (const response of await moderation.queue(session, 'afsluiting'))
			await moderation.approve(session, response.id);
		expect(await moderation.wall(session, 'afsluiting')).toEqual([]);
	});

	it('never approves or pins an exit ticket answer, so no pupil is told it is on the board', async () => {
		await open('afsluiting');
		const key = await pupilKey();
		const plain = value(await write(key, 'afsluiting', 'Dat je mag passen', { question: 0 }));
		value(await write(key, 'afsluiting', 'Ik maak je af', { question: 1 }));
		expect(await moderation.approve(session, plain.id)).toEqual({
			ok: false,
			error: 'teacher-only'
		});
		expect(await moderation.pin(session, plain.id, true)).toEqual({
			ok: false,
			error: 'teacher-only'
		});
		expect(await moderation.approveAllUnflagged(session, 'afsluiting')).toBe(0);
		expect(
			(await moderation.queue(session, 'afsluiting')).map((response) => response.status)
		).toEqual(['pending', 'pending']);
		expect((await moderation.mine(session, key, 'afsluiting')).map((own) => own.status)).toEqual([
			'pending',
			'pending'
		]);
		expect(await moderation.wall(session, 'afsluiting')).toEqual([]);
	});
});

describe('moderating', () => {
	it('shows approved responses on the wall, in order of arrival, without identities', async () => {
		await open('waarom');
		for (const text of ['een', 'twee', 'drie'])
			value(await write(await pupilKey(), 'waarom', text));
		const [first, second, third] = await moderation.queue(session, 'waarom');
		value(await moderation.approve(session, third.id));
		value(await moderation.approve(session, first.id));
		value(await moderation.hide(session, second.id));
		expect((await moderation.wall(session, 'waarom')).map((response) => response.text)).toEqual([
			'een',
			'drie'
		]);
		const everything = JSON.stringify([
			await moderation.queue(session),
			await moderation.wall(session, 'waarom')
		]);
		// Client ids are `c1`, `c2`…: whole string values, so a random response id ending in `c7`
		// does not count.
		expect(everything).not.toMatch(/pupil|clientId|"c\d+"/);
	});

	it('approves all waiting responses the filter did not hold', async () => {
		await open('waarom');
		value(await write(await pupilKey(), 'waarom', 'Gewoon een mening'));
		value(await write(await pupilKey(), 'waarom', 'Jij kankerlijer'));
		expect(await moderation.approveAllUnflagged(session, 'waarom')).toBe(1);
		expect((await moderation.queue(session, 'waarom')).map((response) => response.status)).toEqual([
			'approved',
			'pending'
		]);
	});

	it('pins one response at a time, and only a shown one', async () => {
		await open('stil');
		const key = await pupilKey();
		const [a, b] = [value(await write(key, 'stil', 'a')), value(await write(key, 'stil', 'b'))];
		expect(await moderation.pin(session, a.id, true)).toEqual({ ok: false, error: 'not-shown' });
		await moderation.approve(session, a.id);
		await moderation.approve(session, b.id);
		value(await moderation.pin(session, a.id, true));
		value(await moderation.pin(session, b.id, true));
		expect(
			(await moderation.wall(session, 'stil')).map((response) => [response.text, response.pinned])
		).toEqual([
			['a', false],
			['b', true]
		]);
	});

	it('returns a response to its writer with a prompt, and takes the rephrasing into the queue', async () => {
		await open('waarom');
		const writer = await pupilKey();
		const other = await pupilKey();
		const original = value(await write(writer, 'waarom', 'Die mensen zijn allemaal hetzelfde'));
		value(
			await moderation.returnForRephrasing(session, original.id, 'Kun je een voorbeeld geven?')
		);
		expect(await moderation.mine(session, writer, 'waarom')).toEqual([
			expect.objectContaining({ status: 'returned', returnPrompt: 'Kun je een voorbeeld geven?' })
		]);
		expect(await moderation.mine(session, other, 'waarom')).toEqual([]);
		expect(await write(other, 'waarom', 'niet van mij', { replaces: original.id })).toEqual({
			ok: false,
			error: 'not-your-response'
		});
		value(
			await write(writer, 'waarom', 'Bij ons in de straat merk ik dat', { replaces: original.id })
		);
		expect(
			(await moderation.queue(session, 'waarom')).map((response) => [
				response.text,
				response.status
			])
		).toEqual([['Bij ons in de straat merk ik dat', 'pending']]);
	});

	it('lets a pupil withdraw only their own response, and only before it is shown', async () => {
		await open('stil');
		const writer = await pupilKey();
		const other = await pupilKey();
		const first = value(await write(writer, 'stil', 'oeps'));
		const second = value(await write(writer, 'stil', 'blijft'));
		expect(await moderation.withdraw(session, other, first.id)).toEqual({
			ok: false,
			error: 'not-your-response'
		});
		value(await moderation.withdraw(session, writer, first.id));
		await moderation.approve(session, second.id);
		expect(await moderation.withdraw(session, writer, second.id)).toEqual({
			ok: false,
			error: 'already-shown'
		});
		expect((await moderation.queue(session, 'stil')).map((response) => response.text)).toEqual([
			'blijft'
		]);
	});
});

describe('reasons given with a position', () => {
	const blockOf = (id: string) => sessions.findBlock(session, id)!.block;

	it('takes the same position and reason on two blocks as two reasons for the teacher', async () => {
		const pupil = await pupilKey();
		await moderation.submitReason(session, pupil, blockOf('voor'), 1, 'Vrijheid van meningsuiting');
		await moderation.submitReason(
			session,
			pupil,
			blockOf('hoeken'),
			1,
			'Vrijheid van meningsuiting'
		);
		expect(
			(await moderation.queue(session)).map((response) => [response.blockId, response.status])
		).toEqual([
			['voor', 'pending'],
			['hoeken', 'pending']
		]);
	});

	it('still takes a resent reason on the same block once', async () => {
		const pupil = await pupilKey();
		await moderation.submitReason(session, pupil, blockOf('voor'), 1, 'Vrijheid');
		await moderation.submitReason(session, pupil, blockOf('voor'), 1, 'Vrijheid');
		expect(await moderation.queue(session, 'voor')).toHaveLength(1);
	});
});

describe('what waits for the teacher', () => {
	const waiting = async () =>
		(await moderation.queue(session))
			.filter((response) => response.waiting)
			.map((response) => response.text);

	it('counts a written response and a reason the board can show as waiting', async () => {
		const pupil = await pupilKey();
		await open('waarom');
		value(await write(pupil, 'waarom', 'Omdat niemand lacht'));
		const voor = sessions.findBlock(session, 'voor')!.block;
		await moderation.submitReason(session, pupil, voor, 4, 'Een docent heeft ook een mening');
		expect(await waiting()).toEqual(['Omdat niemand lacht', 'Een docent heeft ook een mening']);
	});

	it('never counts an exit ticket answer as waiting: the teacher reads it, the board never shows it', async () => {
		await open('afsluiting');
		const pupil = await pupilKey();
		value(await write(pupil, 'afsluiting', 'Dat je mag passen', { question: 0 }));
		value(await write(pupil, 'afsluiting', 'Bel 06-12345678', { question: 1 }));
		const answers = await moderation.queue(session, 'afsluiting');
		expect(answers.map((answer) => [answer.status, answer.waiting])).toEqual([
			['pending', false],
			['pending', false]
		]);
		expect(await waiting()).toEqual([]);
	});

	it('stops counting a response once it is decided on or taken back', async () => {
		await open('waarom');
		const first = value(await write(await pupilKey(), 'waarom', 'Eerste'));
		const second = value(await write(await pupilKey(), 'waarom', 'Tweede'));
		const third = value(await write(await pupilKey(), 'waarom', 'Derde'));
		value(await moderation.approve(session, first.id));
		value(await moderation.returnForRephrasing(session, second.id, 'Kun je een voorbeeld geven?'));
		expect(await waiting()).toEqual(['Derde']);
		value(await moderation.hide(session, third.id));
		expect(await waiting()).toEqual([]);
	});
});

describe('bounding what one pupil has waiting', () => {
	const refusals = (outcomes: ModerationOutcome<unknown>[]) =>
		outcomes.filter((outcome) => !outcome.ok).map((outcome) => !outcome.ok && outcome.error);

	it('refuses a pupil’s response past the bound per block, while others still write', async () => {
		await open('stil');
		const stuffer = await pupilKey();
		// All at once, as from many tabs: the store counts what waits in the transaction that adds.
		const outcomes = await Promise.all(
			Array.from({ length: pendingResponsesPerBlock + 3 }, (_, index) =>
				write(stuffer, 'stil', `reactie ${index}`)
			)
		);
		expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(pendingResponsesPerBlock);
		expect(refusals(outcomes)).toEqual(Array(3).fill('too-many-pending'));
		expect(await moderation.queue(session, 'stil')).toHaveLength(pendingResponsesPerBlock);
		expect((await write(await pupilKey(), 'stil', 'ik ook')).ok).toBe(true);
	});

	it('takes new responses again once the teacher has decided on waiting ones', async () => {
		await open('stil');
		const writer = await pupilKey();
		const first = value(await write(writer, 'stil', 'eerste'));
		for (let index = 1; index < pendingResponsesPerBlock; index += 1)
			value(await write(writer, 'stil', `reactie ${index}`));
		expect(await write(writer, 'stil', 'te veel')).toEqual({
			ok: false,
			error: 'too-many-pending'
		});
		value(await moderation.approve(session, first.id));
		expect((await write(writer, 'stil', 'nu wel')).ok).toBe(true);
	});

	it('still answers a resent response at the bound with the stored one', async () => {
		await open('stil');
		const writer = await pupilKey();
		for (let index = 0; index < pendingResponsesPerBlock; index += 1)
			value(await write(writer, 'stil', `reactie ${index}`));
		const last = `c${clientIds}`;
		const resent = await moderation.submit(session, writer, {
			blockId: 'stil',
			text: `reactie ${pendingResponsesPerBlock - 1}`,
			clientId: last
		});
		expect(resent.ok).toBe(true);
	});

	it('refuses a pupil’s response past the bound per session, across blocks', async () => {
		// Three silent debates, so one pupil can stay under the bound per block and still reach the session's.
		const source = readFileSync(
			new URL('../../fixtures/lessons/alle-blokken.md', import.meta.url),
			'utf8'
		).replace(
			':::stil-debat {#stil}\nMag je iemand uitsluiten?\n:::',
			['stil', 'stil2', 'stil3'].map((id) => `:::stil-debat {#${id}}\nMag dat?\n:::`).join('\n\n')
		);
		const threeDebates = parseLesson(source, 'alle-blokken').lesson as Lesson;
		expect(blocksOf(threeDebates).filter(({ block }) => block.type === 'stil-debat')).toHaveLength(
			3
		);
		sessions = new Sessions({ store, findLesson: () => threeDebates, retentionDays: 30 });
		moderation = new Moderation({ store, sessions, filter: new ResponseFilter() });
		session = value(await sessions.start('alle-blokken')).session;
		const writer = await pupilKey();
		const outcomes: ModerationOutcome<unknown>[] = [];
		for (const blockId of ['stil', 'stil2', 'stil3']) {
			await open(blockId);
			for (let index = 0; index < pendingResponsesPerBlock; index += 1)
				outcomes.push(await write(writer, blockId, `${blockId} ${index}`));
		}
		const total = 3 * pendingResponsesPerBlock;
		expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(pendingResponsesPerSession);
		expect(refusals(outcomes)).toEqual(
			Array(total - pendingResponsesPerSession).fill('too-many-pending')
		);
	});
});

describe('withdrawing what the teacher has seen', () => {
	const queued = async () =>
		(await moderation.queue(session, 'stil')).map(({ text, status, withdrawn }) => ({
			text,
			status,
			withdrawn
		}));

	it('keeps a response the filter held in the teacher’s queue, marked withdrawn', async () => {
		await open('stil');
		const writer = await pupilKey();
		const held = value(await write(writer, 'stil', 'Ik maak je af'));
		expect(value(await moderation.withdraw(session, writer, held.id)).status).toBe('withdrawn');
		expect(await queued()).toEqual([{ text: 'Ik maak je af', status: 'pending', withdrawn: true }]);
		expect((await moderation.queue(session, 'stil'))[0].flags).not.toEqual([]);
		expect(await moderation.mine(session, writer, 'stil')).toEqual([]);
	});

	it('keeps a response the teacher hid in the teacher’s queue, marked withdrawn', async () => {
		await open('stil');
		const writer = await pupilKey();
		const hidden = value(await write(writer, 'stil', 'Iets wat niet op het bord hoort'));
		value(await moderation.hide(session, hidden.id));
		value(await moderation.withdraw(session, writer, hidden.id));
		expect(await queued()).toEqual([
			{ text: 'Iets wat niet op het bord hoort', status: 'hidden', withdrawn: true }
		]);
	});

	it('lets a waiting response nobody held simply go, and the rest stay unmarked', async () => {
		await open('stil');
		const writer = await pupilKey();
		const plain = value(await write(writer, 'stil', 'Toch niet'));
		value(await write(writer, 'stil', 'Dit wel'));
		value(await moderation.withdraw(session, writer, plain.id));
		expect(await queued()).toEqual([{ text: 'Dit wel', status: 'pending', withdrawn: false }]);
	});

	it('takes no further decisions on a withdrawn response, and a repeated withdrawal changes nothing', async () => {
		await open('stil');
		const writer = await pupilKey();
		const held = value(await write(writer, 'stil', 'Ik maak je af'));
		value(await moderation.withdraw(session, writer, held.id));
		expect(value(await moderation.withdraw(session, writer, held.id)).status).toBe('withdrawn');
		expect(await moderation.approve(session, held.id)).toEqual({
			ok: false,
			error: 'response-not-found'
		});
		expect(await moderation.wall(session, 'stil')).toEqual([]);
		expect(await queued()).toEqual([{ text: 'Ik maak je af', status: 'pending', withdrawn: true }]);
	});
});

describe('pausing and clearing', () => {
	it('pauses new responses with a clear error, keeping the queue', async () => {
		await open('stil');
		const key = await pupilKey();
		value(await write(key, 'stil', 'voor de pauze'));
		session = value(await moderation.pause(session.id, 'stil', true));
		expect(await write(key, 'stil', 'tijdens de pauze')).toEqual({
			ok: false,
			error: 'submissions-paused'
		});
		expect(await moderation.queue(session, 'stil')).toHaveLength(1);
		session = value(await moderation.pause(session.id, 'stil', false));
		value(await write(key, 'stil', 'na de pauze'));
	});

	it('clears the wall for a fresh round without deleting anything', async () => {
		await open('stil');
		const first = value(await write(await pupilKey(), 'stil', 'ronde een'));
		await moderation.approve(session, first.id);
		session = value(await moderation.clearWall(session.id, 'stil'));
		expect(await moderation.wall(session, 'stil')).toEqual([]);
		const second = value(await write(await pupilKey(), 'stil', 'ronde twee'));
		await moderation.approve(session, second.id);
		expect((await moderation.wall(session, 'stil')).map((response) => response.text)).toEqual([
			'ronde twee'
		]);
		expect(await moderation.queue(session, 'stil')).toHaveLength(2);
		expect((await store.getSession(session.id))?.stage.clearedThrough).toEqual({
			stil: (await moderation.queue(session, 'stil'))[0].sequence
		});
	});
});

describe('replies and votes', () => {
	it('takes replies one level deep, to shown responses only', async () => {
		await open('stil');
		const writer = await pupilKey();
		const parent = value(await write(writer, 'stil', 'stelling'));
		expect(await write(await pupilKey(), 'stil', 'reactie', { parentId: parent.id })).toEqual({
			ok: false,
			error: 'reply-target-invalid'
		});
		await moderation.approve(session, parent.id);
		const reply = value(await write(await pupilKey(), 'stil', 'reactie', { parentId: parent.id }));
		await moderation.approve(session, reply.id);
		expect(await write(await pupilKey(), 'stil', 'dieper', { parentId: reply.id })).toEqual({
			ok: false,
			error: 'reply-target-invalid'
		});
		await open('waarom');
		const plain = value(await write(await pupilKey(), 'waarom', 'open vraag'));
		await moderation.approve(session, plain.id);
		expect(await write(await pupilKey(), 'waarom', 'reactie', { parentId: plain.id })).toEqual({
			ok: false,
			error: 'replies-not-allowed'
		});
	});

	it('counts one vote per pupil on a shown response, never on a hidden one or one’s own', async () => {
		await open('stil');
		const writer = await pupilKey();
		const voter = await pupilKey();
		const response = value(await write(writer, 'stil', 'ik herken dit'));
		expect(await moderation.vote(session, voter, response.id)).toEqual({
			ok: false,
			error: 'not-shown'
		});
		await moderation.approve(session, response.id);
		expect(value(await moderation.vote(session, voter, response.id))).toEqual({ counted: true });
		expect(value(await moderation.vote(session, voter, response.id))).toEqual({ counted: false });
		expect(await moderation.vote(session, writer, response.id)).toEqual({
			ok: false,
			error: 'own-response'
		});
		expect((await moderation.wall(session, 'stil'))[0].votes).toBe(1);
	});

	it('refuses votes and withdrawals for responses of another session', async () => {
		await open('stil');
		const response = value(await write(await pupilKey(), 'stil', 'hier'));
		await moderation.approve(session, response.id);
		const elsewhere = value(await sessions.start('alle-blokken')).session;
		expect(await moderation.vote(elsewhere, 'someone', response.id)).toEqual({
			ok: false,
			error: 'response-not-found'
		});
		expect(await moderation.approve(elsewhere, response.id)).toEqual({
			ok: false,
			error: 'response-not-found'
		});
	});
});

describe('what moderation tells the outside world', () => {
	it('tells of a new response and its writer, not of a resend or a refusal', async () => {
		await open('waarom');
		const key = await pupilKey();
		heard = [];
		const submission = { blockId: 'waarom', text: 'Omdat het kan', clientId: 'eenmalig' };
		value(await moderation.submit(session, key, submission));
		value(await moderation.submit(session, key, submission));
		expect(await write(key, 'waarom', 'nog een')).toEqual({
			ok: false,
			error: 'one-response-only'
		});
		expect(heard).toEqual([`responses waarom [${key}]`]);
	});

	it('tells the writer of each decision on their response, and nobody of a pin', async () => {
		await open('stil');
		const key = await pupilKey();
		const own = value(await write(key, 'stil', 'Mijn mening'));
		heard = [];
		value(await moderation.approve(session, own.id));
		value(await moderation.pin(session, own.id, true));
		value(await moderation.returnForRephrasing(session, own.id, 'Kun je het anders zeggen?'));
		value(await moderation.hide(session, own.id));
		expect(heard).toEqual([
			`responses stil [${key}]`,
			'responses stil []',
			`responses stil [${key}]`,
			`responses stil [${key}]`
		]);
	});

	it('tells of a counted vote only', async () => {
		await open('stil');
		const response = value(await write(await pupilKey(), 'stil', 'herkenbaar'));
		value(await moderation.approve(session, response.id));
		const voter = await pupilKey();
		heard = [];
		value(await moderation.vote(session, voter, response.id));
		value(await moderation.vote(session, voter, response.id));
		expect(heard).toEqual(['responses stil []']);
	});

	it('tells the writers of every response approved at once', async () => {
		await open('stil');
		const [one, two, held] = [await pupilKey(), await pupilKey(), await pupilKey()];
		value(await write(one, 'stil', 'een'));
		value(await write(two, 'stil', 'twee'));
		value(await write(held, 'stil', 'Ik maak je af'));
		heard = [];
		expect(await moderation.approveAllUnflagged(session, 'stil')).toBe(2);
		expect(await moderation.approveAllUnflagged(session, 'stil')).toBe(0);
		expect(heard).toHaveLength(1);
		expect(heard[0].startsWith('responses stil [')).toBe(true);
		expect(heard[0]).toContain(one);
		expect(heard[0]).toContain(two);
		expect(heard[0]).not.toContain(held);
	});

	it('tells of a reason once, as a new response of its writer', async () => {
		const key = await pupilKey();
		const block = sessions.findBlock(session, 'voor')!.block;
		heard = [];
		expect(await moderation.submitReason(session, key, block, 1, 'Vrijheid')).toBe(true);
		expect(await moderation.submitReason(session, key, block, 1, 'Vrijheid')).toBe(false);
		expect(await moderation.submitReason(session, key, block, 1, '   ')).toBe(false);
		expect(heard).toEqual([`responses voor [${key}]`]);
	});

	it('tells of a pause as a changed session, and of a cleared wall as changed responses too', async () => {
		heard = [];
		value(await moderation.pause(session.id, 'stil', true));
		value(await moderation.clearWall(session.id, 'stil'));
		expect(heard).toEqual(['session v2', 'session v3', 'responses stil []']);
		expect(await moderation.pause(session.id, 'voor', true)).toEqual({
			ok: false,
			error: 'not-a-written-block'
		});
		expect(await moderation.pause('bestaat-niet', 'stil', true)).toEqual({
			ok: false,
			error: 'session-not-found'
		});
		expect(heard).toHaveLength(3);
	});

	it('keeps a pause and a cleared wall decided at once on two devices', async () => {
		await Promise.all([
			moderation.pause(session.id, 'stil', true),
			moderation.clearWall(session.id, 'waarom'),
			moderation.pause(session.id, 'vragen', true)
		]);
		const stored = (await store.getSession(session.id))!;
		expect([...stored.stage.paused].sort()).toEqual(['stil', 'vragen']);
		expect(Object.keys(stored.stage.clearedThrough)).toEqual(['waarom']);
	});
});

describe('decisions that meet a pupil’s change', () => {
	it('never shows a response the pupil withdrew as the teacher approved it', async () => {
		await open('stil');
		const key = await pupilKey();
		const own = value(await write(key, 'stil', 'toch maar niet'));
		let withdrawn = false;
		const teacher = moderationWith({
			async updateResponse(response: ResponseRecord, expected) {
				if (!withdrawn) {
					withdrawn = true;
					value(await moderation.withdraw(session, key, own.id));
				}
				return store.updateResponse(response, expected);
			}
		});
		heard = [];
		expect(await teacher.approve(session, own.id)).toEqual({
			ok: false,
			error: 'response-not-found'
		});
		expect(await moderation.wall(session, 'stil')).toEqual([]);
		expect(heard).toEqual([`responses stil [${key}]`]);
	});

	it('refuses a withdrawal once the teacher showed the response meanwhile', async () => {
		await open('stil');
		const key = await pupilKey();
		const own = value(await write(key, 'stil', 'al gezien'));
		let approved = false;
		const pupil = moderationWith({
			async updateResponse(response: ResponseRecord, expected) {
				if (!approved) {
					approved = true;
					value(await moderation.approve(session, own.id));
				}
				return store.updateResponse(response, expected);
			}
		});
		expect(await pupil.withdraw(session, key, own.id)).toEqual({
			ok: false,
			error: 'already-shown'
		});
		expect((await moderation.wall(session, 'stil')).map((shown) => shown.text)).toEqual([
			'al gezien'
		]);
	});

	it('leaves one response pinned when two pins race', async () => {
		await open('stil');
		const [a, b] = [
			value(await write(await pupilKey(), 'stil', 'a')),
			value(await write(await pupilKey(), 'stil', 'b'))
		];
		value(await moderation.approve(session, a.id));
		value(await moderation.approve(session, b.id));
		await Promise.all([moderation.pin(session, a.id, true), moderation.pin(session, b.id, true)]);
		const pinned = (await moderation.wall(session, 'stil')).filter((shown) => shown.pinned);
		expect(pinned).toHaveLength(1);
	});

	it('refuses to pin a response hidden since the teacher looked', async () => {
		await open('stil');
		const own = value(await write(await pupilKey(), 'stil', 'weg ermee'));
		value(await moderation.approve(session, own.id));
		const racing = moderationWith({
			async pinResponse(responseId: string, pinned: boolean) {
				value(await moderation.hide(session, own.id));
				return store.pinResponse(responseId, pinned);
			}
		});
		expect(await racing.pin(session, own.id, true)).toEqual({ ok: false, error: 'not-shown' });
		expect(await moderation.wall(session, 'stil')).toEqual([]);
	});
});
