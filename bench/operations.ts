// `npm run bench:ops`: what one operation costs each server's CPU, measured one at a time.
//
// The classroom bench (bench.ts) measures a whole lesson's load, where the two cores are shared
// by the servers and the generator and a busy moment queues everything behind it. This one sends
// one operation at a time from one client and reads the server's CPU time around each kind:
// every thread of the process (the garbage collector's too), in nanoseconds, from
// /proc/<pid>/task/*/schedstat, less what the process spends idle in the same time. So it says what an operation costs, apart from what the machine
// is doing, and Klasgesprek's ratio to bare socket.io per kind of operation. Linux only.
//
//   npm run bench:ops                          20 rooms x 30 pupils, both servers twice
//   npm run bench:ops -- --rooms 10 --pupils 30 --rounds 1
//   npm run bench:ops -- --before ../before   this checkout against another one of Klasgesprek
//                                             (a worktree of an earlier commit, with its own
//                                             `npm run build`) instead of bare socket.io: what a
//                                             change saved, per operation
//
// Per round and server, on fresh lessons: rooms are started as the Start button and the console
// do it (the start, the console's page, a host and a board attached); pupils join by code as the
// phone does (join with resume); each pupil answers alone, waiting for the acknowledgement; then
// each class answers at once. Rounds alternate which server goes first; a table shows each
// server's lowest CPU per operation over the rounds (noise only ever adds) and the ratio.

import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Socket } from 'socket.io-client';
import { boardSecretFromConsole, connect, request, startLesson } from './load/classroom.ts';
import { table } from './load/stats.ts';
import { root, startOn, stopServer, type Spawned } from './servers/spawn.ts';

