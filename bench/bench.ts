// `npm run bench`: how many classrooms one Klasgesprek process carries, next to bare socket.io.
//
// Starts the production server (on a fresh SQLite file, with the benchmark lesson) and the
// baseline, then runs the same classrooms against each in turn, alternating, and prints the
// figures and Klasgesprek's ratio to the baseline. The machines are shared and noisy; only the
// ratios within one run mean much.
//
//   npm run bench                       200 rooms x 30 pupils, two rounds each (about 2 minutes)
//   npm run bench -- --ramp             raise the answer rate until p99 answer-to-board > 250 ms
//                                       (--max-rooms: how far it may add classrooms, 450)
//   npm run bench -- --rooms 50 --pupils 25 --rounds 1 --workers 3 --window 10 --seed 7
//   npm run bench -- --url https://klas.example.nl    only that server (it needs the lesson
//                                                     in bench/lessons); no baseline, no CPU
//   --json FILE                          where the JSON goes (bench/results/latest.json)
//   --sync full                          Klasgesprek with DATABASE_SYNC=full (a disk sync per commit)
//   --profile                            run Klasgesprek and the baseline under `node --cpu-prof`
//                                        and print where their CPU time went
//                                        (bench/results/profiles/, the baseline's in baseline/); with
//                                        --region, the region's nodes too, summed over them
//                                        (bench/results/profiles/region-<time>/)
//   --region 3                           also 3 nodes in region mode on one PostgreSQL (a fresh
//                                        database on TEST_DATABASE_URL's server, default the local
//                                        one), run twice: 'region', each classroom's sockets on one
//                                        node as the balancer routes them, and 'region-spread',
//                                        each classroom spread over the nodes (the worst case).
//                                        Its CPU is the nodes' and PostgreSQL's summed.

import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultLoad, runLoad, type LoadOptions, type LoadReport } from './load/generator.ts';
import { table } from './load/stats.ts';
import { startOn as spawnOn, stopServer } from './servers/spawn.ts';
import { summariseLatestProfile, summariseProfilesIn } from './servers/profile.ts';
import {
	listenOverflows,
	postgresProcesses,
	postgresProcessesOf,
	sampleUsage,
	type Usage
} from './servers/usage.ts';

const root = resolve(import.meta.dirname, '..');

const { values: args } = parseArgs({
	options: {
		ramp: { type: 'boolean', default: false },
		profile: { type: 'boolean', default: false },
		sync: { type: 'string', default: 'normal' },
		url: { type: 'string' },
		rooms: { type: 'string' },
		pupils: { type: 'string' },
		workers: { type: 'string' },
		rounds: { type: 'string', default: '2' },
		'max-rooms': { type: 'string' },
		window: { type: 'string' },
		seed: { type: 'string' },
		region: { type: 'string' },
		json: { type: 'string', default: join(root, 'bench', 'results', 'latest.json') }
	}
});

const numberArg = (value: string | undefined, fallback: number) => {
	if (value === undefined) return fallback;
	const parsed = Number(value);
	if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`Not a positive number: ${value}`);
	return parsed;
};

interface Target {
	name: 'klasgesprek' | 'baseline' | 'region' | 'region-spread';
	url: string;
	/** Region mode: how a classroom's sockets are placed on the nodes (see classroom.ts). */
	routing?: 'session' | 'spread';
	process?: ChildProcess;
	/** Region mode: every node (the first is `url`) and what to count CPU on. */
	nodes?: Target[];
	usageOf?: () => number[];
}

/** Per statement: how often it ran and PostgreSQL's execution time, summed over the run. */
interface StatementUse {
	query: string;
	calls: number;
	execMs: number;
}

interface Statements {
	all: number;
	notify: number;
	/** The statements that ran most, each with its calls and time. */
	top: StatementUse[];
}

interface Run {
	target: Target['name'];
	round: number;
	load: LoadReport;
	usage: Usage | null;
	/** Region mode: PostgreSQL's own share of `usage`. */
	databaseUsage?: Usage | null;
	/** Region mode: that share split into the run's backends, the server's own processes, others. */
	databaseParts?: Record<'run' | 'server' | 'others', Usage | null>;
	/** Region mode, where pg_stat_statements is loaded: statements the nodes ran, and NOTIFYs. */
	statements?: Statements | null;
	/**
	 * Connections dropped on this machine during the run because an accept queue was full (each
	 * one a join that waited for a retry); null where the kernel does not say.
	 */
	listenOverflows: number | null;
}

