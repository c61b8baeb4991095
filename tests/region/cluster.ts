// A region on one machine, for tests: N production Klasgesprek processes (`node server.ts` from
// a build folder), each on its own port, behind HAProxy running a copy of deploy/haproxy.cfg with
// this cluster's ports. Nodes can be killed (SIGKILL) and started again; PostgreSQL restarted.
// HAProxy's log (one line per request: node and URL) shows where each request went.

import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect as connectUnix, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** Why the region tests cannot run here, or null when they can. */
export function regionUnavailable(buildDirectory: string): string | null {
	if (spawnSync('haproxy', ['-v']).error)
		return 'haproxy is not installed (apt-get install haproxy): region tests skipped';
	if (!existsSync(join(resolve(root, buildDirectory), 'handler.js')))
		return `no build in ${buildDirectory}: run \`BUILD_DIR=${buildDirectory} npx vite build\` (npm run test:region does)`;
	return null;
}

export interface NodeAddress {
	name: string;
	port: number;
}

export interface HaproxyTemplate {
	/** Where the frontend listens, e.g. 127.0.0.1:47100. */
	bind: string;
	nodes: NodeAddress[];
	statsSocket: string;
}

/**
 * deploy/haproxy.cfg with this cluster's ports: the bind line, each `nodes` block rebuilt from
 * its first server line, logs to stdout with the node and full URL of every request (the
 * shipped format leaves the query out on purpose), and a stats socket of its own.
 */
export function templateHaproxy(config: string, { bind, nodes, statsSocket }: HaproxyTemplate) {
	const lines = config.split('\n');
	const out: string[] = [];
	for (let index = 0; index < lines.length; index++) {
		const line = lines[index];
		if (/^\s*# nodes\b/.test(line)) {
			out.push(line);
			const block: string[] = [];
			while (!/^\s*# end of nodes/.test(lines[++index])) {
				if (index >= lines.length) throw new Error('a `# nodes` block without `# end of nodes`');
				block.push(lines[index]);
			}
			const template = block.find((candidate) => /^\s*server\s/.test(candidate));
			const match = template?.match(/^(\s*)server\s+(\S+)\s+(\S+)(.*)$/);
			if (!match) throw new Error('a `# nodes` block without a server line');
			const [, indent, name, , rest] = match;
			for (const node of nodes)
				out.push(
					`${indent}server ${node.name} 127.0.0.1:${node.port}${rest.replaceAll(name, node.name)}`
				);
			out.push(lines[index]);
			continue;
		}
		out.push(
			line
				.replace(/^(\s*)bind :80\b.*$/, `$1bind ${bind}`)
				.replace(/^(\s*)log \/dev\/log .*$/, '$1log stdout format raw local0 info')
				.replace(/^(\s*)stats socket .*$/, `$1stats socket ${statsSocket} mode 600 level admin`)
				.replace(/^(\s*)log-format .*$/, '$1log-format "route %b %s %ST %{+Q}HU"')
				.replace(/^(\s*)maxconn \d+/, '$1maxconn 4000')
		);
	}
	const result = out.join('\n');
	if (!result.includes(`bind ${bind}`)) throw new Error('no `bind :80` line to template');
	return result;
}

/** One request as HAProxy logged it. */
export interface Routed {
	backend: string;
	/** The node's name, or `<NOSRV>` when HAProxy had none to send it to. */
	node: string;
	status: number;
	url: URL;
}

/** A free TCP port on 127.0.0.1, at or after `from` (the tests keep to 47100–47199). */
export async function freePort(from: number, taken: Set<number> = new Set()): Promise<number> {
	for (let port = from; port < from + 100; port++) {
		if (taken.has(port)) continue;
		const free = await new Promise<boolean>((done) => {
			const probe = createServer();
			probe.once('error', () => done(false));
			probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
		});
		if (free) return port;
	}
	throw new Error(`no free port in ${from}–${from + 99}`);
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
		await sleep(50);
	}
}

async function answers(url: string): Promise<number | null> {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
		await response.arrayBuffer();
		return response.status;
	} catch {
		return null;
	}
}

