import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
	ControlSnapshot,
	OwnResponse,
	PupilSnapshot,
	PupilUpdate,
	QueuedResponse
} from '../../src/lib/protocol.ts';
import { pendingResponsesPerBlock } from '../../src/lib/server/limits.ts';
import { ask, data, nextEvent, TestServer, untyped, wait, type Client } from './harness.ts';

let server: TestServer;

beforeEach(async () => {
	server = new TestServer();
	await server.start();
});
afterEach(async () => {
	await server.dispose();
});

let clientIds = 0;
const clientId = () => `phone-${(clientIds += 1)}`;

/** Records every event a socket receives, to prove what it never saw. */
function recorder(socket: Client) {
	const received: string[] = [];
	socket.onAny((event: string, ...args: unknown[]) =>
		received.push(`${event} ${JSON.stringify(args)}`)
	);
	return received;
}

async function setUp(pupilCount: number) {
	const session = await server.startSession();
	const host = await server.client();
	const snapshot = await data<ControlSnapshot>(
		ask(host, 'host:attach', { sessionId: session.sessionId, hostSecret: session.hostSecret })
	);
	const board = await server.client();
	await data(
		ask(board, 'board:attach', { sessionId: session.sessionId, boardSecret: session.boardSecret })
	);
	const pupils = await Promise.all(
		Array.from({ length: pupilCount }, async () => {
			const socket = await server.client();
			const credentials = await data<{ sessionId: string; token: string }>(
				ask(socket, 'pupil:join', { code: session.joinCode })
			);
			await data<PupilSnapshot>(ask(socket, 'pupil:resume', credentials));
			return socket;
		})
	);
	// Written blocks open like answer blocks in the next version of the host view; the state is set directly here.
	const opened = { ...(await server.sessions.getSession(session.sessionId))!, openBlockId: 'stil' };
	await server.store.updateSession(opened);
	return { session, host, board, pupils, snapshot };
}

const queueOf = async (host: Client) => {
	let latest: QueuedResponse[] = [];
	host.on('queue:update', (queue) => (latest = queue));
	return () => latest;
};