const profileDirectory = join(root, 'bench', 'results', 'profiles');
/** The region nodes' profiles of this run, apart from the single node's. */
const regionProfileDirectory = join(profileDirectory, `region-${Date.now().toString(36)}`);

async function startServer(
	name: Target['name'],
	script: string,
	env: Record<string, string>,
	nodeOptions: string[] = []
) {
	const port = 4600 + Math.floor(Math.random() * 1_000) + (name === 'baseline' ? 1_000 : 0);
	return startOn(port, name, script, env, nodeOptions);
}

async function startOn(
	port: number,
	name: Target['name'],
	script: string,
	env: Record<string, string>,
	nodeOptions: string[] = []
) {
	return { name, ...(await spawnOn(port, name, script, env, nodeOptions)) } satisfies Target;
}

async function measure(target: Target, round: number, options: Omit<LoadOptions, 'url'>) {
	const stop = sampleUsage(target.usageOf ?? target.process?.pid);
	const stopDatabase = target.nodes ? sampleUsage(postgresProcesses) : null;
	const stopParts =
		target.nodes && regionDatabase
			? (['run', 'server', 'others'] as const).map(
					(part) => [part, sampleUsage(postgresProcessesOf(regionDatabase.name, part))] as const
				)
			: null;
	if (target.nodes) regionDatabase?.resetStatements();
	const overflowsBefore = listenOverflows();
	const load = await runLoad({
		...options,
		url: target.url,
		nodes: target.nodes?.map((node) => node.url),
		routing: target.routing
	});
	const overflowsAfter = listenOverflows();
	const run: Run = {
		target: target.name,
		round,
		load,
		usage: stop(),
		listenOverflows:
			overflowsBefore === null || overflowsAfter === null ? null : overflowsAfter - overflowsBefore
	};
	if (stopDatabase) run.databaseUsage = stopDatabase();
	if (stopParts)
		run.databaseParts = Object.fromEntries(
			stopParts.map(([part, stop]) => [part, stop()])
		) as Run['databaseParts'];
	if (target.nodes) run.statements = regionDatabase?.statements();
	console.log(`  ${target.name.padEnd(11)} round ${round}: ${oneLine(run)}`);
	if (run.databaseParts) {
		const perAnswer = (usage: Usage | null) =>
			usage ? ((usage.cpuSeconds * 1e6) / Math.max(1, load.acknowledged)).toFixed(0) : '-';
		const { run: ofRun, server, others } = run.databaseParts;
		console.log(
			`  PostgreSQL µs/answer: the run's backends ${perAnswer(ofRun)} (${ofRun?.started ?? 0} ` +
				`connections opened during the run), the server's own processes ${perAnswer(server)}, ` +
				`other databases' backends ${perAnswer(others)}`
		);
	}
	if (run.statements) console.log(statementTable(run.statements, load.acknowledged));
	return run;
}

/** Where PostgreSQL's statements went, per answer: each is a round trip from a node. */
function statementTable(statements: Statements, answers: number) {
	const perAnswer = (value: number) => (value / Math.max(1, answers)).toFixed(3);
	return table(
		['statement', 'per answer', 'exec µs/answer', 'µs/call'],
		statements.top.map(({ query, calls, execMs }) => [
			query.replace(/\s+/g, ' ').slice(0, 70),
			perAnswer(calls),
			perAnswer(execMs * 1_000),
			((execMs * 1_000) / Math.max(1, calls)).toFixed(0)
		])
	);
}

const ms = (value: number) => value.toFixed(value < 10 ? 1 : 0);

