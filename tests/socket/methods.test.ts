// The dialogue methods over the real protocol: a tweegesprek's signs reach only their own phones,
// never an answer or a pseudonym, and survive a reconnect and a restart; think time refuses an
// early answer with a code the phone waits on; ground rules count who joins in.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
	ControlSnapshot,
	LiveResults,
	PupilPairing,
	PupilSnapshot,
	PupilUpdate,
	SessionView
} from '../../src/lib/protocol.ts';
import { PupilSession } from '../../src/lib/live/pupil-session.svelte.ts';
import { MemoryStorage } from '../fixtures/memory-storage.ts';
import { methodsLesson } from '../fixtures/methods.ts';
import { ask, data, nextEvent, TestServer, until, type Client } from './harness.ts';

let server: TestServer;
const sessions: PupilSession[] = [];

beforeEach(async () => {
	server = new TestServer({ lessons: [methodsLesson] });
	await server.start();
});
afterEach(async () => {
	for (const session of sessions.splice(0)) session.stop();
	await server.dispose();
});

/** The phone's own state class, on a real connection, as the pupil page runs it. */
function pupilSession(joinCode: string) {
	const live = new PupilSession(joinCode, {
		url: server.url,
		storage: { local: new MemoryStorage(), session: new MemoryStorage() }
	});
	sessions.push(live);
	live.start();
	return live;
}

async function teacherOf(session: { sessionId: string; hostSecret: string }) {
	const socket = await server.client({ reconnect: true });
	await data<ControlSnapshot>(
		ask(socket, 'host:attach', { sessionId: session.sessionId, hostSecret: session.hostSecret })
	);
	return socket;
}

/** A phone that joined and resumed, and everything it heard from then on, as the wire carried it. */
async function phone(joinCode: string) {
	const socket = await server.client({ reconnect: true });
	const heard: string[] = [];
	socket.onAny((event: string, ...args: unknown[]) => heard.push(JSON.stringify([event, ...args])));
	const credentials = await data<{ sessionId: string; token: string }>(
		ask(socket, 'pupil:join', { code: joinCode })
	);
	await data<PupilSnapshot>(ask(socket, 'pupil:resume', credentials));
	return { socket, credentials, heard };
}

const mine = (socket: Client) =>
	data<PupilPairing>(ask(socket, 'pairs:mine', { blockId: 'praten' }));