export interface ClusterOptions {
	nodes: number;
	/** First port to try; nodes and the balancer take the free ones after it. */
	basePort?: number;
	buildDirectory?: string;
	lessonsDirectory?: string;
	/**
	 * Region mode: a PostgreSQL server (e.g. TEST_DATABASE_URL). The cluster creates a fresh
	 * database on it that every node shares, and drops it at the end. Without it, each node has
	 * its own SQLite file (enough to test routing, not the region itself).
	 */
	postgresUrl?: string;
	/** Extra settings for every node. */
	environment?: Record<string, string>;
}

interface RunningNode extends NodeAddress {
	process: ChildProcess | null;
	output: string[];
	environment: Record<string, string>;
}

export class Cluster {
	readonly directory = mkdtempSync(join(tmpdir(), 'klasgesprek-region-'));
	readonly nodes: RunningNode[] = [];
	port = 0;
	/** The shared database's address in region mode. */
	databaseUrl: string | null = null;
	private readonly options: Required<Omit<ClusterOptions, 'postgresUrl'>> & {
		postgresUrl?: string;
	};
	private haproxy: ChildProcess | null = null;
	private readonly log: string[] = [];
	private readonly statsSocket = join(this.directory, 'haproxy.sock');

	constructor(options: ClusterOptions) {
		this.options = {
			basePort: 47100,
			buildDirectory: 'build-region',
			lessonsDirectory: 'lessons',
			environment: {},
			...options
		};
	}

	get url() {
		return `http://127.0.0.1:${this.port}`;
	}

	async start() {
		const taken = new Set<number>();
		const take = async () => {
			const port = await freePort(this.options.basePort, taken);
			taken.add(port);
			return port;
		};
		this.port = await take();
		if (this.options.postgresUrl) this.databaseUrl = createDatabase(this.options.postgresUrl);
		for (let index = 0; index < this.options.nodes; index++) {
			const port = await take();
			const name = `node${index + 1}`;
			this.nodes.push({
				name,
				port,
				process: null,
				output: [],
				environment: {
					PORT: String(port),
					HOST: '127.0.0.1',
					BUILD_DIR: this.options.buildDirectory,
					LESSONS_DIR: this.options.lessonsDirectory,
					ADDRESS_HEADER: 'X-Forwarded-For',
					XFF_DEPTH: '1',
					...(this.databaseUrl
						? { DATABASE_URL: this.databaseUrl }
						: { DATABASE_PATH: join(this.directory, `${name}.sqlite`) }),
					...this.options.environment
				}
			});
		}
		await Promise.all(this.nodes.map((_, index) => this.startNode(index)));
		await this.startBalancer();
		await until(async () => {
			const status = await this.serverStatus();
			return this.nodes.every((node) => status.get(`live/${node.name}`)?.startsWith('UP'));
		});
	}