function oneLine({ load, usage, databaseUsage, statements, listenOverflows }: Run) {
	return (
		`${load.acknowledged} answers at ${load.answerRate.toFixed(0)}/s, ` +
		`ack p99 ${ms(load.ack.p99)} ms, board p99 ${ms(load.board.p99)} ms, ` +
		`lost ${load.lostOnBoard + load.lostInStore}, double ${load.doubleOnBoard + load.doubleInStore}` +
		(usage ? `, CPU ${usage.cpuPercent.toFixed(0)}%, RSS ${usage.peakRssMb.toFixed(0)} MB` : '') +
		(databaseUsage
			? ` (PostgreSQL ${((databaseUsage.cpuSeconds * 1e6) / Math.max(1, load.acknowledged)).toFixed(0)} µs/answer)`
			: '') +
		(statements
			? `, ${(statements.all / Math.max(1, load.acknowledged)).toFixed(1)} statements and ` +
				`${(statements.notify / Math.max(1, load.acknowledged)).toFixed(1)} NOTIFY per answer`
			: '') +
		(listenOverflows === null ? '' : `, accept queue overflows ${listenOverflows}`) +
		(Object.keys(load.errors).length ? `, errors ${JSON.stringify(load.errors)}` : '')
	);
}

/** A run holds when the board keeps up and nothing is lost, doubled or left unanswered. */
function held(load: LoadReport) {
	return (
		load.board.p99 <= 250 &&
		load.lostOnBoard + load.lostInStore + load.doubleOnBoard + load.doubleInStore === 0 &&
		load.unacknowledged === 0 &&
		load.boardUnseen === 0 &&
		Object.keys(load.errors).length === 0
	);
}

function compareTable(runs: Run[]) {
	const rows = runs.map(({ target, round, load, usage }) => [
		`${target} #${round}`,
		load.acknowledged,
		load.answerRate.toFixed(0),
		`${ms(load.join.p50)} / ${ms(load.join.p99)}`,
		`${ms(load.ack.p50)} / ${ms(load.ack.p95)} / ${ms(load.ack.p99)} / ${ms(load.ack.max)}`,
		`${ms(load.board.p50)} / ${ms(load.board.p95)} / ${ms(load.board.p99)} / ${ms(load.board.max)}`,
		`${load.lostOnBoard}/${load.lostInStore}`,
		`${load.doubleOnBoard}/${load.doubleInStore}`,
		usage ? usage.cpuPercent.toFixed(0) : '-',
		usage ? ((usage.cpuSeconds * 1e6) / Math.max(1, load.acknowledged)).toFixed(0) : '-',
		usage ? usage.peakRssMb.toFixed(0) : '-'
	]);
	return table(
		[
			'run',
			'answers',
			'per s',
			'join p50/p99 ms',
			'ack p50/p95/p99/max ms',
			'board p50/p95/p99/max ms',
			'lost b/s',
			'double b/s',
			'CPU %',
			'CPU µs/answer',
			'RSS MB'
		],
		rows
	);
}

/**
 * Klasgesprek's figures over the baseline's. Each side's figure is its best round: noise from
 * other work on the machine only ever makes a round slower, so the best is the least noisy.
 */
function ratios(
	runs: Run[],
	over: Target['name'] = 'klasgesprek',
	under: Target['name'] = 'baseline'
) {
	const of = (target: Target['name'], pick: (run: Run) => number | undefined) => {
		const values = runs
			.filter((run) => run.target === target)
			.map(pick)
			.filter((value): value is number => value !== undefined);
		return values.length ? Math.min(...values) : NaN;
	};
	const ratio = (pick: (run: Run) => number | undefined) => of(over, pick) / of(under, pick);
	const cpuPerAnswer = (run: Run) =>
		run.usage ? run.usage.cpuSeconds / Math.max(1, run.load.acknowledged) : undefined;
	return {
		ackP50: ratio((run) => run.load.ack.p50),
		ackP99: ratio((run) => run.load.ack.p99),
		boardP50: ratio((run) => run.load.board.p50),
		boardP99: ratio((run) => run.load.board.p99),
		cpuPerAnswer: ratio(cpuPerAnswer),
		peakRss: ratio((run) => run.usage?.peakRssMb)
	};
}

function machine() {
	return {
		cpu: cpus()[0]?.model ?? 'unknown',
		cores: cpus().length,
		memoryGb: Math.round(totalmem() / 2 ** 30),
		node: process.version,
		date: new Date().toISOString()
	};
}