describe('a tweegesprek over sockets', () => {
	it("tells each phone only its own group's sign, and nothing of another's answer", async () => {
		const session = await server.startSession(methodsLesson.slug);
		const teacher = await teacherOf(session);
		const answers = [1, 1, 2, 4, 5, 5];
		const phones = [];
		for (let index = 0; index < answers.length; index += 1)
			phones.push(await phone(session.joinCode));
		await data(ask(teacher, 'block:open', { blockId: 'mening' }));
		for (const [index, { socket }] of phones.entries())
			await data(
				ask(socket, 'answer:submit', {
					blockId: 'mening',
					value: { kind: 'scale', value: answers[index] }
				})
			);
		const opened = nextEvent<PupilUpdate>(phones[0].socket, 'pupil:update');
		await data(ask(teacher, 'block:open', { blockId: 'praten' }));
		expect((await opened).view.pairs).toMatchObject({ blockId: 'praten', round: 0 });
		expect(await mine(phones[0].socket)).toMatchObject({ state: 'waiting', sign: null });

		const made = nextEvent<PupilUpdate>(phones[0].socket, 'pupil:update');
		const view = await data<SessionView>(ask(teacher, 'pairs:make', { blockId: 'praten' }));
		expect(view.pairs).toMatchObject({ round: 1, groups: 3, pupils: 6 });
		expect((await made).view.pairs).toMatchObject({ round: 1, groups: 3 });

		const signs = await Promise.all(phones.map(({ socket }) => mine(socket)));
		const groups = new Map<number, number[]>();
		signs.forEach((pairing, index) => {
			expect(pairing).toMatchObject({ state: 'paired', partners: 1, across: true });
			groups.set(pairing.sign!.number, [
				...(groups.get(pairing.sign!.number) ?? []),
				answers[index]
			]);
		});
		for (const pair of groups.values())
			expect(Math.abs(pair[0] - pair[1])).toBeGreaterThanOrEqual(2);

		// Nothing a phone heard names another pupil or carries an answer of the stelling.
		const pupilKeys = (await server.sessions.getSession(
			session.sessionId
		))!.stage.pairing!.groups.flatMap((group) => group.members);
		for (const { heard } of phones) {
			const everything = heard.join('\n');
			for (const key of pupilKeys) expect(everything).not.toContain(key);
			expect(everything).not.toMatch(/"kind":"scale"/);
		}
	});

	it('gives a reconnecting phone its own sign back, also after a server restart', async () => {
		const session = await server.startSession(methodsLesson.slug);
		const teacher = await teacherOf(session);
		const phones = [await phone(session.joinCode), await phone(session.joinCode)];
		await data(ask(teacher, 'block:open', { blockId: 'mening' }));
		for (const [index, { socket }] of phones.entries())
			await data(
				ask(socket, 'answer:submit', {
					blockId: 'mening',
					value: { kind: 'scale', value: index * 4 + 1 }
				})
			);
		await data(ask(teacher, 'block:open', { blockId: 'praten' }));
		await data(ask(teacher, 'pairs:make', { blockId: 'praten' }));
		const before = await mine(phones[0].socket);

		const back = phones.map(
			({ socket }) =>
				new Promise<void>((resolve) =>
					socket.once('disconnect', () => socket.once('connect', () => resolve()))
				)
		);
		await server.stop();
		await server.start();
		await Promise.all(back);
		const resumed = await data<PupilSnapshot>(
			ask(phones[0].socket, 'pupil:resume', phones[0].credentials)
		);
		expect(resumed.block).toMatchObject({ id: 'praten', type: 'tweegesprek' });
		expect(resumed.pairing).toEqual(before);
	});

	it('lets a pupil step out and back in, and refuses a pupil who never joined', async () => {
		const session = await server.startSession(methodsLesson.slug);
		const teacher = await teacherOf(session);
		const { socket } = await phone(session.joinCode);
		await data(ask(teacher, 'block:open', { blockId: 'praten' }));
		expect(
			await data<PupilPairing>(
				ask(socket, 'pairs:take-part', { blockId: 'praten', takesPart: false })
			)
		).toMatchObject({ state: 'out' });
		expect(
			await data<PupilPairing>(
				ask(socket, 'pairs:take-part', { blockId: 'praten', takesPart: true })
			)
		).toMatchObject({ state: 'waiting' });
		const stranger = await server.client();
		expect(await ask(stranger, 'pairs:take-part', { blockId: 'praten', takesPart: false })).toEqual(
			{
				error: 'not-attached'
			}
		);
		expect(await ask(socket, 'pairs:take-part', { blockId: 'praten' })).toEqual({
			error: 'invalid-payload'
		});
		// Only the teacher makes pairs.
		expect(await ask(socket, 'pairs:make', { blockId: 'praten' })).toEqual({ error: 'not-host' });
	});
});

describe('think time over sockets', () => {
	it('refuses an early answer with think-time, and takes it once the teacher skips', async () => {
		const session = await server.startSession(methodsLesson.slug);
		const teacher = await teacherOf(session);
		const { socket } = await phone(session.joinCode);
		const opened = nextEvent<PupilUpdate>(socket, 'pupil:update');
		const view = await data<SessionView>(ask(teacher, 'block:open', { blockId: 'lijn' }));
		expect(view.thinking).toMatchObject({ blockId: 'lijn', durationMs: 20_000 });
		expect((await opened).view.thinking).toMatchObject({ blockId: 'lijn' });
		const answer = { blockId: 'lijn', value: { kind: 'position', value: 40 } };
		expect(await ask(socket, 'answer:submit', answer)).toEqual({ error: 'think-time' });
		const extended = await data<SessionView>(
			ask(teacher, 'think:extend', { seconds: 30, extensionId: 'ext-1' })
		);
		expect(extended.thinking).toMatchObject({ durationMs: 50_000 });
		expect(await ask(teacher, 'think:extend', { seconds: 3000, extensionId: 'ext-2' })).toEqual({
			error: 'invalid-payload'
		});
		expect((await data<SessionView>(ask(teacher, 'think:skip', {}))).thinking).toBeNull();
		expect(await ask(socket, 'answer:submit', answer)).toEqual({ data: { stored: true } });
		expect(await ask(teacher, 'think:skip', {})).toEqual({ error: 'no-think-time' });
	});
});

