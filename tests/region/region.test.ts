// Region mode as issue 12 has it done: three production nodes on one fresh PostgreSQL database
// behind HAProxy, one lesson spread over all three (host on A, board on B, a second host on C,
// pupils round robin on A, B and C and some through the balancer, a third of them on
// long-polling only). The phones and screens are the pages' own PupilSession and ControlSession,
// which retry and keep an outbox as a phone does. Then the faults: a node killed mid-poll,
// PostgreSQL restarted mid-lesson, a node that cannot reach the database at all.

import { spawn } from 'node:child_process';
import pg from 'pg';
import { io as connectRaw, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ControlSession } from '../../src/lib/live/control-session.svelte.ts';
import { PupilSession } from '../../src/lib/live/pupil-session.svelte.ts';
import type { LiveResults } from '../../src/lib/protocol.ts';
import { skippedBecause, testDatabaseUrl } from '../store/postgres-schema.ts';
import { Cluster, freePort, regionUnavailable, sleep, until } from './cluster.ts';

/**
 * What each phone's network adds to the next connection the live classes open: its school's
 * address (the nodes trust X-Forwarded-For, which a phone talking to a node directly must send
 * itself) and, on a network that blocks WebSockets, long-polling only. Set just before a
 * session's `start()`, which connects at once.
 */
const network = vi.hoisted(() => ({
	next: {} as Record<string, unknown>,
	/** Every socket the live classes opened, to ask which transport it ended up on. */
	opened: [] as { socket: { transport: string | null; active: boolean }; polling: boolean }[]
}));
vi.mock('../../src/lib/live/socket.ts', async (importOriginal) => {
	const original = await importOriginal<typeof import('../../src/lib/live/socket.ts')>();
	class Socket extends original.Socket<Record<string, never>> {
		constructor(options: import('../../src/lib/live/socket.ts').SocketOptions) {
			super({ ...options, ...network.next });
			network.opened.push({ socket: this, polling: 'transports' in network.next });
		}
	}
	return { ...original, Socket };
});

const buildDirectory = process.env.BUILD_DIR || 'build-region';
const lessonsDirectory = 'tests/fixtures/region-lessons';
const lesson = 'region-peiling';
const school = '10.12.0.1';
/** Pupils straight on the nodes, round robin, and through the balancer. */
const direct = 63;
const throughBalancer = 9;

const unavailable =
	(testDatabaseUrl ? null : `TEST_DATABASE_URL is not set: region tests ${skippedBecause}`) ??
	regionUnavailable(buildDirectory);
if (unavailable) console.warn(`tests/region/region.test.ts: ${unavailable}`);

/** A browser's storage, one per phone: the token survives a reconnect, the outbox too. */
function memoryStorage(): Storage {
	const items = new Map<string, string>();
	return {
		get length() {
			return items.size;
		},
		clear: () => items.clear(),
		getItem: (key) => items.get(key) ?? null,
		key: (index) => [...items.keys()][index] ?? null,
		removeItem: (key) => void items.delete(key),
		setItem: (key, value) => void items.set(key, String(value))
	};
}

type Place = 'A' | 'B' | 'C' | 'balancer';

interface Phone {
	session: PupilSession;
	place: Place;
	polling: boolean;
	/** The answers this phone sent per block, in order, and how each ended. */
	sent: Record<string, { option: number; accepted: Promise<boolean> }[]>;
}

let cluster: Cluster;
let database: pg.Pool;
/** Node index per role: A hosts, B shows the board, C (the one killed) has the second host. */
const node = { A: 0, B: 1, C: 2 };
let sessionId = '';
let joinCode = '';
let secrets = { host: '', board: '' };
const screens: ControlSession[] = [];
const phones: Phone[] = [];
const rawSockets: Socket[] = [];
let host: ControlSession;
let board: ControlSession;
let secondHost: ControlSession;

const urlOf = (place: Place) => (place === 'balancer' ? cluster.url : cluster.nodeUrl(node[place]));

