// A region on one machine, for tests: N production Klasgesprek processes (`node server.ts` from
// a build folder), each on its own port, behind HAProxy (or nginx) running a copy of
// deploy/haproxy.cfg (deploy/nginx.conf) with this cluster's ports. Nodes can be killed (SIGKILL)
// and started again; PostgreSQL restarted. The balancer's own log (one line per request: node and
// URL) shows where each request went, so the nodes run unchanged.

import { execFile, execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect as connectUnix, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(import.meta.dirname, '../..');
const runFile = promisify(execFile);

export type BalancerKind = 'haproxy' | 'nginx';

/** Why the region tests cannot run here, or null when they can. */
export function regionUnavailable(
	buildDirectory: string,
	balancer: BalancerKind = 'haproxy'
): string | null {
	if (spawnSync(balancer, ['-v']).error)
		return `${balancer} is not installed (apt-get install ${balancer}): its region tests are skipped`;
	if (!existsSync(join(resolve(root, buildDirectory), 'handler.js')))
		return `no build in ${buildDirectory}: run \`BUILD_DIR=${buildDirectory} npx vite build\` (npm run test:region does)`;
	return null;
}

export interface NodeAddress {
	name: string;
	port: number;
}

export interface BalancerTemplate {
	/** Where the balancer listens, e.g. 127.0.0.1:47100. */
	listen: string;
	nodes: NodeAddress[];
	/** The cluster's own folder: admin socket, logs, pid file. */
	directory: string;
}

/**
 * Rebuilds each block between `# nodes:` and `# end of nodes` from its first server line, once per
 * node, and passes every other line through `other`.
 */
function templateNodes(
	config: string,
	nodes: NodeAddress[],
	server: (template: string, node: NodeAddress) => string,
	other: (line: string) => string
): string {
	const lines = config.split('\n');
	const out: string[] = [];
	for (let index = 0; index < lines.length; index++) {
		if (!/^\s*# nodes(:|$)/.test(lines[index])) {
			out.push(other(lines[index]));
			continue;
		}
		out.push(lines[index]);
		const block: string[] = [];
		while (!/^\s*# end of nodes/.test(lines[++index] ?? '')) {
			if (index >= lines.length) throw new Error('a `# nodes:` block without `# end of nodes`');
			block.push(lines[index]);
		}
		const template = block.find((candidate) => /^\s*server\s/.test(candidate));
		if (!template) throw new Error('a `# nodes:` block without a server line');
		out.push(...nodes.map((node) => server(template, node)), lines[index]);
	}
	return out.join('\n');
}

function mustContain(config: string, text: string, what: string) {
	if (!config.includes(text)) throw new Error(`no ${what} line to template`);
	return config;
}

/**
 * deploy/haproxy.cfg with this cluster's ports, a stats socket of its own, and logs to stdout
 * with the node and full URL of every request (the shipped format leaves the query out).
 */
export function templateHaproxy(config: string, { listen, nodes, directory }: BalancerTemplate) {
	const result = templateNodes(
		config,
		nodes,
		(template, node) => {
			const [, indent, name, , rest] = template.match(/^(\s*)server\s+(\S+)\s+(\S+)(.*)$/)!;
			return `${indent}server ${node.name} 127.0.0.1:${node.port}${rest.replaceAll(name, node.name)}`;
		},
		(line) =>
			line
				.replace(/^(\s*)bind :80\b.*$/, `$1bind ${listen}`)
				.replace(/^(\s*)log \/dev\/log .*$/, '$1log stdout format raw local0 info')
				.replace(
					/^(\s*)stats socket .*$/,
					`$1stats socket ${join(directory, 'haproxy.sock')} mode 600 level admin`
				)
				.replace(/^(\s*)log-format .*$/, '$1log-format "route %b %s %ST %{+Q}HU"')
				.replace(/^(\s*)maxconn \d+/, '$1maxconn 4000')
	);
	return mustContain(result, `bind ${listen}`, '`bind :80`');
}

/** deploy/nginx.conf with this cluster's ports, and an access log with every request's URL. */
export function templateNginx(config: string, { listen, nodes, directory }: BalancerTemplate) {
	const result = templateNodes(
		config,
		nodes,
		(template, node) => template.replace(/server\s+\S+/, `server 127.0.0.1:${node.port}`),
		(line) =>
			line
				.replace(/^(\s*)listen 80;/, `$1listen ${listen};`)
				.replace(/^worker_processes .*;/, 'worker_processes 1;')
				.replace(/^(\s*)worker_connections \d+;/, '$1worker_connections 1024;')
				.replace(
					/^(\s*)access_log .*;/,
					`$1log_format route 'route $proxy_host $upstream_addr $status "$request_uri"';\n` +
						`$1access_log ${join(directory, 'access.log')} route;`
				)
	);
	return mustContain(result, `listen ${listen};`, '`listen 80;`');
}

/** One request as the balancer logged it. */
export interface Routed {
	backend: string;
	/** The node that answered (the last one tried), or `<NOSRV>` when there was none. */
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
	balancer?: BalancerKind;
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

const running = (child: ChildProcess | null): child is ChildProcess =>
	child !== null && child.exitCode === null && child.signalCode === null;

async function end(child: ChildProcess | null, signal: NodeJS.Signals) {
	if (!running(child)) return;
	const exited = new Promise((done) => child.once('exit', done));
	child.kill(signal);
	await exited;
}

export class Cluster {
	readonly directory = mkdtempSync(join(tmpdir(), 'klasgesprek-region-'));
	readonly nodes: RunningNode[] = [];
	readonly balancer: BalancerKind;
	port = 0;
	/** The shared database's address in region mode. */
	databaseUrl: string | null = null;
	private readonly options: ClusterOptions & Required<Omit<ClusterOptions, 'postgresUrl'>>;
	private balancerProcess: ChildProcess | null = null;
	private readonly output: string[] = [];

	constructor(options: ClusterOptions) {
		this.options = {
			balancer: 'haproxy',
			basePort: 47100,
			buildDirectory: 'build-region',
			lessonsDirectory: 'lessons',
			environment: {},
			...options
		};
		this.balancer = this.options.balancer;
	}

	/** The balancer's address: what the pages and phones use. */
	get url() {
		return `http://127.0.0.1:${this.port}`;
	}

	/**
	 * One node's own address, past the balancer (say, to put a board on another node than its
	 * host). The nodes trust X-Forwarded-For, so a client there must send one itself.
	 */
	nodeUrl(index: number) {
		return `http://127.0.0.1:${this.nodes[index].port}`;
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
		await (this.balancer === 'haproxy' ? this.startHaproxy() : this.startNginx());
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
			async () => (await answers(`${this.nodeUrl(index)}/healthz`)) === 200
		).catch(() => {
			throw new Error(`${node.name} not healthy at start:\n${node.output.join('')}`);
		});
		await Promise.race([healthy, exited]);
	}

	private template(): BalancerTemplate {
		return { listen: `127.0.0.1:${this.port}`, nodes: this.nodes, directory: this.directory };
	}

	private spawnBalancer(command: string, args: string[]) {
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		this.balancerProcess = child;
		let partial = '';
		child.stdout.on('data', (chunk: Buffer) => {
			const lines = (partial + chunk.toString()).split('\n');
			partial = lines.pop() ?? '';
			this.output.push(...lines);
		});
		child.stderr.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
		return child;
	}

	private async startHaproxy() {
		const file = join(this.directory, 'haproxy.cfg');
		const config = readFileSync(join(root, 'deploy/haproxy.cfg'), 'utf8');
		writeFileSync(file, templateHaproxy(config, this.template()));
		this.spawnBalancer('haproxy', ['-db', '-f', file]);
		await until(() => existsSync(join(this.directory, 'haproxy.sock')));
		await until(async () => {
			const status = await this.serverStatus();
			return this.nodes.every((node) => status.get(`live/${node.name}`)?.startsWith('UP'));
		});
	}

	private async startNginx() {
		const file = join(this.directory, 'nginx.conf');
		const config = readFileSync(join(root, 'deploy/nginx.conf'), 'utf8');
		writeFileSync(file, templateNginx(config, this.template()));
		const settings = `daemon off; pid ${join(this.directory, 'nginx.pid')}; error_log stderr;`;
		this.spawnBalancer('nginx', ['-c', file, '-p', this.directory, '-g', settings]);
		await until(async () => (await answers(`${this.url}/healthz`)) === 200).catch(() => {
			throw new Error(`nginx did not start:\n${this.output.join('\n')}`);
		});
	}

	private logLines(): string[] {
		if (this.balancer === 'haproxy') return this.output;
		const file = join(this.directory, 'access.log');
		return existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
	}

	/** Every request the balancer finished so far (a long-poll or WebSocket once it ends). */
	routed(): Routed[] {
		const byAddress = new Map(this.nodes.map((node) => [`127.0.0.1:${node.port}`, node.name]));
		return this.logLines().flatMap((line) => {
			const match = line.match(/^route (\S+) (.+?) (-?\d+) "(?:\S+ )?([^"\s]+)/);
			if (!match) return [];
			const [, backend, server, status, path] = match;
			// nginx names the address, the last one tried after a retry; HAProxy the node.
			const last = server.split(/,\s*/).at(-1)!;
			return [
				{
					backend,
					node: byAddress.get(last) ?? last,
					status: Number(status),
					url: new URL(path, this.url)
				}
			];
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
		if (this.balancer !== 'haproxy') throw new Error(`${this.balancer} has no admin socket`);
		return new Promise((done, fail) => {
			const socket = connectUnix(join(this.directory, 'haproxy.sock'));
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
		await end(this.nodes[index].process, 'SIGKILL');
	}

	async restart(index: number) {
		await this.kill(index);
		await this.startNode(index);
	}

	/**
	 * Restarts the machine's PostgreSQL (every database on it, as in a failover). Only for test
	 * machines where nothing else depends on it at that moment.
	 */
	async restartPostgres() {
		const [version] = readdirSync('/etc/postgresql');
		// Not execFileSync: the test's own phones and screens must keep running meanwhile.
		await runFile('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart']);
	}

	async stop() {
		await Promise.all(this.nodes.map((_, index) => this.kill(index)));
		await end(this.balancerProcess, this.balancer === 'haproxy' ? 'SIGTERM' : 'SIGQUIT');
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