describe('moderated responses over sockets', () => {
	it('tells the phone whether it may reply on the wall: in a stil debat, not under an open question', async () => {
		const { session } = await setUp(0);
		const { socket: phone, credentials } = await server.phone(session);
		const resume = () => data<PupilSnapshot>(ask(phone, 'pupil:resume', credentials));
		expect((await resume()).block).toMatchObject({ id: 'stil', replies: true });
		const stored = (await server.sessions.getSession(session.sessionId))!;
		await server.store.updateSession({ ...stored, openBlockId: 'waarom' });
		expect((await resume()).block).toMatchObject({ id: 'waarom', replies: false });
	});

	it('never sends an unapproved or hidden response to another pupil or the board', async () => {
		const { host, board, pupils } = await setUp(3);
		const [writer, ...others] = pupils;
		const seenByOthers = others.map(recorder);
		const seenByBoard = recorder(board);
		const queue = await queueOf(host);

		for (const text of ['NIET-GOEDGEKEURD', 'VERBORGEN', 'GOEDGEKEURD']) {
			await data<OwnResponse>(
				ask(writer, 'response:submit', { blockId: 'stil', text, clientId: clientId() })
			);
		}
		await wait(50);
		const [pending, hidden, approved] = queue();
		expect(queue().map((response) => response.status)).toEqual(['pending', 'pending', 'pending']);
		expect(JSON.stringify(queue())).not.toMatch(/pupil|phone-/);
		await data(ask(host, 'response:hide', { responseId: hidden.id }));
		await data(ask(host, 'response:approve', { responseId: approved.id }));
		await wait(50);
		void pending;

		for (const seen of [...seenByOthers, seenByBoard]) {
			const everything = seen.join('\n');
			expect(everything).toContain('GOEDGEKEURD');
			expect(everything).not.toContain('NIET-GOEDGEKEURD');
			expect(everything).not.toContain('VERBORGEN');
			expect(everything).not.toMatch(/flags|pupilKey/);
		}
	});

	it('sends the class and the console the wall only when it changed, the host every change of the queue', async () => {
		const { host, board, pupils } = await setUp(2);
		const [writer, other] = pupils;
		const walls = { board: 0, other: 0, host: 0 };
		board.on('wall:update', () => (walls.board += 1));
		other.on('wall:update', () => (walls.other += 1));
		// The console's preview of the board shows the same wall.
		host.on('wall:update', () => (walls.host += 1));
		const queue = await queueOf(host);

		for (const text of ['eerste', 'tweede'])
			await data<OwnResponse>(
				ask(writer, 'response:submit', { blockId: 'stil', text, clientId: clientId() })
			);
		await wait(50);
		expect(queue()).toHaveLength(2);
		// Waiting responses, and one hidden before it was shown, change nothing anyone sees.
		await data(ask(host, 'response:hide', { responseId: queue()[1].id }));
		await wait(50);
		expect(walls).toEqual({ board: 0, other: 0, host: 0 });

		await data(ask(host, 'response:approve', { responseId: queue()[0].id }));
		await wait(50);
		expect(walls).toEqual({ board: 1, other: 1, host: 1 });
		// Hiding a shown response takes it off the wall, so the class hears of it.
		await data(ask(host, 'response:hide', { responseId: queue()[0].id }));
		await wait(50);
		expect(walls).toEqual({ board: 2, other: 2, host: 2 });
	});

	it('shows markup as the text it is', async () => {
		const { host, pupils } = await setUp(1);
		const queue = await queueOf(host);
		const text = '<script>alert(1)</script><img src=x onerror=alert(1)>';
		await data(ask(pupils[0], 'response:submit', { blockId: 'stil', text, clientId: clientId() }));
		await wait(30);
		expect(queue()[0].text).toBe(text);
	});

	it('holds a flagged response with its reason, and approve-all leaves it waiting', async () => {
		const { host, pupils } = await setUp(2);
		const queue = await queueOf(host);
		await data(
			ask(pupils[0], 'response:submit', {
				blockId: 'stil',
				text: 'Ik maak je af',
				clientId: clientId()
			})
		);
		await data(
			ask(pupils[1], 'response:submit', {
				blockId: 'stil',
				text: 'Ik denk van niet',
				clientId: clientId()
			})
		);
		expect(await data(ask(host, 'responses:approve-all', { blockId: 'stil' }))).toEqual({
			approved: 1
		});
		await wait(30);
		expect(
			queue().map((response) => [
				response.text,
				response.status,
				response.flags.map((flag) => flag.kind)
			])
		).toEqual([
			['Ik maak je af', 'pending', ['threat']],
			['Ik denk van niet', 'approved', []]
		]);
	});

	it('cannot forge withdrawals, votes or moderation for other pupils’ responses', async () => {
		const { host, pupils } = await setUp(2);
		const [writer, other] = pupils;
		const own = await data<OwnResponse>(
			ask(writer, 'response:submit', { blockId: 'stil', text: 'van mij', clientId: clientId() })
		);
		expect(await ask(other, 'response:withdraw', { responseId: own.id })).toEqual({
			error: 'not-your-response'
		});
		expect(await ask(other, 'response:vote', { responseId: own.id })).toEqual({
			error: 'not-shown'
		});
		for (const event of ['response:approve', 'response:hide']) {
			expect(await ask(other, event, { responseId: own.id })).toEqual({ error: 'not-host' });
		}
		expect(await ask(other, 'responses:approve-all', { blockId: 'stil' })).toEqual({
			error: 'not-host'
		});
		expect(await ask(other, 'response:return', { responseId: own.id, prompt: 'x' })).toEqual({
			error: 'not-host'
		});
		await data(ask(host, 'response:approve', { responseId: own.id }));
		expect(await ask(writer, 'response:vote', { responseId: own.id })).toEqual({
			error: 'own-response'
		});
		expect(await ask(other, 'response:vote', { responseId: own.id })).toEqual({
			data: { counted: true }
		});
		expect(await ask(other, 'response:vote', { responseId: own.id })).toEqual({
			data: { counted: false }
		});
		expect(
			(await server.moderation.wall((await server.sessions.liveSessions())[0], 'stil'))[0].votes
		).toBe(1);
	});

	it('returns a response for rephrasing to the writer’s phone only', async () => {
		const { host, pupils } = await setUp(2);
		const [writer, other] = pupils;
		const seenByOther = recorder(other);
		const returned = new Promise<OwnResponse[]>((resolve) =>
			writer.on('own:update', ({ own }) => own.some((r) => r.status === 'returned') && resolve(own))
		);
		const own = await data<OwnResponse>(
			ask(writer, 'response:submit', {
				blockId: 'stil',
				text: 'die lui zijn dom',
				clientId: clientId()
			})
		);
		await data(
			ask(host, 'response:return', { responseId: own.id, prompt: 'Formuleer het respectvol' })
		);
		expect((await returned)[0]).toMatchObject({
			status: 'returned',
			returnPrompt: 'Formuleer het respectvol'
		});
		await wait(30);
		expect(seenByOther.join('\n')).not.toContain('respectvol');
		const rephrased = await data<OwnResponse>(
			ask(writer, 'response:submit', {
				blockId: 'stil',
				text: 'Ik snap hun keuzes niet',
				clientId: clientId(),
				replaces: own.id
			})
		);
		expect(rephrased.status).toBe('pending');
	});

	it('pauses submissions with a clear error', async () => {
		const { host, pupils } = await setUp(1);
		await data(ask(host, 'block:pause', { blockId: 'stil', paused: true }));
		expect(
			await ask(pupils[0], 'response:submit', {
				blockId: 'stil',
				text: 'nu even niet',
				clientId: clientId()
			})
		).toEqual({
			error: 'submissions-paused'
		});
	});

	it('bounds a flood of responses from one phone', async () => {
		const { pupils } = await setUp(1);
		const responses = await Promise.all(
			Array.from({ length: 30 }, (_, index) =>
				ask(pupils[0], 'response:submit', {
					blockId: 'stil',
					text: `spam ${index}`,
					clientId: clientId()
				}).catch(() => null)
			)
		);
		const limited = responses.filter(
			(response) => response && 'error' in response && response.error === 'rate-limited'
		);
		expect(limited.length).toBeGreaterThan(10);
		expect(
			(await server.moderation.queue((await server.sessions.liveSessions())[0])).length
		).toBeLessThanOrEqual(20);
	});

	it('bounds a flood from a whole room, while another room carries on', async () => {
		// Each pupil stays within their own limit; together they pass the room's.
		const { pupils } = await setUp(7);
		const calm = await server.startSession();
		const calmPupil = await server.client();
		const credentials = await data<{ sessionId: string; token: string }>(
			ask(calmPupil, 'pupil:join', { code: calm.joinCode })
		);
		await data(ask(calmPupil, 'pupil:resume', credentials));
		await server.store.updateSession({
			...(await server.sessions.getSession(calm.sessionId))!,
			openBlockId: 'stil'
		});

		const responses = await Promise.all(
			pupils.flatMap((socket) =>
				Array.from({ length: 15 }, (_, index) =>
					ask(socket, 'response:submit', {
						blockId: 'stil',
						text: `golf ${index}`,
						clientId: clientId()
					}).catch(() => null)
				)
			)
		);
		const limited = responses.filter(
			(response) => response && 'error' in response && response.error === 'rate-limited'
		);
		expect(limited.length).toBeGreaterThanOrEqual(15);
		expect(
			await ask(calmPupil, 'response:submit', {
				blockId: 'stil',
				text: 'rustig hier',
				clientId: clientId()
			})
		).toMatchObject({ data: { status: 'pending' } });
	});

	it('bounds one pupil’s waiting responses however many tabs they open', async () => {
		const { session, host } = await setUp(0);
		const tabs = await Promise.all(Array.from({ length: 5 }, () => server.client()));
		const credentials = await data<{ sessionId: string; token: string }>(
			ask(tabs[0], 'pupil:join', { code: session.joinCode })
		);
		await Promise.all(tabs.map((tab) => data(ask(tab, 'pupil:resume', credentials))));
		const queue = await queueOf(host);

		const responses = await Promise.all(
			tabs.flatMap((tab) =>
				Array.from({ length: 4 }, (_, index) =>
					ask<OwnResponse>(tab, 'response:submit', {
						blockId: 'stil',
						text: `tab ${index}`,
						clientId: clientId()
					})
				)
			)
		);
		expect(responses.filter((response) => 'data' in response)).toHaveLength(
			pendingResponsesPerBlock
		);
		expect(
			responses.filter((response) => 'error' in response && response.error === 'too-many-pending')
		).toHaveLength(20 - pendingResponsesPerBlock);
		await wait(50);
		expect(queue()).toHaveLength(pendingResponsesPerBlock);
	});

	it('refuses malformed responses', async () => {
		const { pupils } = await setUp(1);
		for (const payload of [
			{ blockId: 'stil', text: 42, clientId: clientId() },
			{ blockId: 'stil', text: 'x'.repeat(2001), clientId: clientId() },
			{ blockId: 'stil', text: 'ok', clientId: 'bad id!' },
			{ blockId: 'stil', text: 'ok' }
		]) {
			await wait(220);
			expect(await ask(pupils[0], 'response:submit', payload)).toEqual({
				error: 'invalid-payload'
			});
		}
		untyped(pupils[0]).emit('response:submit', {
			blockId: 'stil',
			text: 'no callback',
			clientId: clientId()
		});
		await wait(50);
		expect(await server.moderation.queue((await server.sessions.liveSessions())[0])).toEqual([]);
	});
});