/**
 * One small classroom per server before anything is measured: a server's first requests load
 * its code (SvelteKit imports a route's modules when it is first asked for, V8 compiles), a cost
 * it pays once a process and not per answer.
 */
async function warmUp(targets: Target[], options: Omit<LoadOptions, 'url'>) {
	for (const target of targets)
		await runLoad({
			...options,
			rooms: 2,
			workers: 1,
			roomStartWindowMs: 0,
			joinWindowMs: 200,
			answerWindowMs: 500,
			settleMs: 200,
			url: target.url,
			nodes: target.nodes?.map((node) => node.url),
			routing: target.routing
		});
}

async function compare(targets: Target[], options: Omit<LoadOptions, 'url'>, rounds: number) {
	await warmUp(targets, options);
	console.log(
		`${options.rooms} rooms x ${options.pupils} pupils, answers within ${options.answerWindowMs / 1_000} s, ` +
			`${options.workers} generator processes, ${rounds} round(s) per server, alternating\n`
	);
	const runs: Run[] = [];
	for (let round = 1; round <= rounds; round += 1) {
		// Alternate who goes first, so neither always runs on a warmer or a busier machine.
		const order = round % 2 ? targets : [...targets].reverse();
		for (const target of order)
			runs.push(await measure(target, round, { ...options, seed: options.seed + round }));
	}
	console.log(`\n${compareTable(runs)}\n`);
	const result: Record<string, unknown> = { mode: 'compare', machine: machine(), options, runs };
	const pairs = (
		[
			['klasgesprek', 'baseline'],
			['region', 'klasgesprek'],
			['region-spread', 'klasgesprek'],
			['region', 'baseline']
		] as const
	).filter(([over, under]) => [over, under].every((name) => targets.some((t) => t.name === name)));
	result.ratios = {};
	for (const [over, under] of pairs) {
		const ratio = ratios(runs, over, under);
		(result.ratios as Record<string, unknown>)[`${over}/${under}`] = ratio;
		console.log(
			table(
				[`${over} / ${under} (best rounds)`, 'ratio'],
				Object.entries(ratio).map(([name, value]) => [name, value.toFixed(2)])
			)
		);
	}
	return result;
}

/**
 * First each pupil answers more often, up to 48 times in 10 s (the server allows a phone 5
 * messages a second); then more classrooms answer at that pace, until the machine's open-file
 * limit comes near (each classroom is 32 connections, counted on both sides).
 */
function rampSteps(rooms: number, maxRooms: number) {
	const steps = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48].map((answersPerPupil) => ({
		answersPerPupil,
		rooms
	}));
	for (let more = Math.round(rooms * 1.5); more <= maxRooms; more = Math.round(more * 1.5))
		steps.push({ answersPerPupil: 48, rooms: more });
	return steps;
}