	private async startNode(index: number) {
		const node = this.nodes[index];
		node.output.length = 0;
		const child = spawn(process.execPath, ['server.ts'], {
			cwd: root,
			env: { PATH: process.env.PATH, ...node.environment },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		node.process = child;
		child.stdout.on('data', (chunk: Buffer) => node.output.push(chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => node.output.push(chunk.toString()));
		const exited = new Promise<never>((_, fail) =>
			child.once('exit', (code) =>
				fail(new Error(`${node.name} exited (${code}) at start:\n${node.output.join('')}`))
			)
		);
		const healthy = until(
			async () => (await answers(`http://127.0.0.1:${node.port}/healthz`)) === 200
		).catch(() => {
			throw new Error(`${node.name} not healthy at start:\n${node.output.join('')}`);
		});
		await Promise.race([healthy, exited]);
	}

	private async startBalancer() {
		const file = join(this.directory, 'haproxy.cfg');
		writeFileSync(
			file,
			templateHaproxy(readFileSync(join(root, 'deploy/haproxy.cfg'), 'utf8'), {
				bind: `127.0.0.1:${this.port}`,
				nodes: this.nodes,
				statsSocket: this.statsSocket
			})
		);
		const child = spawn('haproxy', ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
		this.haproxy = child;
		let partial = '';
		child.stdout.on('data', (chunk: Buffer) => {
			const lines = (partial + chunk.toString()).split('\n');
			partial = lines.pop() ?? '';
			this.log.push(...lines);
		});
		child.stderr.on('data', (chunk: Buffer) => this.log.push(chunk.toString()));
		await until(() => existsSync(this.statsSocket));
	}

	/** Every request HAProxy finished so far (a long-poll or WebSocket is logged once it ends). */
	routed(): Routed[] {
		return this.log.flatMap((line) => {
			const match = line.match(/^route (\S+) (\S+) (-?\d+) "(?:\S+ )?([^"\s]+)/);
			if (!match) return [];
			const [, backend, node, status, path] = match;
			return [{ backend, node, status: Number(status), url: new URL(path, this.url) }];
		});
	}

	/** The nodes that served requests whose query has `name=value`. */
	nodesFor(name: string, value: string): Set<string> {
		return new Set(
			this.routed()
				.filter((request) => request.url.searchParams.get(name) === value)
				.map((request) => request.node)
		);
	}

	/** HAProxy's view of each server, `backend/node` → `UP`, `DOWN`, … */
	async serverStatus(): Promise<Map<string, string>> {
		const csv = await this.admin('show stat');
		const status = new Map<string, string>();
		for (const row of csv.split('\n')) {
			const [backend, server, ...fields] = row.split(',');
			if (!server || server === 'FRONTEND' || server === 'BACKEND' || backend.startsWith('#'))
				continue;
			status.set(`${backend}/${server}`, fields[15] ?? '');
		}
		return status;
	}

	/** One command on HAProxy's admin socket, e.g. `show stat`. */
	admin(command: string): Promise<string> {
		return new Promise((done, fail) => {
			const socket = connectUnix(this.statsSocket);
			let reply = '';
			socket.on('data', (chunk) => (reply += chunk.toString()));
			socket.on('end', () => done(reply));
			socket.on('error', fail);
			socket.end(`${command}\n`);
		});
	}

	async waitForStatus(name: string, status: 'UP' | 'DOWN', timeoutMs = 20_000) {
		await until(
			async () => (await this.serverStatus()).get(`live/${name}`)?.startsWith(status) ?? false,
			timeoutMs
		);
	}

	/** Kills a node the hard way: no graceful shutdown, its sockets just vanish. */
	async kill(index: number) {
		const child = this.nodes[index].process;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((done) => child.once('exit', done));
		child.kill('SIGKILL');
		await exited;
	}

	async restart(index: number) {
		await this.kill(index);
		await this.startNode(index);
	}

	/**
	 * Restarts the machine's PostgreSQL (every database on it, as in a failover). Only for test
	 * machines where nothing else depends on it at that moment.
	 */
	restartPostgres() {
		const [version] = readdirSync('/etc/postgresql');
		execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart']);
	}

	async stop() {
		await Promise.all(this.nodes.map((_, index) => this.kill(index)));
		if (this.haproxy && this.haproxy.exitCode === null && this.haproxy.signalCode === null) {
			const exited = new Promise((done) => this.haproxy!.once('exit', done));
			this.haproxy.kill('SIGTERM');
			await exited;
		}
		if (this.databaseUrl && this.options.postgresUrl)
			dropDatabase(this.options.postgresUrl, this.databaseUrl);
		rmSync(this.directory, { recursive: true, force: true });
	}
}

/** A fresh database on the server `serverUrl` points at; returns its address. */
function createDatabase(serverUrl: string): string {
	const name = `klasgesprek_region_${process.pid}_${Date.now()}`;
	execFileSync('psql', [serverUrl, '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${name}`]);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return url.href;
}

function dropDatabase(serverUrl: string, databaseUrl: string) {
	const name = new URL(databaseUrl).pathname.slice(1);
	execFileSync('psql', [serverUrl, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
}
