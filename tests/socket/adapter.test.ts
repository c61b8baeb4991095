// Region mode's adapter as one cluster: two socket.io servers in this process, joined through
// a real PostgreSQL, with real clients, broken on purpose by killing the adapter's connections.
// Needs TEST_DATABASE_URL; without a reachable PostgreSQL the cluster tests say why they skip.

import { randomBytes } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
	regionAdapter,
	RegionAdapterError,
	type RegionAdapter
} from '../../src/lib/server/realtime/adapter.ts';

const databaseUrl = process.env.TEST_DATABASE_URL ?? '';

async function whyNotReachable(): Promise<string> {
	if (!databaseUrl) return 'TEST_DATABASE_URL is not set';
	const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3_000 });
	try {
		await client.connect();
		return '';
	} catch (error) {
		return `PostgreSQL at TEST_DATABASE_URL is not reachable (${(error as Error).message})`;
	} finally {
		await client.end().catch(() => {});
	}
}

const skipReason = await whyNotReachable();
if (skipReason) console.warn(`tests/socket/adapter.test.ts: cluster tests skipped: ${skipReason}`);

/** Each test its own channel and table, so runs side by side never hear each other. */
const runId = randomBytes(4).toString('hex');
let testNumber = 0;

interface ClusterNode {
	io: Server;
	http: HttpServer;
	region: RegionAdapter;
	applicationName: string;
	relistened: number;
	/** Sessions this node was told to send again, because another node came to hold them. */
	shared: string[];
	/** Broadcasts that reached this node through PostgreSQL. */
	broadcastsHeard: number;
	url: string;
}

const opened: { nodes: ClusterNode[]; sockets: Socket[]; tableName: string }[] = [];

/** Short waits, so a test sees a node trust the others' lists and forget a session quickly. */
const placementTimes = { listMs: 300, departureMs: 500 };