async function ramp(targets: Target[], options: Omit<LoadOptions, 'url'>, maxRooms: number) {
	await warmUp(targets, options);
	const steady = { ...options, pace: 'steady' as const, changeShare: 0, reconnectShare: 0 };
	console.log(
		`Ramp: ${steady.rooms} rooms x ${steady.pupils} pupils, each answering k times in ` +
			`${steady.answerWindowMs / 1_000} s, then more rooms (up to ${maxRooms}), until p99 ` +
			`answer-to-board passes 250 ms\n`
	);
	const runs: (Run & { answersPerPupil: number; rooms: number; held: boolean })[] = [];
	const highest = new Map<Target['name'], number>();
	let holding = [...targets];
	for (const [step, { answersPerPupil, rooms }] of rampSteps(steady.rooms, maxRooms).entries()) {
		if (holding.length === 0) break;
		const stillHolding: Target[] = [];
		for (const target of holding) {
			const run = await measure(target, step + 1, {
				...steady,
				rooms,
				answersPerPupil,
				seed: steady.seed + step
			});
			runs.push({ ...run, answersPerPupil, rooms, held: held(run.load) });
			if (!held(run.load)) continue;
			stillHolding.push(target);
			highest.set(target.name, Math.max(highest.get(target.name) ?? 0, run.load.answerRate));
		}
		holding = stillHolding;
	}
	console.log(
		`\n${table(
			[
				'run',
				'rooms',
				'k',
				'offered/s',
				'acked/s',
				'ack p99 ms',
				'board p99 ms',
				'generator lag p99 ms',
				'CPU %',
				'held'
			],
			runs.map((run) => [
				run.target,
				run.rooms,
				run.answersPerPupil,
				((run.rooms * steady.pupils * run.answersPerPupil * 1_000) / steady.answerWindowMs).toFixed(
					0
				),
				run.load.answerRate.toFixed(0),
				ms(run.load.ack.p99),
				ms(run.load.board.p99),
				ms(run.load.generatorDelayP99Ms),
				run.usage ? run.usage.cpuPercent.toFixed(0) : '-',
				run.held ? 'yes' : 'no'
			])
		)}\n`
	);
	const capped = holding.map((target) => target.name);
	for (const target of targets)
		console.log(
			`${target.name}: highest held ${(highest.get(target.name) ?? 0).toFixed(0)} answers/s` +
				(capped.includes(target.name) ? ' (still holding at the last step)' : '')
		);
	const ratio = (highest.get('klasgesprek') ?? 0) / (highest.get('baseline') ?? NaN);
	if (targets.length === 2) console.log(`ratio klasgesprek / baseline: ${ratio.toFixed(2)}`);
	return {
		mode: 'ramp',
		machine: machine(),
		options: steady,
		runs,
		highest: Object.fromEntries(highest),
		stillHolding: capped,
		ratio
	};
}

const options: Omit<LoadOptions, 'url'> = {
	...defaultLoad,
	rooms: numberArg(args.rooms, args.ramp ? 100 : defaultLoad.rooms),
	pupils: numberArg(args.pupils, defaultLoad.pupils),
	workers: numberArg(args.workers, defaultLoad.workers),
	answerWindowMs: numberArg(args.window, defaultLoad.answerWindowMs / 1_000) * 1_000,
	seed: numberArg(args.seed, defaultLoad.seed)
};

/** Every pupil is an open connection, in the server and in a generator: check there is room. */
function checkOpenFileLimit(rooms: number, pupils: number) {
	let limit: number;
	try {
		limit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
	} catch {
		return;
	}
	const needed = rooms * (pupils + 3) + 500;
	if (Number.isFinite(limit) && limit < needed) {
		console.error(
			`This run needs about ${needed} open connections per process, but the limit is ${limit}.\n` +
				`Raise it for this shell (for example \`ulimit -n 65536\`) or use fewer --rooms.`
		);
		process.exit(1);
	}
}

checkOpenFileLimit(args.ramp ? numberArg(args['max-rooms'], 450) : options.rooms, options.pupils);

const dataDirectory = mkdtempSync(join(tmpdir(), 'klasgesprek-bench-'));
const regionDatabase = args.region ? createRegionDatabase() : null;
const targets: Target[] = args.url
	? [{ name: 'klasgesprek', url: args.url.replace(/\/$/, '') }]
	: [
			await startServer(
				'baseline',
				'bench/servers/baseline.ts',
				{},
				args.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDirectory, 'baseline')}`] : []
			),
			await startServer(
				'klasgesprek',
				'server.ts',
				{
					DATABASE_PATH: join(dataDirectory, 'bench.sqlite'),
					// Each classroom comes from a school address of its own (see classroom.ts).
					ADDRESS_HEADER: 'x-forwarded-for',
					LESSONS_DIR: join(root, 'bench', 'lessons'),
					DATABASE_SYNC: args.sync
				},
				args.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDirectory}`] : []
			),
			...(regionDatabase
				? routedAndSpread(await startRegion(numberArg(args.region, 3), regionDatabase.url))
				: [])
		];