describe('structured dialogue', () => {
	it('queues a stelling reason with its position and shows approved reasons grouped on the wall', async () => {
		const { host, board, pupils } = await setUp(2);
		const session = (await server.sessions.liveSessions())[0];
		await server.store.updateSession({ ...session, openBlockId: 'voor' });
		const queue = await queueOf(host);
		const walls: unknown[] = [];
		board.on('wall:update', (update) => walls.push(update));
		await data(
			ask(pupils[0], 'answer:submit', {
				blockId: 'voor',
				value: { kind: 'scale', value: 5, reason: 'Vrijheid is het belangrijkst' }
			})
		);
		await data(
			ask(pupils[1], 'answer:submit', {
				blockId: 'voor',
				value: { kind: 'scale', value: 1, reason: 'Woorden kunnen kwetsen' }
			})
		);
		await wait(50);
		expect(queue().map((response) => [response.text, response.question, response.status])).toEqual([
			['Vrijheid is het belangrijkst', 5, 'pending'],
			['Woorden kunnen kwetsen', 1, 'pending']
		]);
		expect(JSON.stringify(walls)).not.toContain('Vrijheid');
		// A changed reason replaces the waiting one.
		await wait(250);
		await data(
			ask(pupils[0], 'answer:submit', {
				blockId: 'voor',
				value: { kind: 'scale', value: 4, reason: 'Bijna alles mag' }
			})
		);
		await wait(50);
		expect(queue().map((response) => response.text)).toEqual([
			'Woorden kunnen kwetsen',
			'Bijna alles mag'
		]);
		for (const response of queue())
			await data(ask(host, 'response:approve', { responseId: response.id }));
		await wait(50);
		expect(walls.at(-1)).toMatchObject({
			blockId: 'voor',
			wall: [
				{ text: 'Woorden kunnen kwetsen', position: 1 },
				{ text: 'Bijna alles mag', position: 4 }
			]
		});
	});
});