async function startCluster(size: number) {
	testNumber += 1;
	const cluster = {
		nodes: [] as ClusterNode[],
		sockets: [] as Socket[],
		tableName: `realtime_attachments_test_${runId}_${testNumber}`
	};
	opened.push(cluster);
	for (let index = 0; index < size; index += 1) {
		const applicationName = `klasgesprek-adapter-test-${runId}-${testNumber}-${index}`;
		const region = (await regionAdapter(
			{ databaseUrl },
			{
				applicationName,
				channelPrefix: `klasgesprek-test-${runId}-${testNumber}`,
				tableName: cluster.tableName,
				log: () => {},
				...placementTimes
			}
		))!;
		const http = createServer();
		const io = new Server(http, { adapter: region.adapter });
		io.on('connection', (socket) => socket.join(String(socket.handshake.auth.room)));
		io.on('hello', (reply: (answer: string) => void) => reply('hello'));
		await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
		const node: ClusterNode = {
			io,
			http,
			region,
			applicationName,
			relistened: 0,
			shared: [],
			broadcastsHeard: 0,
			url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`
		};
		region.onRelisten(() => (node.relistened += 1));
		region.onShared((sessionId) => node.shared.push(sessionId));
		// Counts what arrives through PostgreSQL: socket.io's BROADCAST message is type 3.
		const adapter = io.of('/').adapter as unknown as {
			onMessage(message: { type: number }, offset?: string): void;
		};
		const onMessage = adapter.onMessage.bind(adapter);
		adapter.onMessage = (message, offset) => {
			if (message.type === 3) node.broadcastsHeard += 1;
			onMessage(message, offset);
		};
		cluster.nodes.push(node);
	}
	// Each node learns of the others from their heartbeats; wait until presence sees them all.
	await eventually(async () => {
		const replies = await Promise.all(
			cluster.nodes.map((node) => node.io.serverSideEmitWithAck('hello').catch(() => []))
		);
		return replies.every((answers) => answers.length === size - 1);
	}, 'the nodes to know each other');
	// And until each has heard the others' lists of sessions.
	await new Promise((resolve) => setTimeout(resolve, placementTimes.listMs + 100));
	return {
		...cluster,
		client(node: ClusterNode, room: string) {
			const socket = connect(node.url, {
				transports: ['websocket'],
				forceNew: true,
				auth: { room }
			});
			cluster.sockets.push(socket);
			return new Promise<Socket>((resolve, reject) => {
				socket.once('connect', () => resolve(socket));
				socket.once('connect_error', reject);
			});
		}
	};
}

/** Polls `condition` every 100 ms, for at most `seconds`. */
async function eventually(condition: () => Promise<boolean> | boolean, what: string, seconds = 10) {
	const deadline = Date.now() + seconds * 1_000;
	while (Date.now() < deadline) {
		if (await condition()) return;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`gave up waiting for ${what} after ${seconds} s`);
}

/** Broadcasts from `from` every 200 ms until `socket` hears one; how long that took, in ms. */
async function broadcastUntilHeard(from: ClusterNode, socket: Socket, room: string, seconds = 10) {
	const started = Date.now();
	let heard = false;
	socket.once('news', () => (heard = true));
	await eventually(
		() => {
			if (!heard) from.io.to(room).emit('news', { at: Date.now() });
			return heard;
		},
		'a broadcast to arrive',
		seconds
	);
	return Date.now() - started;
}

async function terminateBackends(applicationName: string) {
	const admin = new pg.Client({ connectionString: databaseUrl });
	await admin.connect();
	try {
		const { rows } = await admin.query<{ killed: boolean }>(
			'SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1',
			[applicationName]
		);
		return rows.filter((row) => row.killed).length;
	} finally {
		await admin.end();
	}
}

afterEach(async () => {
	for (const cluster of opened.splice(0)) {
		for (const socket of cluster.sockets) socket.disconnect();
		for (const node of cluster.nodes) {
			await new Promise<void>((resolve) => node.io.close(() => resolve()));
			await node.region.close();
		}
		const admin = new pg.Client({ connectionString: databaseUrl });
		await admin.connect();
		await admin.query(`DROP TABLE IF EXISTS ${cluster.tableName}`);
		await admin.end();
	}
});

describe('choosing the adapter', () => {
	it('leaves a single process on the in-memory adapter', async () => {
		expect(await regionAdapter({ databaseUrl: '' })).toBeNull();
	});

	it('refuses to start, with a clear message, when PostgreSQL cannot be reached', async () => {
		const attempt = regionAdapter({ databaseUrl: 'postgres://postgres@127.0.0.1:1/test' });
		await expect(attempt).rejects.toThrow(RegionAdapterError);
		await expect(attempt).rejects.toThrow(/region mode: cannot reach PostgreSQL/);
	});
});

describe.skipIf(skipReason !== '')(
	`a region of nodes joined through PostgreSQL${skipReason ? ` (skipped: ${skipReason})` : ''}`,
	() => {
		it('carries a room broadcast from one node to a client on another', async () => {
			const cluster = await startCluster(2);
			const [a, b] = cluster.nodes;
			const onB = await cluster.client(b, 'room-1');
			const received = new Promise((resolve) => onB.once('news', resolve));
			a.io.to('room-1').emit('news', { counts: [3, 1] });
			expect(await received).toEqual({ counts: [3, 1] });
		});

		it('carries a packet larger than one NOTIFY holds through its table', async () => {
			const cluster = await startCluster(2);
			const [a, b] = cluster.nodes;
			const onB = await cluster.client(b, 'room-1');
			const large = 'stelling '.repeat(3_000);
			const received = new Promise((resolve) => onB.once('news', resolve));
			a.io.to('room-1').emit('news', { text: large });
			expect(await received).toEqual({ text: large });
		});

		it('starts several nodes at the same moment on a database without its table', async () => {
			const tableName = `realtime_attachments_test_${runId}_together`;
			opened.push({ nodes: [], sockets: [], tableName });
			const regions = await Promise.all(
				Array.from({ length: 6 }, () =>
					regionAdapter({ databaseUrl }, { tableName, log: () => {} })
				)
			);
			expect(regions.every((region) => region !== null)).toBe(true);
			await Promise.all(regions.map((region) => region!.close()));
		});

		it('finds the sockets of a room on every node', async () => {
			const cluster = await startCluster(2);
			const [a, b] = cluster.nodes;
			await cluster.client(a, 'room-1');
			await cluster.client(b, 'room-1');
			await cluster.client(b, 'room-2');
			expect((await a.io.in('room-1').fetchSockets()).length).toBe(2);
			expect((await b.io.in('room-2').fetchSockets()).length).toBe(1);
		});

		it('hears broadcasts again within seconds after its LISTEN connection is killed', async () => {
			const cluster = await startCluster(2);
			const [a, b] = cluster.nodes;
			const onB = await cluster.client(b, 'room-1');
			expect(await terminateBackends(b.applicationName)).toBeGreaterThan(0);
			expect(await broadcastUntilHeard(a, onB, 'room-1')).toBeLessThan(10_000);
			await eventually(() => b.relistened === 1, 'node B to say it listens again');
		}, 20_000);

		it('keeps working when every connection of every node is cut, as in a restart', async () => {
			const cluster = await startCluster(2);
			const [a, b] = cluster.nodes;
			const onA = await cluster.client(a, 'room-1');
			const onB = await cluster.client(b, 'room-1');
			for (let round = 0; round < 3; round += 1) {
				for (const node of cluster.nodes) await terminateBackends(node.applicationName);
				expect(await broadcastUntilHeard(a, onB, 'room-1')).toBeLessThan(10_000);
				expect(await broadcastUntilHeard(b, onA, 'room-1')).toBeLessThan(10_000);
			}
			// A reconnect that kept its dead connection would use up the pool within a few rounds.
			await eventually(() => a.relistened === 3 && b.relistened === 3, 'three re-listens each');
		}, 60_000);

		it('keeps a broadcast to a session on its node while no other node holds a socket of it', async () => {
			const cluster = await startCluster(2);
			const [a, b] = cluster.nodes;
			const board = await cluster.client(a, 'session:s1:board');
			const received = new Promise((resolve) => board.once('news', resolve));
			a.io.to('session:s1:board').emit('news', { counts: [3, 1] });
			expect(await received).toEqual({ counts: [3, 1] });
			// A room of no session, and a session held nowhere here, still go to every node.
			a.io.to('room-1').emit('news', {});
			b.io.to('session:s1:board').emit('news', {});
			await eventually(() => b.broadcastsHeard === 1 && a.broadcastsHeard === 1, 'two broadcasts');
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect(b.broadcastsHeard).toBe(1);
		});

		it('sends a session through PostgreSQL once another node holds a socket of it, and says so', async () => {
			const cluster = await startCluster(2);
			const [a, b] = cluster.nodes;
			const onA = await cluster.client(a, 'session:s1:board');
			const onB = await cluster.client(b, 'session:s1:pupils');
			// A hears B's news within a moment and is told to send the session's screens again:
			// what it sent to its own sockets alone before then, B's screens missed.
			await eventually(() => a.shared.includes('s1'), 'node A to hear that B holds s1');
			const both = Promise.all([
				new Promise((resolve) => onA.once('news', resolve)),
				new Promise((resolve) => onB.once('news', resolve))
			]);
			a.io.to(['session:s1:board', 'session:s1:pupils']).emit('news', { step: 2 });
			expect(await both).toEqual([{ step: 2 }, { step: 2 }]);
			expect(a.region.sharedWithOthers('s1')).toBe(true);
			expect(a.region.sharedWithOthers('s2')).toBe(false);
		});

		it('keeps a session on one node again a while after the other node’s last socket of it left', async () => {
			const cluster = await startCluster(2);
			const [a, b] = cluster.nodes;
			await cluster.client(a, 'session:s1:board');
			const onB = await cluster.client(b, 'session:s1:pupils');
			await eventually(() => a.region.sharedWithOthers('s1'), 'node A to hear of B');
			onB.disconnect();
			await eventually(() => !a.region.sharedWithOthers('s1'), 'node A to hear B left');
			const before = b.broadcastsHeard;
			a.io.to('session:s1:board').emit('news', {});
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect(b.broadcastsHeard).toBe(before);
		});

		it('sends everything to every node while it may have missed news, after its LISTEN was killed', async () => {
			const cluster = await startCluster(2);
			const [a, b] = cluster.nodes;
			await cluster.client(a, 'session:s1:board');
			expect(await terminateBackends(a.applicationName)).toBeGreaterThan(0);
			// From the moment it lost its LISTEN until it heard the others' lists again.
			await eventually(() => a.region.sharedWithOthers('s1'), 'node A to be unsure');
			await eventually(() => a.relistened === 1, 'node A to listen again');
			await eventually(() => !a.region.sharedWithOthers('s1'), 'node A to be sure again');
			const onB = await cluster.client(b, 'session:s1:pupils');
			expect(await broadcastUntilHeard(a, onB, 'session:s1:pupils')).toBeLessThan(5_000);
		}, 20_000);
	}
);
