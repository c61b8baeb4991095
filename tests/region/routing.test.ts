// Routing in region mode: deploy/haproxy.cfg (and the nginx example) in front of three real nodes
// keeps a long-polling client on one node, a session's clients together, and moves the clients of
// a killed node to another within seconds. Which node served what comes from the balancer's own
// log, so the nodes run unchanged.

import { spawnSync } from 'node:child_process';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, regionUnavailable, sleep, until, type BalancerKind } from './cluster.ts';

const buildDirectory = process.env.BUILD_DIR || 'build-region';
const unavailable = (balancer: BalancerKind) => {
	const reason = regionUnavailable(buildDirectory, balancer);
	if (reason) console.warn(`tests/region/routing.test.ts: ${reason}`);
	return reason;
};

let cluster: Cluster;
const sockets: Socket[] = [];

function startCluster(balancer: BalancerKind) {
	beforeAll(async () => {
		cluster = new Cluster({ nodes: 3, buildDirectory, balancer });
		await cluster.start();
	});
	afterAll(async () => {
		for (const socket of sockets.splice(0)) socket.disconnect();
		await cluster?.stop();
	});
}

/** A client as the pages make it (src/lib/live/connection.ts), connected through the balancer. */
async function client(
	query: Record<string, string>,
	transports: ('polling' | 'websocket')[] = ['polling', 'websocket']
): Promise<Socket> {
	const socket = io(cluster.url, {
		path: '/socket.io',
		query,
		transports,
		forceNew: true,
		reconnectionDelay: 200,
		reconnectionDelayMax: 1_000
	});
	sockets.push(socket);
	await new Promise<void>((done, fail) => {
		socket.once('connect', done);
		setTimeout(() => fail(new Error('no connection through the balancer')), 10_000);
	});
	return socket;
}

/** A round trip through the node: the server answers a command it cannot parse with an error. */
const roundTrip = (socket: Socket) =>
	socket.timeout(5_000).emitWithAck('conversation:sync', { blockId: 42 });

/** Waits until HAProxy logged a request with `name=value` in its query, and names its node. */
async function nodeOf(name: string, value: string): Promise<string> {
	await until(() => cluster.nodesFor(name, value).size > 0, 5_000);
	const nodes = [...cluster.nodesFor(name, value)];
	expect(nodes).toHaveLength(1);
	return nodes[0];
}

/** What every balancer must do: one node per polling client and per session, and failover. */
function routesLikeARegion() {
	it('keeps every request of a long-polling client on one node', async () => {
		const socket = await client({ session: 'polling-one' }, ['polling']);
		const engineId = socket.io.engine.id;
		for (let count = 0; count < 12; count++)
			expect(await roundTrip(socket)).toHaveProperty('error');
		socket.disconnect();
		await sleep(300);
		const requests = cluster
			.routed()
			.filter((request) => request.url.searchParams.get('sid') === engineId);
		// A poll and a post per round trip: more than enough to split if it could.
		expect(requests.length).toBeGreaterThanOrEqual(12);
		expect(requests.every((request) => request.status === 200)).toBe(true);
		expect(new Set(requests.map((request) => request.node)).size).toBe(1);
		expect(cluster.nodesFor('session', 'polling-one').size).toBe(1);
	});

	it('sends the clients of one session to one node, and spreads sessions over the nodes', async () => {
		const sessions = Array.from({ length: 9 }, (_, index) => `session-${index}`);
		for (const session of sessions)
			for (const transports of [['polling'], ['polling', 'websocket'], ['websocket']] as const)
				await client({ session }, [...transports]);
		const nodes = await Promise.all(sessions.map((session) => nodeOf('session', session)));
		expect(new Set(nodes).size).toBeGreaterThan(1);
		// Phones that have not joined yet meet by their join code.
		for (let phone = 0; phone < 4; phone++) await client({ code: '123456' }, ['polling']);
		expect(cluster.nodesFor('code', '123456').size).toBe(1);
	});

	it('moves the clients of a killed node to another node within seconds', async () => {
		const polling = await client({ session: 'survivor' }, ['polling']);
		const socket = await client({ session: 'survivor' }, ['websocket']);
		const node = await nodeOf('session', 'survivor');
		const index = cluster.nodes.findIndex((candidate) => candidate.name === node);
		const reconnected = [polling, socket].map(
			(one) => new Promise<void>((done) => one.io.once('reconnect', () => done()))
		);
		const killedAt = Date.now();
		await cluster.kill(index);
		await Promise.all(reconnected);
		const took = Date.now() - killedAt;
		expect(took).toBeLessThan(5_000);
		for (const one of [polling, socket]) expect(await roundTrip(one)).toHaveProperty('error');
		await sleep(300);
		const after = cluster
			.routed()
			.filter((request) => request.url.searchParams.get('session') === 'survivor')
			.filter((request) => request.node !== node);
		expect(after.length).toBeGreaterThan(0);
		// Together again, on one other node.
		expect(new Set(after.map((request) => request.node)).size).toBe(1);
		console.info(`${cluster.balancer}: a killed node's clients were back in ${took} ms`);
		await cluster.restart(index);
	});
}

