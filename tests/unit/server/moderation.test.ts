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
import type { SessionRecord } from '../../../src/lib/server/store/store.ts';

const lesson = parseLesson(
	readFileSync(new URL('../../fixtures/lessons/alle-blokken.md', import.meta.url), 'utf8'),
	'alle-blokken'
).lesson as Lesson;

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

function pupilKey() {
	const { pupilToken } = value(sessions.join(session.joinCode));
	return value(sessions.asPupil(session.id, pupilToken)).pupilKey;
}

function open(blockId: string) {
	// Written blocks are opened like any block in a later step of the transport; here the state is set directly.
	session = { ...session, openBlockId: blockId };
	store.updateSession(session);
}

const write = (key: string, blockId: string, text: string, extra: object = {}) =>
	moderation.submit(session, key, { blockId, text, clientId: `c${(clientIds += 1)}`, ...extra });

beforeEach(() => {
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-moderation-'));
	store = new SqliteStore(join(directory, 'store.sqlite'));
	sessions = new Sessions({ store, findLesson: () => lesson, retentionDays: 30 });
	moderation = new Moderation({ store, sessions, filter: new ResponseFilter() });
	session = value(sessions.start('alle-blokken')).session;
});
afterEach(() => {
	store.close();
	rmSync(directory, { recursive: true, force: true });
});

describe('submitting written responses', () => {
	it('puts every response in the queue and nothing on the wall', () => {
		open('waarom');
		const own = value(write(pupilKey(), 'waarom', 'Omdat ze elkaar niet kennen.'));
		expect(own).toMatchObject({ status: 'pending', text: 'Omdat ze elkaar niet kennen.' });
		expect(moderation.queue(session, 'waarom')).toHaveLength(1);
		expect(moderation.wall(session, 'waarom')).toEqual([]);
	});

	it('holds a flagged response with its reason and never publishes it by itself', () => {
		open('waarom');
		value(write(pupilKey(), 'waarom', 'Ik maak je af, bel 06-12345678'));
		const [queued] = moderation.queue(session, 'waarom');
		expect(queued.status).toBe('pending');
		expect(queued.flags.map((flag) => flag.kind).sort()).toEqual(['phone', 'threat']);
		expect(moderation.approveAllUnflagged(session, 'waarom')).toBe(0);
		expect(moderation.wall(session, 'waarom')).toEqual([]);
	});

	it('keeps markup as plain text', () => {
		open('waarom');
		value(write(pupilKey(), 'waarom', '<script>alert(1)</script> <img src=x onerror=alert(1)>'));
		expect(moderation.queue(session, 'waarom')[0].text).toBe(
			'<script>alert(1)</script> <img src=x onerror=alert(1)>'
		);
	});

	it('stores and shows a response without direction controls and invisible characters', () => {
		open('waarom');
		const own = value(
			write(pupilKey(), 'waarom', 'Ik vind \u202Ekazt\u202C dit\u200B goed\u00AD \uFEFFhoor')
		);
		expect(own.text).toBe('Ik vind kazt dit goed hoor');
		expect(moderation.queue(session, 'waarom')[0].text).toBe('Ik vind kazt dit goed hoor');
		expect(write(pupilKey(), 'waarom', '\u200B\u202E\u2066')).toEqual({
			ok: false,
			error: 'text-empty'
		});
	});

	it('refuses empty, too long and closed-block responses', () => {
		const key = pupilKey();
		expect(write(key, 'waarom', 'te vroeg')).toEqual({ ok: false, error: 'block-not-open' });
		open('waarom');
		expect(write(key, 'waarom', '   ')).toEqual({ ok: false, error: 'text-empty' });
		expect(write(key, 'waarom', 'x'.repeat(201))).toEqual({ ok: false, error: 'text-too-long' });
		expect(write(key, 'voor', 'geen open vraag')).toEqual({
			ok: false,
			error: 'not-a-written-block'
		});
	});

	it('recognises a resent response and stores it once', () => {
		open('waarom');
		const key = pupilKey();
		const first = value(
			moderation.submit(session, key, { blockId: 'waarom', text: 'Eén keer', clientId: 'same' })
		);
		const again = value(
			moderation.submit(session, key, { blockId: 'waarom', text: 'Eén keer', clientId: 'same' })
		);
		expect(again.id).toBe(first.id);
		expect(moderation.queue(session, 'waarom')).toHaveLength(1);
	});

	it('allows one response per pupil unless the block allows more', () => {
		open('waarom');
		const key = pupilKey();
		value(write(key, 'waarom', 'eerste'));
		expect(write(key, 'waarom', 'tweede')).toEqual({ ok: false, error: 'one-response-only' });
		open('stil');
		value(write(key, 'stil', 'eerste'));
		value(write(key, 'stil', 'tweede'));
	});

	it('keeps the question box open all lesson', () => {
		expect(value(write(pupilKey(), 'vragen', 'Mag je alles zeggen op internet?')).status).toBe(
			'pending'
		);
	});

	it('takes exit ticket answers per question and never shows them on the wall', () => {
		open('afsluiting');
		const key = pupilKey();
		value(write(key, 'afsluiting', 'Dat je mag passen', { question: 0 }));
		value(write(key, 'afsluiting', 'Niets', { question: 1 }));
		expect(write(key, 'afsluiting', 'x', { question: 2 })).toEqual({
			ok: false,
			error: 'question-out-of-range'
		});
		for (const response of moderation.queue(session, 'afsluiting'))
			moderation.approve(session, response.id);
		expect(moderation.wall(session, 'afsluiting')).toEqual([]);
	});

	it('never approves or pins an exit ticket answer, so no pupil is told it is on the board', () => {
		open('afsluiting');
		const key = pupilKey();
		const plain = value(write(key, 'afsluiting', 'Dat je mag passen', { question: 0 }));
		value(write(key, 'afsluiting', 'Ik maak je af', { question: 1 }));
		expect(moderation.approve(session, plain.id)).toEqual({ ok: false, error: 'teacher-only' });
		expect(moderation.pin(session, plain.id, true)).toEqual({ ok: false, error: 'teacher-only' });
		expect(moderation.approveAllUnflagged(session, 'afsluiting')).toBe(0);
		expect(moderation.queue(session, 'afsluiting').map((response) => response.status)).toEqual([
			'pending',
			'pending'
		]);
		expect(moderation.mine(session, key, 'afsluiting').map((own) => own.status)).toEqual([
			'pending',
			'pending'
		]);
		expect(moderation.wall(session, 'afsluiting')).toEqual([]);
	});
});