function withNetwork<T>(options: Record<string, unknown>, open: () => T): T {
	network.next = { extraHeaders: { 'x-forwarded-for': school }, ...options };
	try {
		return open();
	} finally {
		network.next = {};
	}
}

function screen(role: 'host' | 'board', place: Place) {
	const control = new ControlSession(role, sessionId, secrets[role], { url: urlOf(place) });
	screens.push(control);
	withNetwork({}, () => control.start());
	return control;
}

function phone(place: Place, polling: boolean): Phone {
	const session = new PupilSession(joinCode, {
		url: urlOf(place),
		storage: { local: memoryStorage(), session: memoryStorage() }
	});
	withNetwork(polling ? { transports: ['polling'] } : {}, () => session.start());
	const one: Phone = { session, place, polling, sent: {} };
	phones.push(one);
	return one;
}

/** The pupil taps an option of the open block; the outbox takes it from there. */
function tap(one: Phone, blockId: string, option: number) {
	const accepted = one.session.answer({ kind: 'choice', options: [option] });
	(one.sent[blockId] ??= []).push({ option, accepted });
}

/** Per option, how many pupils' acknowledged answer (what their phone shows as received) it is. */
function acknowledgedCounts(blockId: string, among: Phone[] = phones): number[] {
	const counts = [0, 0, 0, 0];
	for (const one of among) {
		const value = one.session.answers[blockId];
		if (value?.kind === 'choice') counts[value.options[0]] += 1;
	}
	return counts;
}

/** Per option, the answers to `blockId` in the shared database. */
async function storedCounts(blockId: string): Promise<number[]> {
	const { rows } = await database.query<{ option: number; count: number }>(
		`SELECT (value->'options'->>0)::int AS option, count(*)::int AS count FROM answers
		 WHERE session_id = $1 AND block_id = $2 GROUP BY 1`,
		[sessionId, blockId]
	);
	const counts = [0, 0, 0, 0];
	for (const row of rows) counts[row.option] = row.count;
	return counts;
}

function shownCounts(results: LiveResults | undefined): number[] | null {
	return results?.distribution?.kind === 'choice' ? results.distribution.counts : null;
}

const allSynced = (among: Phone[] = phones) =>
	among.every((one) => one.session.synced && one.session.queued === 0);