try {
	const result = args.ramp
		? await ramp(targets, options, numberArg(args['max-rooms'], 450))
		: await compare(targets, options, numberArg(args.rounds, 2));
	mkdirSync(dirname(args.json), { recursive: true });
	const record = { ...result, databaseSync: args.url ? undefined : args.sync };
	writeFileSync(args.json, `${JSON.stringify(record, null, '\t')}\n`);
	console.log(`\nJSON: ${args.json}`);
} finally {
	const processes = new Set(targets.flatMap((target) => target.nodes ?? [target]));
	await Promise.all([...processes].map(stopServer));
	rmSync(dataDirectory, { recursive: true, force: true });
	regionDatabase?.drop();
}

if (args.profile) {
	console.log(`\n${summariseLatestProfile(profileDirectory)}`);
	console.log(
		`\nThe baseline, for comparison:\n${summariseLatestProfile(join(profileDirectory, 'baseline'))}`
	);
}
if (args.profile && args.region)
	console.log(`\nThe region's nodes:\n${summariseProfilesIn(regionProfileDirectory)}`);

/** A fresh database for one run, on the PostgreSQL server of TEST_DATABASE_URL (or the local one). */
function createRegionDatabase() {
	const server = new URL(
		process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
	);
	const name = `klasgesprek_bench_${process.pid}_${Date.now().toString(36)}`;
	const psql = (sql: string) =>
		execFileSync('psql', [server.href, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: 'pipe' });
	psql(`CREATE DATABASE ${name}`);
	const url = new URL(server.href);
	url.pathname = `/${name}`;
	const inRun = (sql: string) =>
		execFileSync('psql', [url.href, '-v', 'ON_ERROR_STOP=1', '-Atqc', sql], {
			stdio: 'pipe',
			encoding: 'utf8'
		});
	// Statement counts need pg_stat_statements in shared_preload_libraries; without it, none. The
	// extension can be created where the library is installed but not loaded: only a call tells.
	let counting = true;
	try {
		inRun('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
		inRun('SELECT pg_stat_statements_reset()');
	} catch {
		counting = false;
		console.log(
			"No statement counts: PostgreSQL's shared_preload_libraries does not load pg_stat_statements."
		);
	}
	return {
		name,
		url: url.href,
		drop: () => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
		resetStatements: () => void (counting && inRun('SELECT pg_stat_statements_reset()')),
		statements: (): Statements | null => {
			if (!counting) return null;
			const ofThisDatabase = `FROM pg_stat_statements
				WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
				AND query NOT LIKE '%pg_stat_statements%'`;
			const [all, notify] = inRun(
				`SELECT coalesce(sum(calls), 0), coalesce(sum(calls) FILTER (WHERE query LIKE '%pg_notify%'), 0)
				${ofThisDatabase}`
			)
				.trim()
				.split('|')
				.map(Number);
			const top = inRun(
				`SELECT json_agg(t) FROM (SELECT query, calls, round(total_exec_time::numeric, 3) AS "execMs"
				${ofThisDatabase} ORDER BY calls DESC LIMIT 16) AS t`
			).trim();
			return { all, notify, top: (JSON.parse(top || 'null') ?? []) as StatementUse[] };
		}
	};
}

/**
 * N production nodes on one PostgreSQL, as a region runs them. They start one after another, so
 * the first runs the migrations and the others find them done (the migration lock is tested in
 * the store's own tests).
 */
async function startRegion(count: number, databaseUrl: string): Promise<Target> {
	const base = 6600 + Math.floor(Math.random() * 1_000);
	const nodes: Target[] = [];
	for (let index = 0; index < count; index += 1)
		nodes.push(
			await startOn(
				base + index,
				'region',
				'server.ts',
				{
					DATABASE_URL: databaseUrl,
					ADDRESS_HEADER: 'x-forwarded-for',
					LESSONS_DIR: join(root, 'bench', 'lessons')
				},
				args.profile ? ['--cpu-prof', `--cpu-prof-dir=${regionProfileDirectory}`] : []
			)
		);
	const pids = nodes.map((node) => node.process!.pid!);
	return {
		name: 'region',
		url: nodes[0].url,
		nodes,
		routing: 'session',
		usageOf: () => [...pids, ...postgresProcesses()]
	};
}

/** The same nodes measured twice: as a balancer routes sessions, and every classroom spread. */
function routedAndSpread(region: Target): Target[] {
	return [region, { ...region, name: 'region-spread', routing: 'spread' }];
}