const { values: args } = parseArgs({
	options: {
		rooms: { type: 'string', default: '20' },
		pupils: { type: 'string', default: '30' },
		rounds: { type: 'string', default: '2' },
		before: { type: 'string' }
	}
});
const rooms = Number(args.rooms);
const pupils = Number(args.pupils);
const rounds = Number(args.rounds);
for (const [name, value] of Object.entries({ rooms, pupils, rounds }))
	if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number`);

const lesson = 'bench-peiling';
const blockId = 'peiling';

/** CPU nanoseconds of every thread of `pid` so far. */
function cpuNanoseconds(pid: number): number {
	let total = 0;
	for (const task of readdirSync(`/proc/${pid}/task`)) {
		try {
			total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
		} catch {
			// A thread that ended between the listing and the read: its time is in the process's.
		}
	}
	return total;
}

function residentKilobytes(pid: number): number {
	const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
	return match ? Number(match[1]) : 0;
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Each room comes from a school of its own, as in the classroom bench (ADDRESS_HEADER). */
const schoolOf = (round: number, room: number) => `10.${round}.${room}.1`;

/** A command's answer, or a thrown error saying which command failed. */
const ask = <T>(socket: Socket, event: string, payload: unknown) =>
	request<T>(socket, 10_000, event, payload);

interface Room {
	sessionId: string;
	joinCode: string;
	school: string;
	sockets: Socket[];
	pupils: Socket[];
}

/** Operation name → CPU nanoseconds per operation. */
type Costs = Record<string, number>;

async function measureServer(
	server: Spawned,
	round: number,
	rooms: number
): Promise<Costs & { rssKbPerPupil: number }> {
	const pid = server.process.pid!;
	const url = server.url;
	const costs: Costs = {};
	// What the process spends doing nothing in particular (timers, pings), taken off each figure.
	const idleStart = cpuNanoseconds(pid);
	await pause(1_000);
	const idlePerMs = (cpuNanoseconds(pid) - idleStart) / 1_000;
	/** Runs `work`, lets the server finish what it coalesces, and books the CPU per operation. */
	const booked = async <T>(name: string, count: number, work: () => Promise<T>): Promise<T> => {
		const before = cpuNanoseconds(pid);
		const startedAt = performance.now();
		const result = await work();
		await pause(300);
		const idle = idlePerMs * (performance.now() - startedAt);
		costs[name] = Math.max(0, cpuNanoseconds(pid) - before - idle) / count;
		return result;
	};
	const schools = Array.from({ length: rooms }, (_, index) => schoolOf(round, index));
	const lessons = await booked('lesson started (HTTP)', rooms, () =>
		Promise.all(
			schools.map(async (school) => ({ school, ...(await startLesson(url, lesson, school)) }))
		)
	);
	const boardSecrets: string[] = [];
	await booked('console page (HTTP)', rooms, async () => {
		for (const started of lessons)
			boardSecrets.push(await boardSecretFromConsole(url, started, started.school));
	});
	const started: Room[] = [];
	await booked('host and board attached', rooms, async () => {
		for (const [index, { school, sessionId, hostSecret }] of lessons.entries()) {
			const host = await connect(url, school);
			const view = await ask<{ view: { joinCode: string } }>(host, 'host:attach', {
				sessionId,
				hostSecret
			});
			const board = await connect(url, school);
			await ask(board, 'board:attach', { sessionId, boardSecret: boardSecrets[index] });
			started.push({
				sessionId,
				joinCode: view.view.joinCode,
				school,
				sockets: [host, board],
				pupils: []
			});
		}
	});

	const rssBefore = residentKilobytes(pid);
	await booked('pupil joined', rooms * pupils, async () => {
		for (const room of started)
			for (let index = 0; index < pupils; index += 1) {
				const phone = await connect(url, room.school);
				const joined = await ask<{ snapshot?: unknown }>(phone, 'pupil:join', {
					code: room.joinCode,
					resume: true
				});
				if (!joined.snapshot) throw new Error('join: no snapshot');
				room.pupils.push(phone);
			}
	});
	const rssKbPerPupil = (residentKilobytes(pid) - rssBefore) / (rooms * pupils);

	for (const room of started) await ask(room.sockets[0], 'block:open', { blockId });
	await pause(400);
	const answer = (phone: Socket, option: number) =>
		ask(phone, 'answer:submit', { blockId, value: { kind: 'choice', options: [option] } });
	await booked('answer, one at a time', rooms * pupils, async () => {
		for (const room of started)
			for (const [index, phone] of room.pupils.entries()) await answer(phone, index % 4);
	});
	await booked('answer, a class at once', rooms * pupils, async () => {
		for (const room of started)
			await Promise.all(room.pupils.map((phone, index) => answer(phone, (index + 1) % 4)));
	});
	for (const room of started)
		for (const socket of [...room.sockets, ...room.pupils]) socket.close();
	await pause(500);
	return { ...costs, rssKbPerPupil };
}

const dataDirectory = mkdtempSync(join(tmpdir(), 'klasgesprek-ops-'));
/** Klasgesprek's production server, from this checkout or from `directory` (its own build). */
const klasgesprekOn = (port: number, name: string, directory?: string) =>
	startOn(
		port,
		name,
		'server.ts',
		{
			DATABASE_PATH: join(dataDirectory, `${name}.sqlite`),
			ADDRESS_HEADER: 'x-forwarded-for',
			LESSONS_DIR: join(root, 'bench', 'lessons')
		},
		[],
		directory && resolve(directory)
	);
/** What Klasgesprek is held against: bare socket.io, or with --before another checkout of itself. */
const reference = args.before ? 'before' : 'baseline';
const servers = {
	reference: args.before
		? await klasgesprekOn(4500 + Math.floor(Math.random() * 500), 'before', args.before)
		: await startOn(
				4500 + Math.floor(Math.random() * 500),
				'baseline',
				'bench/servers/baseline.ts',
				{}
			),
	klasgesprek: await klasgesprekOn(5000 + Math.floor(Math.random() * 500), 'klasgesprek')
};

type Name = keyof typeof servers;
const results: Record<Name, (Costs & { rssKbPerPupil: number })[]> = {
	reference: [],
	klasgesprek: []
};
try {
	// A room each first, not counted: a process's first requests load its code.
	for (const name of ['reference', 'klasgesprek'] as const)
		await measureServer(servers[name], 0, 1);
	for (let round = 1; round <= rounds; round += 1) {
		const order: Name[] = round % 2 ? ['reference', 'klasgesprek'] : ['klasgesprek', 'reference'];
		for (const name of order) {
			const costs = await measureServer(servers[name], round, rooms);
			results[name].push(costs);
			console.log(`  ${(name === 'reference' ? reference : name).padEnd(11)} round ${round} done`);
		}
	}
} finally {
	await Promise.all(Object.values(servers).map(stopServer));
	rmSync(dataDirectory, { recursive: true, force: true });
}

const lowest = (name: Name, operation: string) =>
	Math.min(...results[name].map((costs) => costs[operation]));
const operations = Object.keys(results.klasgesprek[0]).filter((key) => key !== 'rssKbPerPupil');
const microseconds = (nanoseconds: number) => (nanoseconds / 1_000).toFixed(0);
console.log(
	`\n${rooms} rooms x ${pupils} pupils, ${rounds} round(s); CPU µs per operation, every thread, ` +
		`lowest of the rounds\n`
);
console.log(
	table(
		['operation', reference, 'klasgesprek', 'ratio'],
		operations.map((operation) => [
			operation,
			microseconds(lowest('reference', operation)),
			microseconds(lowest('klasgesprek', operation)),
			(lowest('klasgesprek', operation) / lowest('reference', operation)).toFixed(2)
		])
	)
);
const rss = (name: Name) => results[name].map((costs) => costs.rssKbPerPupil.toFixed(1)).join(', ');
console.log(
	`\nRSS growth per joined pupil, KB, per round: ${reference} ${rss('reference')}; klasgesprek ${rss('klasgesprek')}`
);