describe('ground rules the class agrees to, over sockets', () => {
	it('sends the board how many join in, and the phone the rules to agree to', async () => {
		const session = await server.startSession(methodsLesson.slug);
		const teacher = await teacherOf(session);
		const board = await server.client();
		await data(
			ask(board, 'board:attach', { sessionId: session.sessionId, boardSecret: session.boardSecret })
		);
		const phones = [await phone(session.joinCode), await phone(session.joinCode)];
		const opened = nextEvent<PupilUpdate>(phones[0].socket, 'pupil:update');
		await data(ask(teacher, 'block:open', { blockId: 'regels' }));
		expect((await opened).block).toMatchObject({
			id: 'regels',
			type: 'gespreksregels',
			agree: true
		});
		const counted = new Promise<LiveResults>((resolve) =>
			board.on('results:update', (results) => {
				if (results.blockId === 'regels' && results.answered === 2) resolve(results);
			})
		);
		for (const { socket } of phones)
			expect(
				await ask(socket, 'answer:submit', { blockId: 'regels', value: { kind: 'agree' } })
			).toEqual({
				data: { stored: true }
			});
		expect(await counted).toMatchObject({ answered: 2, passes: 0 });
		expect(
			await ask(phones[0].socket, 'answer:submit', {
				blockId: 'regels',
				value: { kind: 'agree', x: 1 }
			})
		).toEqual({
			error: 'invalid-payload'
		});
	});
});

describe("the phone's own state in the dialogue methods", () => {
	it('follows its sign, steps out and back in, and forgets the sign when the block closes', async () => {
		const session = await server.startSession(methodsLesson.slug);
		const teacher = await teacherOf(session);
		const phones = [pupilSession(session.joinCode), pupilSession(session.joinCode)];
		await until(() => phones.every((live) => live.phase === 'ready'));
		await data(ask(teacher, 'block:open', { blockId: 'mening' }));
		await until(() => phones.every((live) => live.block?.id === 'mening'));
		await phones[0].answer({ kind: 'scale', value: 1 });
		await phones[1].answer({ kind: 'scale', value: 5 });
		await data(ask(teacher, 'block:open', { blockId: 'praten' }));
		await until(() => phones.every((live) => live.pairing?.state === 'waiting'));
		expect(phones[0].fate).toBeNull();

		await data(ask(teacher, 'pairs:make', { blockId: 'praten' }));
		await until(() => phones.every((live) => live.pairing?.state === 'paired'));
		expect(phones[0].pairing!.sign).toEqual(phones[1].pairing!.sign);
		expect(phones[0].pairing).toMatchObject({ partners: 1, across: true });

		expect(await phones[0].takePart(false)).toBe(true);
		expect(phones[0].pairing).toMatchObject({ state: 'out' });
		// The partner, left without a group, hears it on its own.
		await until(() => phones[1].pairing?.state === 'unpaired');
		expect(phones[1].pairing).toMatchObject({ why: 'alone' });
		// Back in, they are a pair again.
		expect(await phones[0].takePart(true)).toBe(true);
		await until(() => phones.every((live) => live.pairing?.state === 'paired'));
		expect(phones[0].pairing!.sign).toEqual(phones[1].pairing!.sign);

		await data(ask(teacher, 'block:close', {}));
		await until(() => phones.every((live) => live.pairing === null));
	});

	it('counts think time down and sends an answer given too early once the teacher skips', async () => {
		const session = await server.startSession(methodsLesson.slug);
		const teacher = await teacherOf(session);
		const live = pupilSession(session.joinCode);
		await until(() => live.phase === 'ready');
		await data(ask(teacher, 'block:open', { blockId: 'lijn' }));
		await until(() => live.block?.id === 'lijn');
		expect(live.thinkingLeft).toBeGreaterThan(15_000);
		expect(live.thinkingLeft).toBeLessThanOrEqual(20_000);
		// A phone whose buttons opened a moment early: the answer waits, it is not lost.
		const sent = live.answer({ kind: 'position', value: 70 });
		await until(() => live.answerState === 'sending');
		await data(ask(teacher, 'think:skip', {}));
		await until(() => live.thinkingLeft === 0);
		expect(await sent).toBe(true);
		expect(live.answerState).toBe('received');
	}, 15_000);
});
