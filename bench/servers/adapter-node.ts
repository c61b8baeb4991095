// One socket.io node of the adapter benchmark (bench/adapters.ts forks three of these): bare
// socket.io with the real transport settings and one candidate adapter, nothing of Klasgesprek
// above it. A client joins the rooms named in its auth; on command the node broadcasts
// results-sized messages to rooms at a set rate, or asks the cluster who is in a room.
//
//   node bench/servers/adapter-node.ts <none|postgres|redis|redis-streams> <run id>

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createRedisStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { regionAdapter } from '../../src/lib/server/realtime/adapter.ts';
import { transportOptions } from '../../src/lib/server/realtime/index.ts';

export type AdapterName = 'none' | 'postgres' | 'redis' | 'redis-streams';

export const benchDatabaseUrl =
	process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const benchRedisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** PostgreSQL backends of this benchmark carry this name, so their CPU can be told apart. */
export const benchApplicationName = 'klasgesprek-bench-adapters';
export const benchAttachmentTable = 'klasgesprek_bench_adapter_attachments';

export type NodeCommand =
	| { cmd: 'broadcast'; step: number; rate: number; seconds: number; rooms: string[] }
	| { cmd: 'fetch'; rooms: string[]; times: number }
	| { cmd: 'close' };

export type NodeReport =
	| { kind: 'ready'; port: number; pid: number }
	| { kind: 'broadcasted'; step: number; sent: number; seconds: number }
	| { kind: 'fetched'; latencies: number[]; found: number[] }
	| { kind: 'closed' };

/** An absolute time in milliseconds, comparable between processes on one machine. */
export const clock = () => performance.timeOrigin + performance.now();

/** About the size of a `results:update` of a four-option poll in a class of 30 (~300 bytes). */
function resultsLike(step: number, seq: number) {
	return {
		blockId: 'b-4f1c2a9e-stelling-1',
		version: seq,
		answered: 27,
		passes: 2,
		distribution: {
			kind: 'choice',
			counts: [9, 7, 6, 3],
			moves: [
				[0, 1, 2],
				[2, 3, 1]
			]
		},
		withheld: null,
		labels: ['Helemaal eens', 'Eens', 'Oneens', 'Helemaal oneens'],
		step,
		seq,
		sentAt: clock()
	};
}

async function adapterFor(name: AdapterName, runId: string) {
	if (name === 'postgres') {
		// Klasgesprek's own wiring of the PostgreSQL adapter, as region mode runs it.
		const region = (await regionAdapter(
			{ databaseUrl: benchDatabaseUrl },
			{
				applicationName: benchApplicationName,
				channelPrefix: `klasgesprek-bench-${runId}`,
				tableName: benchAttachmentTable
			}
		))!;
		return { adapter: region.adapter, close: () => region.close() };
	}
	if (name === 'redis') {
		const publisher = createClient({ url: benchRedisUrl });
		const subscriber = publisher.duplicate();
		publisher.on('error', () => {});
		subscriber.on('error', () => {});
		await Promise.all([publisher.connect(), subscriber.connect()]);
		return {
			adapter: createRedisAdapter(publisher, subscriber, { key: `klasgesprek-bench-${runId}` }),
			close: async () => {
				await Promise.allSettled([publisher.quit(), subscriber.quit()]);
			}
		};
	}
	if (name === 'redis-streams') {
		const client = createClient({ url: benchRedisUrl });
		client.on('error', () => {});
		await client.connect();
		return {
			adapter: createRedisStreamsAdapter(client, {
				streamName: `klasgesprek-bench-${runId}`,
				channelPrefix: `klasgesprek-bench-${runId}`
			}),
			close: async () => {
				await client.quit().catch(() => {});
			}
		};
	}
	return { adapter: undefined, close: async () => {} };
}

async function main() {
	const [name, runId] = process.argv.slice(2) as [AdapterName, string];
	const { adapter, close } = await adapterFor(name, runId);
	const httpServer = createServer();
	const io = new Server(httpServer, { ...transportOptions, ...(adapter ? { adapter } : {}) });
	io.engine.on('connection', (rawSocket: { request: unknown }) => {
		rawSocket.request = null;
	});
	io.on('connection', (socket) => {
		// From the CONNECT packet: the handshake's query went with the request dropped above.
		const rooms: unknown = socket.handshake.auth.rooms;
		if (Array.isArray(rooms)) socket.join(rooms.map(String));
	});
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
	const send = (report: NodeReport) => process.send!(report);

	process.on('message', async (command: NodeCommand) => {
		if (command.cmd === 'broadcast') {
			// Emit on schedule: at every turn of the event loop, as many as are due by now.
			const started = clock();
			const total = Math.round(command.rate * command.seconds);
			let sent = 0;
			await new Promise<void>((resolve) => {
				const tick = () => {
					const due = Math.min(total, Math.floor(((clock() - started) / 1000) * command.rate));
					for (; sent < due; sent += 1) {
						const room = command.rooms[sent % command.rooms.length];
						io.to(room).emit('results:update', resultsLike(command.step, sent));
					}
					if (sent >= total) resolve();
					else setTimeout(tick, 1);
				};
				tick();
			});
			send({ kind: 'broadcasted', step: command.step, sent, seconds: (clock() - started) / 1000 });
		} else if (command.cmd === 'fetch') {
			const latencies: number[] = [];
			const found: number[] = [];
			for (let i = 0; i < command.times; i += 1) {
				const started = clock();
				const sockets = await io.in(command.rooms[i % command.rooms.length]).fetchSockets();
				latencies.push(clock() - started);
				found.push(sockets.length);
			}
			send({ kind: 'fetched', latencies, found });
		} else if (command.cmd === 'close') {
			await new Promise<void>((resolve) => io.close(() => resolve()));
			await close();
			send({ kind: 'closed' });
			process.exit(0);
		}
	});
	send({ kind: 'ready', port: (httpServer.address() as AddressInfo).port, pid: process.pid });
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) await main();
