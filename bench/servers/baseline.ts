// The baseline: bare socket.io speaking just enough of Klasgesprek's protocol for the load
// generator to run the same classrooms against it. An answer replaces the pupil's previous one
// in memory, the room's counts are emitted to the board at once, and that is all: no schema,
// no store, no coalescing, no rate limits. Same transport settings as the real server, so the
// difference between the two is what Klasgesprek itself costs.
//
//   node bench/servers/baseline.ts        (PORT, HOST as for the real server)

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import { transportOptions } from '../../src/lib/server/realtime/index.ts';

/**
 * Deliberate mistakes, so tests can prove the harness notices them: the nth answer the server
 * receives (counting from 1) is acknowledged but not counted, or counted twice.
 */
export interface BaselineFault {
	dropAnswer?: number;
	countTwice?: number;
}

interface Room {
	id: string;
	joinCode: string;
	hostSecret: string;
	openBlockId: string | null;
	options: number;
	/** The current answer of each pupil token: an option index, or -1 for a pass. */
	answers: Map<string, number>;
	counts: number[];
	passes: number;
}

interface AnswerPayload {
	blockId: string;
	value: { kind: 'choice'; options: number[] } | { kind: 'pass' };
}

type Reply = (response: unknown) => void;

const optionsPerPoll = 4;

function resultsOf(room: Room, blockId: string) {
	const answered = room.counts.reduce((sum, count) => sum + count, 0);
	return {
		blockId,
		answered,
		passes: room.passes,
		distribution: { kind: 'choice', counts: [...room.counts], moves: [] },
		withheld: null
	};
}

function viewOf(room: Room) {
	return { id: room.id, joinCode: room.joinCode, step: 1, openBlockId: room.openBlockId };
}

function pollOf(room: Room) {
	return room.openBlockId ? { id: room.openBlockId, type: 'poll' } : null;
}

export async function startBaseline(
	options: { port?: number; host?: string; fault?: BaselineFault } = {}
): Promise<{ url: string; close: () => Promise<void> }> {
	const rooms = new Map<string, Room>();
	const roomsByCode = new Map<string, Room>();
	let answersReceived = 0;

	// The one page the generator needs: start a session, as the lesson page's Start does.
	const http = createServer((request: IncomingMessage, response: ServerResponse) => {
		// The host view, for its board link: bare socket.io has no separate board secret.
		const hostView = request.method === 'GET' && request.url?.match(/^\/host\/([\w-]+)$/);
		if (hostView && rooms.has(hostView[1])) {
			const room = rooms.get(hostView[1])!;
			response.end(`<input value="/board/${room.id}?key=${room.hostSecret}">`);
			return;
		}
		if (request.method !== 'POST' || !request.url?.startsWith('/lessons/')) {
			response.writeHead(404).end();
			return;
		}
		request.resume();
		const room: Room = {
			id: randomBytes(9).toString('base64url'),
			joinCode: String(100_000 + rooms.size).padStart(6, '0'),
			hostSecret: randomBytes(16).toString('base64url'),
			openBlockId: null,
			options: optionsPerPoll,
			answers: new Map(),
			counts: new Array<number>(optionsPerPoll).fill(0),
			passes: 0
		};
		rooms.set(room.id, room);
		roomsByCode.set(room.joinCode, room);
		response
			.writeHead(303, {
				location: `/host/${room.id}`,
				'set-cookie': `klasgesprek-host-${room.id}=${room.hostSecret}; Path=/`
			})
			.end();
	});

	const io = new Server(http, transportOptions);

	function count(room: Room, token: string, value: AnswerPayload['value']) {
		const previous = room.answers.get(token);
		if (previous === -1) room.passes -= 1;
		else if (previous !== undefined) room.counts[previous] -= 1;
		const next = value.kind === 'pass' ? -1 : value.options[0];
		room.answers.set(token, next);
		if (next === -1) room.passes += 1;
		else room.counts[next] += 1;
	}

	io.on('connection', (socket) => {
		let room: Room | undefined;
		let pupilToken: string | undefined;

		const attach = (as: 'host' | 'board') => (payload: { sessionId: string }, reply: Reply) => {
			room = rooms.get(payload.sessionId);
			if (!room) return reply({ error: 'session-not-found' });
			void socket.join(`${room.id}:${as}`);
			const results = room.openBlockId
				? { [room.openBlockId]: resultsOf(room, room.openBlockId) }
				: {};
			reply({ data: { view: viewOf(room), results, walls: {}, queue: [] } });
		};
		socket.on('host:attach', attach('host'));
		socket.on('board:attach', attach('board'));

		socket.on('block:open', ({ blockId }: { blockId: string }, reply: Reply) => {
			if (!room) return reply({ error: 'not-attached' });
			room.openBlockId = blockId;
			io.to(`${room.id}:pupils`).emit('pupil:update', {
				view: viewOf(room),
				block: pollOf(room),
				questionBox: null
			});
			reply({ data: viewOf(room) });
		});

		/** Attaches the socket as the pupil with `token`: what the phone shows, its answer included. */
		const resume = (sessionId: string, token: string) => {
			room = rooms.get(sessionId);
			if (!room) return null;
			pupilToken = token;
			void socket.join(`${room.id}:pupils`);
			const current = room.answers.get(pupilToken);
			const myAnswer =
				current === undefined
					? null
					: current === -1
						? { kind: 'pass' }
						: { kind: 'choice', options: [current] };
			return { view: viewOf(room), block: pollOf(room), questionBox: null, myAnswer };
		};

		// As Klasgesprek's: with `resume`, the join attaches the socket and answers the snapshot too.
		socket.on(
			'pupil:join',
			({ code, resume: andResume }: { code: string; resume?: boolean }, reply: Reply) => {
				const found = roomsByCode.get(code);
				if (!found) return reply({ error: 'unknown-code' });
				const token = randomBytes(16).toString('base64url');
				const snapshot = andResume ? resume(found.id, token) : null;
				reply({ data: { sessionId: found.id, token, ...(snapshot && { snapshot }) } });
			}
		);

		socket.on('pupil:resume', (payload: { sessionId: string; token: string }, reply: Reply) => {
			const snapshot = resume(payload.sessionId, payload.token);
			reply(snapshot ? { data: snapshot } : { error: 'session-not-found' });
		});

		socket.on('answer:submit', ({ blockId, value }: AnswerPayload, reply: Reply) => {
			if (!room || !pupilToken) return reply({ error: 'not-attached' });
			answersReceived += 1;
			if (answersReceived !== options.fault?.dropAnswer) count(room, pupilToken, value);
			if (answersReceived === options.fault?.countTwice) count(room, `${pupilToken}-again`, value);
			reply({ data: { stored: true } });
			const results = resultsOf(room, blockId);
			io.to([`${room.id}:board`, `${room.id}:host`]).emit('results:update', results);
		});
	});

	await new Promise<void>((resolve) =>
		http.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve)
	);
	const { port } = http.address() as AddressInfo;
	return {
		url: `http://${options.host ?? '127.0.0.1'}:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				io.close(() => resolve());
				http.closeAllConnections();
			})
	};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const server = await startBaseline({
		port: Number(process.env.PORT ?? 3001),
		host: process.env.HOST ?? '127.0.0.1'
	});
	console.log(`baseline socket.io listening on ${server.url}`);
	const stop = () => void server.close().then(() => process.exit(0));
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}