describe('the vragenbus and what waits for the teacher', () => {
	it('takes questions from the start of the lesson; the teacher never opens it, it is open all lesson', async () => {
		const session = await server.startSession();
		const host = await server.host(session);
		const queue = await queueOf(host);
		const { socket: pupil, credentials } = await server.phone(session);
		const snapshot = await data<PupilSnapshot>(ask(pupil, 'pupil:resume', credentials));
		expect(snapshot.questionBox).toMatchObject({ id: 'vragen', type: 'vragenbus' });
		expect(snapshot.view.openBlockId).toBeNull();

		const own = await data<OwnResponse>(
			ask(pupil, 'response:submit', {
				blockId: 'vragen',
				text: 'Wat gebeurt er met mijn antwoorden?',
				clientId: clientId()
			})
		);
		expect(own.status).toBe('pending');
		await wait(50);
		expect(queue().map((response) => [response.text, response.waiting])).toEqual([
			['Wat gebeurt er met mijn antwoorden?', true]
		]);
		// Opening it would make it the phone's question of the moment, 'Jouw reactie' instead of 'Jouw vraag'.
		expect(await ask(host, 'block:open', { blockId: 'vragen' })).toEqual({
			error: 'open-all-lesson'
		});
		expect((await server.sessions.getSession(session.sessionId))!.openBlockId).toBeNull();
	});

	it('tells the phone its question stands on the board only while the board shows the vragenbus’s step', async () => {
		const session = await server.startSession();
		const host = await server.host(session);
		const { socket: pupil, credentials } = await server.phone(session);
		expect(
			(await data<PupilSnapshot>(ask(pupil, 'pupil:resume', credentials))).questionsOnBoard
		).toBe(false);
		const onBoard = async (command: string, payload: unknown) => {
			const update = nextEvent<PupilUpdate>(pupil, 'pupil:update');
			await data(ask(host, command, payload));
			return (await update).questionsOnBoard;
		};
		// The vragenbus stands in step 4, 'Verdieping'.
		expect(await onBoard('session:step', { step: 4 })).toBe(true);
		expect(await onBoard('block:open', { blockId: 'waarom' })).toBe(false);
		expect(await onBoard('block:close', {})).toBe(true);
		expect(await onBoard('board:blank', { blank: true })).toBe(false);
		expect(await onBoard('board:blank', { blank: false })).toBe(true);
		expect(await onBoard('board:mode', { mode: 'rules' })).toBe(false);
		expect(await onBoard('board:mode', { mode: 'step' })).toBe(true);
		expect(await onBoard('session:step', { step: 5 })).toBe(false);
		// A reconnecting phone hears it as well.
		await data(ask(host, 'session:step', { step: 4 }));
		expect(
			(await data<PupilSnapshot>(ask(pupil, 'pupil:resume', credentials))).questionsOnBoard
		).toBe(true);
	});

	it('counts a reason and a written response as waiting, an exit ticket answer never', async () => {
		const { host, pupils } = await setUp(2);
		const queue = await queueOf(host);
		await data(
			ask(pupils[0], 'response:submit', {
				blockId: 'stil',
				text: 'Luisteren',
				clientId: clientId()
			})
		);
		const stored = (await server.sessions.liveSessions())[0];
		await server.store.updateSession({ ...stored, openBlockId: 'voor' });
		await data(
			ask(pupils[0], 'answer:submit', {
				blockId: 'voor',
				value: { kind: 'scale', value: 2, reason: 'Woorden kunnen kwetsen' }
			})
		);
		const again = (await server.sessions.liveSessions())[0];
		await server.store.updateSession({ ...again, openBlockId: 'afsluiting' });
		await data(
			ask(pupils[1], 'response:submit', {
				blockId: 'afsluiting',
				text: 'Bel me op 06-12345678',
				question: 0,
				clientId: clientId()
			})
		);
		await wait(80);
		expect(
			queue().map((response) => [response.blockId, response.status, response.waiting])
		).toEqual([
			['stil', 'pending', true],
			['voor', 'pending', true],
			['afsluiting', 'pending', false]
		]);
	});
});
