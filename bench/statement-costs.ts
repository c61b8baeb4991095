// `node bench/statement-costs.ts`: what one statement of region mode's hot path costs PostgreSQL's
// CPU, read from its backend's /proc while one connection runs it a few thousand times: the
// statements an answer, a join and a results update make, each sent as node-postgres sends an
// unnamed statement (parsed and planned on every call) and as a named prepared statement (parsed
// once per connection), and a new connection's first calls. Needs PostgreSQL on this machine
// (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test); works in a schema of its
// own and drops it.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { table } from './load/stats.ts';
import { PostgresStore, statements } from '../src/lib/server/store/postgres.ts';
import { sessionRecord } from '../tests/store/records.ts';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `costs_${randomBytes(4).toString('hex')}`;
const calls = Number(process.argv[2] ?? 2_000);

/** A backend's CPU time so far, in nanoseconds (the scheduler's count, finer than /proc/stat's ticks). */
function backendTicks(pid: number) {
	return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
}
const ticksPerSecond = 1e9;

const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`CREATE SCHEMA ${schema}`);
const options = `-c search_path=${schema}`;
const store = await PostgresStore.open({ connectionString: url, pool: { options } });

// The store tests' session: live, block b1 open.
const session = sessionRecord({ lessonSlug: 'bench', expiresAt: Date.now() + 3_600_000 });
await store.insertSession(session);

let pupil = 0;
const writeAnswers = (count: number) => {
	const keys = Array.from({ length: count }, () => `p${(pupil += 1) % 30}`);
	return [
		3,
		keys.map((key) => JSON.stringify(['s1', 'b1', key])),
		keys.map(() => 's1'),
		keys.map(() => 'b1'),
		keys,
		keys.map(() => JSON.stringify({ kind: 'choice', options: [pupil % 4] })),
		keys.map(() => Date.now()),
		keys.map(() => null)
	];
};

interface Case {
	name: string;
	text: string;
	values: () => unknown[];
	/** Answers one call writes, to give a cost per answer too. */
	answers?: number;
}
// The store's own statements, so what is priced is what runs.
const cases: Case[] = [
	{ name: 'SELECT 1 (a round trip)', text: 'SELECT 1', values: () => [] },
	{ name: 'session by id', text: statements.sessionById.text, values: () => ['s1'] },
	{
		name: 'live session by code',
		text: statements.liveSessionByCode.text,
		values: () => ['123456']
	},
	{ name: 'tally of 30 answers', text: statements.blockTally.text, values: () => ['s1', 'b1'] },
	{
		name: 'session with the tally of 30 answers',
		text: statements.sessionWithTally.text,
		// No cached tally (-1): the answers, moves and decisions are read, as on a new revision.
		values: () => ['s1', 'b1', -1]
	},
	{
		name: 'join: INSERT pupil_joins (a commit)',
		text: statements.countJoins.text,
		values: () => [['s1']]
	},
	{
		name: 'write 1 answer (a commit)',
		text: statements.writeAnswers.text,
		values: () => writeAnswers(1),
		answers: 1
	},
	{
		name: 'write 10 answers (a commit)',
		text: statements.writeAnswers.text,
		values: () => writeAnswers(10),
		answers: 10
	}
];

async function cost(client: pg.Client, pid: number, run: () => Promise<unknown>, times: number) {
	for (let index = 0; index < 20; index += 1) await run();
	const before = backendTicks(pid);
	for (let index = 0; index < times; index += 1) await run();
	return (((backendTicks(pid) - before) / ticksPerSecond) * 1e6) / times;
}

const rows: (string | number)[][] = [];
for (const [index, each] of cases.entries()) {
	const client = new pg.Client({ connectionString: url, options });
	await client.connect();
	const { rows: backend } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
	const pid = backend[0].pid;
	const unnamed = await cost(client, pid, () => client.query(each.text, each.values()), calls);
	const named = await cost(
		client,
		pid,
		() => client.query({ name: `c${index}`, text: each.text, values: each.values() }),
		calls
	);
	await client.end();
	rows.push([
		each.name,
		unnamed.toFixed(0),
		named.toFixed(0),
		each.answers ? (named / each.answers).toFixed(0) : '-'
	]);
}

// A new connection: its start (its CPU since the fork, read once it answers) and its first answer
// (the function is compiled and its statements planned once per backend).
const before = Date.now();
let started = 0;
let firstCalls = 0;
const fresh = 20;
for (let index = 0; index < fresh; index += 1) {
	const client = new pg.Client({ connectionString: url, options });
	await client.connect();
	const { rows: backend } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
	const start = backendTicks(backend[0].pid);
	started += start;
	await client.query(statements.writeAnswers.text, writeAnswers(1));
	firstCalls += backendTicks(backend[0].pid) - start;
	await client.end();
}
const perFresh = (ticks: number) => ((ticks / ticksPerSecond / fresh) * 1e6).toFixed(0);
rows.push(['a new connection, started', perFresh(started), '-', '-']);
rows.push(['its first answer', perFresh(firstCalls), '-', '-']);

console.log(
	`PostgreSQL backend CPU per call, µs (${calls} calls each, one connection; ${Date.now() - before} ms for ${fresh} new connections)\n`
);
console.log(table(['statement', 'unnamed', 'named (prepared)', 'named per answer'], rows));

await store.close();
await admin.query(`DROP SCHEMA ${schema} CASCADE`);
await admin.end();