describe('moderating', () => {
	it('shows approved responses on the wall, in order of arrival, without identities', () => {
		open('waarom');
		for (const text of ['een', 'twee', 'drie']) value(write(pupilKey(), 'waarom', text));
		const [first, second, third] = moderation.queue(session, 'waarom');
		value(moderation.approve(session, third.id));
		value(moderation.approve(session, first.id));
		value(moderation.hide(session, second.id));
		expect(moderation.wall(session, 'waarom').map((response) => response.text)).toEqual([
			'een',
			'drie'
		]);
		const everything = JSON.stringify([
			moderation.queue(session),
			moderation.wall(session, 'waarom')
		]);
		expect(everything).not.toMatch(/pupil|clientId|c\d+"/);
	});

	it('approves all waiting responses the filter did not hold', () => {
		open('waarom');
		value(write(pupilKey(), 'waarom', 'Gewoon een mening'));
		value(write(pupilKey(), 'waarom', 'Jij kankerlijer'));
		expect(moderation.approveAllUnflagged(session, 'waarom')).toBe(1);
		expect(moderation.queue(session, 'waarom').map((response) => response.status)).toEqual([
			'approved',
			'pending'
		]);
	});

	it('pins one response at a time, and only a shown one', () => {
		open('stil');
		const key = pupilKey();
		const [a, b] = [value(write(key, 'stil', 'a')), value(write(key, 'stil', 'b'))];
		expect(moderation.pin(session, a.id, true)).toEqual({ ok: false, error: 'not-shown' });
		moderation.approve(session, a.id);
		moderation.approve(session, b.id);
		value(moderation.pin(session, a.id, true));
		value(moderation.pin(session, b.id, true));
		expect(
			moderation.wall(session, 'stil').map((response) => [response.text, response.pinned])
		).toEqual([
			['a', false],
			['b', true]
		]);
	});

	it('returns a response to its writer with a prompt, and takes the rephrasing into the queue', () => {
		open('waarom');
		const writer = pupilKey();
		const other = pupilKey();
		const original = value(write(writer, 'waarom', 'Die mensen zijn allemaal hetzelfde'));
		value(moderation.returnForRephrasing(session, original.id, 'Kun je een voorbeeld geven?'));
		expect(moderation.mine(session, writer, 'waarom')).toEqual([
			expect.objectContaining({ status: 'returned', returnPrompt: 'Kun je een voorbeeld geven?' })
		]);
		expect(moderation.mine(session, other, 'waarom')).toEqual([]);
		expect(write(other, 'waarom', 'niet van mij', { replaces: original.id })).toEqual({
			ok: false,
			error: 'not-your-response'
		});
		value(write(writer, 'waarom', 'Bij ons in de straat merk ik dat', { replaces: original.id }));
		expect(
			moderation.queue(session, 'waarom').map((response) => [response.text, response.status])
		).toEqual([['Bij ons in de straat merk ik dat', 'pending']]);
	});

	it('lets a pupil withdraw only their own response, and only before it is shown', () => {
		open('stil');
		const writer = pupilKey();
		const other = pupilKey();
		const first = value(write(writer, 'stil', 'oeps'));
		const second = value(write(writer, 'stil', 'blijft'));
		expect(moderation.withdraw(session, other, first.id)).toEqual({
			ok: false,
			error: 'not-your-response'
		});
		value(moderation.withdraw(session, writer, first.id));
		moderation.approve(session, second.id);
		expect(moderation.withdraw(session, writer, second.id)).toEqual({
			ok: false,
			error: 'already-shown'
		});
		expect(moderation.queue(session, 'stil').map((response) => response.text)).toEqual(['blijft']);
	});
});

describe('reasons given with a position', () => {
	const blockOf = (id: string) => sessions.findBlock(session, id)!.block;

	it('takes the same position and reason on two blocks as two reasons for the teacher', () => {
		const pupil = pupilKey();
		moderation.submitReason(session, pupil, blockOf('voor'), 1, 'Vrijheid van meningsuiting');
		moderation.submitReason(session, pupil, blockOf('hoeken'), 1, 'Vrijheid van meningsuiting');
		expect(
			moderation.queue(session).map((response) => [response.blockId, response.status])
		).toEqual([
			['voor', 'pending'],
			['hoeken', 'pending']
		]);
	});

	it('still takes a resent reason on the same block once', () => {
		const pupil = pupilKey();
		moderation.submitReason(session, pupil, blockOf('voor'), 1, 'Vrijheid');
		moderation.submitReason(session, pupil, blockOf('voor'), 1, 'Vrijheid');
		expect(moderation.queue(session, 'voor')).toHaveLength(1);
	});
});

describe('bounding what one pupil has waiting', () => {
	const refusals = (outcomes: ModerationOutcome<unknown>[]) =>
		outcomes.filter((outcome) => !outcome.ok).map((outcome) => !outcome.ok && outcome.error);

	it('refuses a pupil’s response past the bound per block, while others still write', () => {
		open('stil');
		const stuffer = pupilKey();
		const outcomes = Array.from({ length: pendingResponsesPerBlock + 3 }, (_, index) =>
			write(stuffer, 'stil', `reactie ${index}`)
		);
		expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(pendingResponsesPerBlock);
		expect(refusals(outcomes)).toEqual(Array(3).fill('too-many-pending'));
		expect(moderation.queue(session, 'stil')).toHaveLength(pendingResponsesPerBlock);
		expect(write(pupilKey(), 'stil', 'ik ook').ok).toBe(true);
	});

	it('takes new responses again once the teacher has decided on waiting ones', () => {
		open('stil');
		const writer = pupilKey();
		const first = value(write(writer, 'stil', 'eerste'));
		for (let index = 1; index < pendingResponsesPerBlock; index += 1)
			value(write(writer, 'stil', `reactie ${index}`));
		expect(write(writer, 'stil', 'te veel')).toEqual({ ok: false, error: 'too-many-pending' });
		value(moderation.approve(session, first.id));
		expect(write(writer, 'stil', 'nu wel').ok).toBe(true);
	});

	it('still answers a resent response at the bound with the stored one', () => {
		open('stil');
		const writer = pupilKey();
		for (let index = 0; index < pendingResponsesPerBlock; index += 1)
			value(write(writer, 'stil', `reactie ${index}`));
		const last = `c${clientIds}`;
		const resent = moderation.submit(session, writer, {
			blockId: 'stil',
			text: `reactie ${pendingResponsesPerBlock - 1}`,
			clientId: last
		});
		expect(resent.ok).toBe(true);
	});

	it('refuses a pupil’s response past the bound per session, across blocks', () => {
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
		session = value(sessions.start('alle-blokken')).session;
		const writer = pupilKey();
		const outcomes: ModerationOutcome<unknown>[] = [];
		for (const blockId of ['stil', 'stil2', 'stil3']) {
			open(blockId);
			for (let index = 0; index < pendingResponsesPerBlock; index += 1)
				outcomes.push(write(writer, blockId, `${blockId} ${index}`));
		}
		const total = 3 * pendingResponsesPerBlock;
		expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(pendingResponsesPerSession);
		expect(refusals(outcomes)).toEqual(
			Array(total - pendingResponsesPerSession).fill('too-many-pending')
		);
	});
});

describe('withdrawing what the teacher has seen', () => {
	const queued = () =>
		moderation
			.queue(session, 'stil')
			.map(({ text, status, withdrawn }) => ({ text, status, withdrawn }));

	it('keeps a response the filter held in the teacher’s queue, marked withdrawn', () => {
		open('stil');
		const writer = pupilKey();
		const held = value(write(writer, 'stil', 'Ik maak je af'));
		expect(value(moderation.withdraw(session, writer, held.id)).status).toBe('withdrawn');
		expect(queued()).toEqual([{ text: 'Ik maak je af', status: 'pending', withdrawn: true }]);
		expect(moderation.queue(session, 'stil')[0].flags).not.toEqual([]);
		expect(moderation.mine(session, writer, 'stil')).toEqual([]);
	});

	it('keeps a response the teacher hid in the teacher’s queue, marked withdrawn', () => {
		open('stil');
		const writer = pupilKey();
		const hidden = value(write(writer, 'stil', 'Iets wat niet op het bord hoort'));
		value(moderation.hide(session, hidden.id));
		value(moderation.withdraw(session, writer, hidden.id));
		expect(queued()).toEqual([
			{ text: 'Iets wat niet op het bord hoort', status: 'hidden', withdrawn: true }
		]);
	});

	it('lets a waiting response nobody held simply go, and the rest stay unmarked', () => {
		open('stil');
		const writer = pupilKey();
		const plain = value(write(writer, 'stil', 'Toch niet'));
		value(write(writer, 'stil', 'Dit wel'));
		value(moderation.withdraw(session, writer, plain.id));
		expect(queued()).toEqual([{ text: 'Dit wel', status: 'pending', withdrawn: false }]);
	});

	it('takes no further decisions on a withdrawn response, and a repeated withdrawal changes nothing', () => {
		open('stil');
		const writer = pupilKey();
		const held = value(write(writer, 'stil', 'Ik maak je af'));
		value(moderation.withdraw(session, writer, held.id));
		expect(value(moderation.withdraw(session, writer, held.id)).status).toBe('withdrawn');
		expect(moderation.approve(session, held.id)).toEqual({
			ok: false,
			error: 'response-not-found'
		});
		expect(moderation.wall(session, 'stil')).toEqual([]);
		expect(queued()).toEqual([{ text: 'Ik maak je af', status: 'pending', withdrawn: true }]);
	});
});

describe('pausing and clearing', () => {
	it('pauses new responses with a clear error, keeping the queue', () => {
		open('stil');
		const key = pupilKey();
		value(write(key, 'stil', 'voor de pauze'));
		session = value(moderation.pause(session, 'stil', true));
		expect(write(key, 'stil', 'tijdens de pauze')).toEqual({
			ok: false,
			error: 'submissions-paused'
		});
		expect(moderation.queue(session, 'stil')).toHaveLength(1);
		session = value(moderation.pause(session, 'stil', false));
		value(write(key, 'stil', 'na de pauze'));
	});

	it('clears the wall for a fresh round without deleting anything', () => {
		open('stil');
		const first = value(write(pupilKey(), 'stil', 'ronde een'));
		moderation.approve(session, first.id);
		session = value(moderation.clearWall(session, 'stil'));
		expect(moderation.wall(session, 'stil')).toEqual([]);
		const second = value(write(pupilKey(), 'stil', 'ronde twee'));
		moderation.approve(session, second.id);
		expect(moderation.wall(session, 'stil').map((response) => response.text)).toEqual([
			'ronde twee'
		]);
		expect(moderation.queue(session, 'stil')).toHaveLength(2);
		expect(store.getSession(session.id)?.stage.clearedThrough).toEqual({
			stil: moderation.queue(session, 'stil')[0].sequence
		});
	});
});

describe('replies and votes', () => {
	it('takes replies one level deep, to shown responses only', () => {
		open('stil');
		const writer = pupilKey();
		const parent = value(write(writer, 'stil', 'stelling'));
		expect(write(pupilKey(), 'stil', 'reactie', { parentId: parent.id })).toEqual({
			ok: false,
			error: 'reply-target-invalid'
		});
		moderation.approve(session, parent.id);
		const reply = value(write(pupilKey(), 'stil', 'reactie', { parentId: parent.id }));
		moderation.approve(session, reply.id);
		expect(write(pupilKey(), 'stil', 'dieper', { parentId: reply.id })).toEqual({
			ok: false,
			error: 'reply-target-invalid'
		});
		open('waarom');
		const plain = value(write(pupilKey(), 'waarom', 'open vraag'));
		moderation.approve(session, plain.id);
		expect(write(pupilKey(), 'waarom', 'reactie', { parentId: plain.id })).toEqual({
			ok: false,
			error: 'replies-not-allowed'
		});
	});

	it('counts one vote per pupil on a shown response, never on a hidden one or one’s own', () => {
		open('stil');
		const writer = pupilKey();
		const voter = pupilKey();
		const response = value(write(writer, 'stil', 'ik herken dit'));
		expect(moderation.vote(session, voter, response.id)).toEqual({ ok: false, error: 'not-shown' });
		moderation.approve(session, response.id);
		expect(value(moderation.vote(session, voter, response.id))).toEqual({ counted: true });
		expect(value(moderation.vote(session, voter, response.id))).toEqual({ counted: false });
		expect(moderation.vote(session, writer, response.id)).toEqual({
			ok: false,
			error: 'own-response'
		});
		expect(moderation.wall(session, 'stil')[0].votes).toBe(1);
	});

	it('refuses votes and withdrawals for responses of another session', () => {
		open('stil');
		const response = value(write(pupilKey(), 'stil', 'hier'));
		moderation.approve(session, response.id);
		const elsewhere = value(sessions.start('alle-blokken')).session;
		expect(moderation.vote(elsewhere, 'someone', response.id)).toEqual({
			ok: false,
			error: 'response-not-found'
		});
		expect(moderation.approve(elsewhere, response.id)).toEqual({
			ok: false,
			error: 'response-not-found'
		});
	});
});