describe.skipIf(unavailable('haproxy'))('HAProxy in front of three nodes', () => {
	startCluster('haproxy');
	routesLikeARegion();

	it('takes the shipped deploy/haproxy.cfg as it is, with no warning', () => {
		const checked = spawnSync('haproxy', ['-c', '-f', 'deploy/haproxy.cfg'], { encoding: 'utf8' });
		expect(checked.status, checked.stderr).toBe(0);
		expect(checked.stdout + checked.stderr).not.toMatch(/WARNING|ALERT/);
	});

	it('answers pages on any node and gives them no node cookie', async () => {
		const response = await fetch(`${cluster.url}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.text()).toBe('ok');
		expect(response.headers.getSetCookie().join()).not.toContain('klasgesprek-node');
	});

	it('keeps a browser on its node when its key changes from join code to session', async () => {
		const handshake = (query: string, cookie?: string) =>
			fetch(`${cluster.url}/socket.io/?EIO=4&transport=polling&${query}`, {
				headers: cookie ? { cookie } : {}
			});
		const first = await handshake('code=654321');
		expect(first.status).toBe(200);
		const cookie = first.headers.getSetCookie().find((set) => set.startsWith('klasgesprek-node='));
		expect(cookie).toBeDefined();
		const codeNode = await nodeOf('code', '654321');
		// A session that, by itself, hashes to another node than the code did.
		let session = '';
		for (let candidate = 0; !session && candidate < 50; candidate++) {
			await (await handshake(`session=moved-${candidate}`)).text();
			if ((await nodeOf('session', `moved-${candidate}`)) !== codeNode)
				session = `moved-${candidate}`;
		}
		expect(session).not.toBe('');
		await (await handshake(`session=${session}&again=1`, cookie!.split(';')[0])).text();
		await until(() => cluster.routed().some((request) => request.url.searchParams.has('again')));
		const again = cluster.routed().find((request) => request.url.searchParams.has('again'))!;
		expect(again.node).toBe(codeNode);
	});

	it('gives a node back its sessions once it is healthy again', async () => {
		const first = await client({ session: 'returning', at: 'first' }, ['polling']);
		expect(await roundTrip(first)).toHaveProperty('error');
		const node = await nodeOf('session', 'returning');
		const index = cluster.nodes.findIndex((candidate) => candidate.name === node);
		await cluster.kill(index);
		await cluster.waitForStatus(node, 'DOWN');
		const meanwhile = await client({ session: 'returning', at: 'meanwhile' }, ['polling']);
		expect(await roundTrip(meanwhile)).toHaveProperty('error');
		expect(await nodeOf('at', 'meanwhile')).not.toBe(node);

		await cluster.restart(index);
		await cluster.waitForStatus(node, 'UP');
		// Consistent hashing: the session goes home, not a reshuffle of every session.
		const back = await client({ session: 'returning', at: 'back' }, ['polling']);
		expect(await roundTrip(back)).toHaveProperty('error');
		expect(await nodeOf('at', 'back')).toBe(node);
	});
});

describe.skipIf(unavailable('nginx'))('the nginx example in front of three nodes', () => {
	startCluster('nginx');
	routesLikeARegion();
});