/** Starts the lesson as its page's Start button does, on node A, and reads the board's link. */
async function startLesson(url: string) {
	const headers = { 'x-forwarded-for': school };
	const response = await fetch(`${url}/lessons/${lesson}?/start`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			...headers,
			origin: url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: ''
	});
	const id = response.headers.get('location')?.match(/\/host\/([^/?#]+)/)?.[1];
	const cookie = response.headers
		.getSetCookie()
		.find((line) => line.startsWith(`klasgesprek-host-${id}=`))
		?.split(';')[0];
	if (!id || !cookie) throw new Error(`start: HTTP ${response.status}`);
	const page = await (await fetch(`${url}/host/${id}`, { headers: { ...headers, cookie } })).text();
	const boardSecret = page.match(/\/board\/[^"?]+\?key=([\w-]+)/)?.[1];
	if (!boardSecret) throw new Error('host page without a board link');
	return { id, hostSecret: cookie.split('=')[1], boardSecret };
}

/** Which node HAProxy sends a handshake with `name=value` to (its consistent hash). */
async function balancedNode(name: string, value: string): Promise<number> {
	const response = await fetch(
		`${cluster.url}/socket.io/?EIO=4&transport=polling&${name}=${encodeURIComponent(value)}`
	);
	await response.arrayBuffer();
	await until(() => cluster.nodesFor(name, value).size > 0, 5_000);
	const [name0] = cluster.nodesFor(name, value);
	return cluster.nodes.findIndex((candidate) => candidate.name === name0);
}

describe.skipIf(unavailable)('a region of three nodes on one PostgreSQL', () => {
	beforeAll(async () => {
		cluster = new Cluster({
			nodes: 3,
			basePort: 47200,
			buildDirectory,
			lessonsDirectory,
			postgresUrl: testDatabaseUrl
		});
		await cluster.start();
		database = new pg.Pool({ connectionString: cluster.databaseUrl!, max: 2 });
		// Swallowed: the pool's idle connections die when PostgreSQL restarts; queries reconnect.
		database.on('error', () => {});
	});
	afterAll(async () => {
		for (const one of phones) one.session.stop();
		for (const control of screens) control.stop();
		for (const socket of rawSockets) socket.disconnect();
		await database?.end();
		await cluster?.stop();
	});

	it('shows every screen on every node the same counts, and presence counts every pupil', async () => {
		// The node the balancer sends this lesson's joining phones to is C, the one killed later,
		// so that the phones through the balancer are among its clients.
		const { id, hostSecret, boardSecret } = await startLesson(cluster.nodeUrl(0));
		sessionId = id;
		secrets = { host: hostSecret, board: boardSecret };
		const attach = screen('host', 'A');
		await until(() => attach.synced);
		joinCode = attach.view!.joinCode;
		attach.stop();
		node.C = await balancedNode('code', joinCode);
		node.A = (node.C + 1) % 3;
		node.B = (node.C + 2) % 3;

		host = screen('host', 'A');
		board = screen('board', 'B');
		secondHost = screen('host', 'C');
		const places: Place[] = ['A', 'B', 'C'];
		for (let index = 0; index < direct; index++) phone(places[index % 3], index % 3 === index % 9);
		for (let index = 0; index < throughBalancer; index++) phone('balancer', index % 3 === 0);
		await until(() => [host, board, secondHost].every((control) => control.synced));
		await until(() => phones.every((one) => one.session.synced), 30_000);
		expect(phones.filter((one) => one.polling).length).toBeGreaterThanOrEqual(24);
		// A third stayed on long-polling as told; the others upgraded to WebSocket (of the sockets
		// still in use: a page that let go of one has no transport).
		await until(() =>
			network.opened.every(
				({ socket, polling }) =>
					!socket.active || socket.transport === (polling ? 'polling' : 'websocket')
			)
		);
		const pupils = phones.length;
		await until(() => host.presence.pupils === pupils && secondHost.presence.pupils === pupils);

		expect(await host.openBlock('eerste')).toBe(true);
		await until(() => phones.every((one) => one.session.block?.id === 'eerste'));
		phones.forEach((one, index) => tap(one, 'eerste', index % 4));
		await until(() => allSynced());
		for (const one of phones) expect(await one.sent.eerste[0].accepted).toBe(true);
		const expected = acknowledgedCounts('eerste');
		expect(expected.reduce((sum, count) => sum + count)).toBe(pupils);
		await until(() =>
			[host, board, secondHost].every((control) => control.results.eerste?.answered === pupils)
		);
		for (const control of [host, board, secondHost])
			expect(shownCounts(control.results.eerste)).toEqual(expected);
		expect(await storedCounts('eerste')).toEqual(expected);
	});

	it('keeps every acknowledged answer, once, when a node is killed mid-poll', async () => {
		const balanced = phones.filter((one) => one.place === 'balancer');
		const survivors = phones.filter((one) => one.place === 'A' || one.place === 'B');
		const stranded = phones.filter((one) => one.place === 'C');
		// Every pupil changes their mind once or twice over three seconds; C dies after one.
		const changes = phones.map((one, index) => {
			const first = (index + 1) % 4;
			return [
				{ atMs: (index * 37) % 3_000, option: first },
				...(index % 3 === 0
					? [{ atMs: 1_000 + ((index * 53) % 2_500), option: (first + 2) % 4 }]
					: [])
			].map(async ({ atMs, option }) => {
				await sleep(atMs);
				tap(one, 'eerste', option);
			});
		});
		await sleep(1_000);
		// The phones that came through the balancer are C's clients.
		expect(cluster.nodesFor('code', joinCode)).toEqual(new Set([cluster.nodes[node.C].name]));
		// When each of them, having lost its connection, has resumed on another node.
		const lost = new Set<Phone>();
		const back: number[] = [];
		const killedAt = Date.now();
		const watch = setInterval(() => {
			for (const one of balanced) {
				if (!one.session.connected) lost.add(one);
				else if (lost.has(one) && one.session.synced) {
					lost.delete(one);
					back.push(Date.now() - killedAt);
				}
			}
		}, 10);
		await cluster.kill(node.C);
		await Promise.all(changes.flat());

		// The phones that came through the balancer are back, on another node, with C still down.
		await until(() => allSynced(balanced) && allSynced(survivors), 30_000);
		await until(() => back.length === balanced.length, 10_000).finally(() => clearInterval(watch));
		const failover = Math.max(...back);
		expect(cluster.nodes[node.C].process?.exitCode ?? 'killed').not.toBe(0);
		expect(stranded.every((one) => !one.session.connected)).toBe(true);
		const movedTo = cluster
			.routed()
			.filter((request) => request.url.searchParams.get('session') === sessionId)
			.map((request) => request.node);
		expect(movedTo.filter((name) => name !== cluster.nodes[node.C].name).length).toBeGreaterThan(0);
		// Presence counts the pupils connected somewhere, not C's vanished sockets, once the
		// adapter has dropped C (10 s after its last heartbeat).
		await until(() => host.presence.pupils === phones.length - stranded.length, 30_000);

		// C comes back; its phones and its screen resume without a reload.
		await cluster.restart(node.C);
		await until(() => allSynced() && secondHost.synced, 30_000);
		for (const one of phones) {
			for (const { accepted } of one.sent.eerste) expect(await accepted).toBe(true);
			// The phone shows as received the last answer it gave.
			expect(one.session.answers.eerste).toEqual({
				kind: 'choice',
				options: [one.sent.eerste.at(-1)!.option]
			});
		}
		const expected = acknowledgedCounts('eerste');
		expect(await storedCounts('eerste')).toEqual(expected);
		await until(() =>
			[host, board, secondHost].every((control) =>
				arraysEqual(shownCounts(control.results.eerste), expected)
			)
		);
		for (const control of [host, board, secondHost])
			expect(control.results.eerste.answered).toBe(phones.length);
		// A screen attaching now reads from the store.
		const fresh = screen('host', 'B');
		await until(() => fresh.synced);
		expect(shownCounts(fresh.results.eerste)).toEqual(expected);
		await until(() => host.presence.pupils === phones.length);
		console.info(
			`region: the balancer's phones had resumed on another node ${failover} ms after the kill`
		);
	});

	it('loses no acknowledged answer, and acknowledges none it did not store, when PostgreSQL restarts', async () => {
		expect(await host.openBlock('tweede')).toBe(true);
		await until(() => phones.every((one) => one.session.block?.id === 'tweede'));
		// Two pupils on A and B that say what the server answered, each just inside the rate limit
		// and half a beat apart, always with the same answer: between them they look every 110 ms.
		const replies: { at: number; reply: string }[] = [];
		let probing = true;
		const probes = await Promise.all([rawPupil('A'), rawPupil('B')]);
		const probed = probes.map(async (probe, index) => {
			await sleep(index * 110);
			while (probing) {
				const reply = await probe
					.timeout(1_000)
					.emitWithAck('answer:submit', {
						blockId: 'tweede',
						value: { kind: 'choice', options: [3] }
					})
					.then(
						(answer: { data?: unknown; error?: string }) => answer.error ?? 'ok',
						() => 'lost'
					);
				replies.push({ at: Date.now(), reply });
				await sleep(220);
			}
		});
		// Every pupil answers once, over four seconds; PostgreSQL restarts after the first.
		const taps = phones.map(async (one, index) => {
			await sleep((index * 61) % 4_000);
			tap(one, 'tweede', index % 4);
		});
		await sleep(1_000);
		const restartedAt = Date.now();
		await cluster.restartPostgres();
		const restartMs = Date.now() - restartedAt;
		// Whatever a phone saw acknowledged up to now is in the database (one answer each, so
		// nothing has replaced it).
		const acknowledgedSoFar = acknowledgedCounts('tweede');
		const storedSoFar = await storedCounts('tweede');
		for (const [option, count] of acknowledgedSoFar.entries())
			expect(storedSoFar[option]).toBeGreaterThanOrEqual(count);
		await Promise.all(taps);

		// Every node is still running, listens again, and says so.
		await until(
			() => cluster.nodes.every((one) => one.output.join('').includes('listening again')),
			30_000
		);
		expect(cluster.nodes.map((one) => one.process?.exitCode ?? one.process?.signalCode)).toEqual([
			null,
			null,
			null
		]);
		await until(() => allSynced(), 40_000);
		await until(() => replies.slice(-2).every(({ reply }) => reply === 'ok'), 20_000);
		probing = false;
		await Promise.all(probed);
		// The probes saw the trouble (its command refused or unanswered), then the answers again.
		const trouble = replies.filter(({ reply }) => reply !== 'ok');
		expect(trouble.length).toBeGreaterThan(0);
		expect(
			trouble
				.map(({ reply }) => reply)
				.filter((reply) => reply !== 'store-unavailable' && reply !== 'lost')
		).toEqual([]);

		for (const one of phones) {
			expect(await one.sent.tweede[0].accepted).toBe(true);
			expect(one.session.answers.tweede).toEqual({
				kind: 'choice',
				options: [one.sent.tweede[0].option]
			});
		}
		const expected = acknowledgedCounts('tweede');
		expected[3] += probes.length;
		expect(await storedCounts('tweede')).toEqual(expected);
		// Answers given on A and C reach the board on B again: the adapter listens once more.
		await until(() =>
			[host, board, secondHost].every((control) =>
				arraysEqual(shownCounts(control.results.tweede), expected)
			)
		);
		const troubleMs = trouble.at(-1)!.at - trouble[0].at;
		console.info(
			`region: PostgreSQL restarted in ${restartMs} ms; the probes saw ${trouble.length} refused or lost commands over ${troubleMs} ms`
		);
	});

	it('refuses to start a node that cannot reach the database, with a clear message', async () => {
		const closedPort = await freePort(47280);
		const port = await freePort(47281, new Set([closedPort]));
		const unreachable = new URL(cluster.databaseUrl!);
		unreachable.port = String(closedPort);
		unreachable.username = 'klasgesprek';
		unreachable.password = 'not-to-be-printed';
		const child = spawn(process.execPath, ['server.ts'], {
			env: {
				PATH: process.env.PATH,
				PORT: String(port),
				HOST: '127.0.0.1',
				BUILD_DIR: buildDirectory,
				LESSONS_DIR: lessonsDirectory,
				DATABASE_URL: unreachable.href
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const code = await new Promise<number | null>((done) => child.once('exit', done));
		expect(code).toBe(1);
		expect(output.trim()).toMatch(
			new RegExp(
				`^Region mode: cannot use PostgreSQL at 127\\.0\\.0\\.1:${closedPort}/klasgesprek_region_\\w+ \\(.*ECONNREFUSED.*\\)\\. Not starting`
			)
		);
		expect(output).not.toContain('not-to-be-printed');
		expect(output).not.toContain('listening on');
		// Never listened, so it never acknowledged anything.
		expect(await freePort(port)).toBe(port);
	});
});

/** A pupil as a bare socket.io client, joined and resumed on `place`, to see raw replies. */
async function rawPupil(place: Place): Promise<Socket> {
	const socket = connectRaw(urlOf(place), {
		path: '/socket.io',
		forceNew: true,
		transports: ['websocket'],
		extraHeaders: { 'x-forwarded-for': school }
	});
	rawSockets.push(socket);
	await new Promise<void>((done) => socket.once('connect', done));
	const joined = await socket.timeout(5_000).emitWithAck('pupil:join', { code: joinCode });
	await socket.timeout(5_000).emitWithAck('pupil:resume', joined.data);
	return socket;
}

function arraysEqual(left: number[] | null, right: number[]) {
	return (
		left !== null &&
		left.length === right.length &&
		left.every((value, index) => value === right[index])
	);
}
