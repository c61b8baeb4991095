// The Store on PostgreSQL, for region mode: several Klasgesprek processes share one database,
// so every guarantee lives in it. Each method is one transaction (READ COMMITTED); constraints
// and conditional updates keep what must hold (one live session per code, one answer per pupil
// per block, one pin per block, unique arrival numbers, the session's version), and
// transaction-scoped advisory locks serialise what spans rows (a pupil's pending limit, a
// pupil's answer and the move it makes, the pins of a block). A call that cannot reach the
// database rejects, so nothing is acknowledged that was not committed.

import pg from 'pg';
import { Batcher } from './group-commit.ts';
import { jsonText } from './json-text.ts';
import { postgresMigrations } from './postgres-migrations.ts';
import { PostgresRunStore, PostgresTeacherStore, type Statements } from './postgres-teachers.ts';
import { TallyCache } from './tally-cache.ts';
import type {
	AnswerWrite,
	AnswerWriteResult,
	BlockTallySource,
	NewResponse,
	ResponseRecord,
	ResponseStatus,
	SessionRecord,
	Store,
	StoredAnswer,
	SubmitResult,
	SubmitRules,
	WordDecision
} from './store.ts';
import {
	responseFromRow,
	sessionFromRow,
	type ColumnReader,
	type ResponseRow,
	type SessionRow
} from './rows.ts';

/** node-postgres parses jsonb and boolean columns itself. */
const columns: ColumnReader = {
	json: <T>(value: unknown) => value as T,
	flag: (value: unknown) => value === true
};

const toSession = (row: SessionRow) => sessionFromRow(row, columns);
const toResponse = (row: ResponseRow) => responseFromRow(row, columns);

type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * A statement of the hot path (every answer, join and results update), prepared once per
 * connection: node-postgres parses a named statement once and PostgreSQL keeps its plan, where an
 * unnamed one is parsed and planned on every call (a session read costs its backend about 100 µs
 * unnamed and 50 µs prepared, a tally 190 and 45: bench/statement-costs.ts). Only statements that
 * name their columns: a migration that adds a column leaves their result as it was, where a
 * prepared `SELECT *` would fail with "cached plan must not change result type".
 */
interface Prepared {
	name: string;
	text: string;
}
const prepared = (name: string, text: string): Prepared => ({ name: `klasgesprek_${name}`, text });

/** A statement's text, or a prepared statement. */
type Sql = string | Prepared;
const withValues = (sql: Sql, values: unknown[]) =>
	typeof sql === 'string' ? { text: sql, values } : { ...sql, values };

/** Times are milliseconds since 1970 in bigint columns, well inside a JavaScript number. */
const types = {
	getTypeParser(oid: number, format?: 'text' | 'binary') {
		if (oid === pg.types.builtins.INT8 && format !== 'binary')
			return (value: string) => Number(value);
		return pg.types.getTypeParser(oid, format);
	}
} as pg.CustomTypesConfig;

/** Lock namespaces: the first key of a two-key advisory lock says what is locked. */
const lockOf = { migration: 1, pupilResponses: 2, answer: 3, blockPins: 4 } as const;

/** Whether an error means the connection was gone, not that the statement was refused. */
function connectionLost(error: unknown): boolean {
	const code = (error as { code?: string }).code;
	if (code === undefined) return /connection|terminat/i.test(String((error as Error).message));
	return code.startsWith('08') || code.startsWith('57P') || ['ECONNRESET', 'EPIPE'].includes(code);
}

/** Transactions that lost a race PostgreSQL detected are simply run again. */
const retriedErrorCodes = new Set(['40001', '40P01']);
const attempts = 5;

/**
 * A node's connections, and how long one stays open unused. A new connection costs its backend
 * about 7 ms of CPU before its first answer is written (start-up, the catalogue, compiling
 * klasgesprek_write_answers; bench/statement-costs.ts), several hundred statements' worth: kept
 * open between one question of a class and the next, they are warm when the next burst comes.
 * Six instead of ten were tried once: joins and acknowledgements then waited far longer in the
 * region benchmark, which the smaller pool may have caused (the machine was loaded by other work
 * too), so ten stay.
 */
const maxConnections = 10;
const idleConnectionMs = 10 * 60_000;

export interface PostgresStoreOptions {
	/** postgres://user:password@host:port/database */
	connectionString: string;
	/** Connections this process keeps at most. */
	maxConnections?: number;
	/**
	 * Connections opened as the store opens, each warmed by the hot path's statements (prepared,
	 * klasgesprek_write_answers compiled), and kept however long they are idle (the pool's `min`):
	 * by default all of them. With four, a region benchmark still saw seven new backends a run as
	 * the pools grew to ten; a node that has been quiet for a while should not meet its next class
	 * with cold backends. docs/deployment.md counts them in `max_connections`.
	 */
	warmConnections?: number;
	/** Anything else for the pool (tests set the search_path and an application name). */
	pool?: pg.PoolConfig;
	/** Where a lost idle connection is reported; it never stops the process. */
	onPoolError?: (error: Error) => void;
}

const sessionColumns = `id, join_code, host_key, board_key, token_key, lesson_slug, lesson_version,
	step, open_block_id, revealed, locked, timer, stage, status, created_at, ended_at, expires_at,
	active_at, version, teacher_key, class_id, counts_in_overview`;

/**
 * A block's tally ($1 the session, $2 the block) as columns of one statement, so one snapshot:
 * the answers, moves and decisions are those of the revision read with them.
 */
const tallyColumns = `
	(SELECT coalesce(json_agg(value ORDER BY updated_at, pupil_key COLLATE "C"), '[]')
		FROM answers WHERE session_id = $1 AND block_id = $2) AS answers,
	(SELECT coalesce(json_agg(json_build_object('from', from_option, 'to', to_option,
		'count', count) ORDER BY from_option, to_option), '[]')
		FROM moves WHERE session_id = $1 AND block_id = $2) AS moves,
	(SELECT coalesce(json_agg(json_build_array(word, decision)), '[]')
		FROM word_decisions WHERE session_id = $1 AND block_id = $2) AS decisions,
	(SELECT revision FROM block_revisions WHERE session_id = $1 AND block_id = $2) AS revision`;

/** The hot path's statements, prepared (see `prepared`); bench/statement-costs.ts prices them. */
export const statements = {
	sessionById: prepared('session_by_id', `SELECT ${sessionColumns} FROM sessions WHERE id = $1`),
	liveSessionByCode: prepared(
		'live_session_by_code',
		`SELECT ${sessionColumns} FROM sessions WHERE join_code = $1 AND status = 'live'`
	),
	countJoins: prepared(
		'count_joins',
		'INSERT INTO pupil_joins (session_id) SELECT unnest($1::text[])'
	),
	writeAnswers: prepared(
		'write_answers',
		'SELECT ord, outcome, previous FROM klasgesprek_write_answers($1, $2, $3, $4, $5, $6, $7, $8)'
	),
	answerOf: prepared(
		'answer_of',
		`SELECT pupil_key, value, updated_at FROM answers
		WHERE session_id = $1 AND block_id = $2 AND pupil_key = $3`
	),
	blockTally: prepared('block_tally', `SELECT ${tallyColumns}`),
	sessionWithTally: prepared(
		'session_with_tally_unless_at',
		`SELECT ${sessionColumns}, revision.at AS revision,
			CASE WHEN revision.at = $3 THEN NULL ELSE (SELECT coalesce(json_agg(
				json_build_array(pupil_key, updated_at, value) ORDER BY updated_at, pupil_key COLLATE "C"),
				'[]') FROM answers WHERE session_id = $1 AND block_id = $2) END AS answers,
			CASE WHEN revision.at = $3 THEN NULL ELSE (SELECT coalesce(json_agg(json_build_object(
				'from', from_option, 'to', to_option, 'count', count) ORDER BY from_option, to_option), '[]')
				FROM moves WHERE session_id = $1 AND block_id = $2) END AS moves,
			CASE WHEN revision.at = $3 THEN NULL ELSE (SELECT coalesce(json_agg(
				json_build_array(word, decision)), '[]')
				FROM word_decisions WHERE session_id = $1 AND block_id = $2) END AS decisions
		FROM sessions, LATERAL (SELECT coalesce((SELECT revision FROM block_revisions
			WHERE session_id = $1 AND block_id = $2), 0) AS at) AS revision
		WHERE id = $1`
	)
};

/**
 * The hot path's statements with arguments that find and change nothing: run once on each warm
 * connection, they leave it with every statement prepared and the write function compiled (a
 * batch of no answers takes no lock and writes nothing, so it commits nothing either).
 */
const warmingCalls: [Prepared, unknown[]][] = [
	[statements.sessionById, ['']],
	[statements.liveSessionByCode, ['']],
	[statements.countJoins, [[]]],
	[statements.writeAnswers, [lockOf.answer, [], [], [], [], [], [], []]],
	[statements.answerOf, ['', '', '']],
	[statements.blockTally, ['', '']],
	[statements.sessionWithTally, ['', '', -1]]
];

/**
 * How old a session `recentSession` hands out may be: an answer's session is read once a second
 * at most, not on every answer (the checks that matter are made again as the answer is written).
 */
const recentSessionMs = 1_000;
const recentSessionLimit = 10_000;

/**
 * How long a join waits for others to be counted with it: thirty pupils joining within seconds
 * cost one commit per few joins instead of one each (a commit is about 120 µs of PostgreSQL's
 * CPU, most of it the WAL flush). A phone's join takes this much longer, far below what its
 * network adds.
 */
const joinWindowMs = 20;

/**
 * How long an answer waits for others to share its commit, as joins do (`joinWindowMs`). The
 * commit is most of what an answer costs PostgreSQL (about 270 µs of its CPU for one answer, 460
 * for ten: bench/statement-costs.ts); at a lesson's pace of a few answers a second per class a
 * batch without a window held 1.1-1.2 answers, with 10 ms about two (commits per answer 0.85 ->
 * 0.48 in the region benchmark). A pupil's acknowledgement takes up to this much longer.
 */
const answerWindowMs = 10;

export class PostgresStore implements Store {
	readonly teachers: PostgresTeacherStore;
	readonly runs: PostgresRunStore;
	readonly answerCommitWindowMs = answerWindowMs;
	private readonly pool: pg.Pool;
	private closed = false;
	private readonly recent = new Map<string, { session: SessionRecord | null; at: number }>();
	/** Join code → the id of the live session last remembered with it. */
	private readonly recentCodes = new Map<string, string>();
	/**
	 * The tallies of the blocks whose results this node read lately, followed by its own writes.
	 * Other nodes write too, so a cached tally is only used when the block's revision, read
	 * fresh with the session, is the one it was cached at (every change of a block's answers,
	 * moves or word decisions raises it, in the transaction that makes the change).
	 */
	private readonly tallies = new TallyCache(recentSessionLimit);
	private readonly now = () => performance.now();
	private readonly joins = new Batcher<string, void>(
		(sessionIds) => this.insertJoins(sessionIds),
		joinWindowMs
	);

	private constructor(pool: pg.Pool) {
		this.pool = pool;
		const statements: Statements = {
			write: (text, values) => this.write(text, values),
			query: (text, values) => this.query(text, values)
		};
		this.teachers = new PostgresTeacherStore(statements, columns, sessionColumns);
		this.runs = new PostgresRunStore(statements, columns);
	}

	/** Connects and brings the schema up to date; rejects when the database cannot be reached. */
	static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
		const max = options.maxConnections ?? maxConnections;
		const warm = Math.min(options.warmConnections ?? max, max);
		if (!Number.isInteger(max) || max < 1)
			throw new RangeError(`maxConnections must be a whole number above 0, not ${max}`);
		if (!Number.isInteger(warm) || warm < 0)
			throw new RangeError(`warmConnections must be a whole number, 0 or more, not ${warm}`);
		const pool = new pg.Pool({
			connectionString: options.connectionString,
			max,
			min: warm,
			// An unreachable database rejects the call instead of leaving a pupil waiting.
			connectionTimeoutMillis: 5_000,
			idleTimeoutMillis: idleConnectionMs,
			application_name: 'klasgesprek',
			types,
			...options.pool
		});
		// An idle connection that the server closed (a restart, a failover) is dropped by the pool
		// and reported here; the next call opens a new one.
		pool.on(
			'error',
			options.onPoolError ??
				((error) => console.error('PostgreSQL connection lost:', error.message))
		);
		// A connection lost while checked out (between the statements of a transaction, say a
		// restart of PostgreSQL) emits 'error' on its client, which the pool listens for only while
		// the client is idle; unheard, it would end the process. The statement in flight or the
		// next one fails with it, and that command is answered 'store-unavailable'.
		pool.on('connect', (client) => client.on('error', () => {}));
		const store = new PostgresStore(pool);
		try {
			await store.migrate();
			await store.warm(warm);
		} catch (error) {
			await pool.end();
			throw error;
		}
		return store;
	}

	/** Opens `count` connections at once and runs the hot path's statements on each. */
	private async warm(count: number) {
		const connected = await Promise.allSettled(
			Array.from({ length: count }, () => this.pool.connect())
		);
		const clients = connected.flatMap((each) => (each.status === 'fulfilled' ? [each.value] : []));
		try {
			for (const each of connected) if (each.status === 'rejected') throw each.reason;
			await Promise.all(
				clients.map(async (client) => {
					for (const [statement, values] of warmingCalls)
						await client.query(withValues(statement, values));
				})
			);
		} finally {
			for (const client of clients) client.release();
		}
	}

	private async migrate() {
		const client = await this.pool.connect();
		let broken: Error | undefined;
		const lost = (error: Error) => (broken = error);
		client.on('error', lost);
		try {
			// Per schema, so that separate schemas (test runs) migrate side by side.
			await client.query('SELECT pg_advisory_lock($1, hashtext(current_schema()))', [
				lockOf.migration
			]);
			try {
				await client.query(
					'CREATE TABLE IF NOT EXISTS klasgesprek_schema (version integer NOT NULL)'
				);
				const { rows } = await client.query<{ version: number }>(
					'SELECT version FROM klasgesprek_schema'
				);
				if (rows.length === 0) await client.query('INSERT INTO klasgesprek_schema VALUES (0)');
				for (let index = rows[0]?.version ?? 0; index < postgresMigrations.length; index += 1) {
					await client.query('BEGIN');
					try {
						await client.query(postgresMigrations[index]);
						await client.query('UPDATE klasgesprek_schema SET version = $1', [index + 1]);
						await client.query('COMMIT');
					} catch (error) {
						await client.query('ROLLBACK');
						throw error;
					}
				}
			} finally {
				await client.query('SELECT pg_advisory_unlock($1, hashtext(current_schema()))', [
					lockOf.migration
				]);
			}
		} finally {
			client.off('error', lost);
			client.release(broken);
		}
	}

	private async transaction<T>(
		work: (client: Queryable) => Promise<T>,
		mode: 'READ COMMITTED' | 'REPEATABLE READ READ ONLY' = 'READ COMMITTED'
	): Promise<T> {
		for (let attempt = 1; ; attempt += 1) {
			const client = await this.pool.connect();
			let broken: Error | undefined;
			let begun = false;
			// A connection lost while checked out reports it here as well as to the statement
			// waiting on it; unheard, that report would end the process.
			const lost = (error: Error) => (broken = error);
			client.on('error', lost);
			try {
				await client.query(`BEGIN ISOLATION LEVEL ${mode}`);
				begun = true;
				const result = await work(client);
				await client.query('COMMIT');
				return result;
			} catch (error) {
				try {
					await client.query('ROLLBACK');
				} catch (rollbackError) {
					// The connection itself failed: the pool must not hand it out again.
					broken = rollbackError as Error;
				}
				if (attempt < attempts) {
					// A connection the database closed while it sat idle (a restart): nothing was
					// done on it yet, so the work is safely begun again on another.
					if (!begun && connectionLost(error)) continue;
					const code = (error as { code?: string }).code;
					if (!broken && code && retriedErrorCodes.has(code)) continue;
				}
				throw error;
			} finally {
				client.off('error', lost);
				client.release(broken);
			}
		}
	}

	/** One statement that changes data, in a transaction of its own. */
	private async write<Row extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
		return this.transaction((client) => client.query<Row>(text, values));
	}

	/**
	 * One statement in a transaction of its own, run again when PostgreSQL rolled it back for a
	 * race it detected or the connection was lost. Only for a statement that may safely run twice:
	 * a connection lost just after the commit leaves it committed, and it runs again.
	 */
	private async retriedStatement<Row extends pg.QueryResultRow>(sql: Sql, values: unknown[]) {
		for (let attempt = 1; ; attempt += 1) {
			try {
				return (await this.pool.query<Row>(withValues(sql, values))).rows;
			} catch (error) {
				const code = (error as { code?: string }).code;
				if (attempt < attempts && (connectionLost(error) || (code && retriedErrorCodes.has(code))))
					continue;
				throw error;
			}
		}
	}

	/** One statement that only reads: after a lost connection it is simply asked again. */
	private async query<Row extends pg.QueryResultRow>(sql: Sql, values: unknown[] = []) {
		for (let attempt = 1; ; attempt += 1) {
			try {
				return (await this.pool.query<Row>(withValues(sql, values))).rows;
			} catch (error) {
				if (attempt < attempts && connectionLost(error)) continue;
				throw error;
			}
		}
	}

	async insertSession(session: SessionRecord): Promise<boolean> {
		const rows = (
			await this.write(
				`INSERT INTO sessions (${sessionColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
			$10::jsonb, $11, $12::jsonb, $13::jsonb, $14, $15, $16, $17, $18, $19, $20, $21, $22)
			ON CONFLICT (join_code) WHERE status = 'live' DO NOTHING RETURNING id`,
				[
					session.id,
					session.joinCode,
					session.hostKey,
					session.boardKey,
					session.tokenKey,
					session.lessonSlug,
					session.lessonVersion,
					session.step,
					session.openBlockId,
					jsonText(session.revealed, 'The revealed blocks'),
					session.locked,
					session.timer === null ? null : jsonText(session.timer, 'The timer'),
					jsonText(session.stage, 'The stage'),
					session.status,
					session.createdAt,
					session.endedAt,
					session.expiresAt,
					session.activeAt,
					session.version,
					session.teacherKey,
					session.classId,
					session.countsInOverview
				]
			)
		).rows;
		return rows.length === 1;
	}

	async getSession(id: string): Promise<SessionRecord | null> {
		const [row] = await this.query<SessionRow>(statements.sessionById, [id]);
		return this.remember(id, row ? toSession(row) : null);
	}

	async recentSession(id: string): Promise<SessionRecord | null> {
		const recent = this.recent.get(id);
		if (recent && this.now() - recent.at < recentSessionMs) return recent.session;
		return this.getSession(id);
	}

	/** Keeps what was just read or written for `recentSession`, and forgets what is old. */
	private remember(id: string, session: SessionRecord | null) {
		const at = this.now();
		if (this.recent.size >= recentSessionLimit) {
			for (const [key, entry] of this.recent)
				if (at - entry.at >= recentSessionMs) this.recent.delete(key);
			for (const [code, key] of this.recentCodes)
				if (!this.recent.has(key)) this.recentCodes.delete(code);
		}
		if (this.recent.size < recentSessionLimit) {
			this.recent.set(id, { session, at });
			if (session?.status === 'live') this.recentCodes.set(session.joinCode, id);
		}
		// An ended session's results change no more: its tallies need not be kept.
		if (session?.status !== 'live') this.tallies.forgetSession(id);
		return session;
	}

	async getLiveSessionByCode(joinCode: string): Promise<SessionRecord | null> {
		const [row] = await this.query<SessionRow>(statements.liveSessionByCode, [joinCode]);
		// The pupil's next step (`pupil:resume`) checks its token against this session.
		return row ? this.remember(row.id, toSession(row)) : null;
	}

	async recentLiveSessionByCode(joinCode: string): Promise<SessionRecord | null> {
		const id = this.recentCodes.get(joinCode);
		const recent = id === undefined ? undefined : this.recent.get(id);
		if (
			recent?.session &&
			this.now() - recent.at < recentSessionMs &&
			recent.session.status === 'live' &&
			recent.session.joinCode === joinCode
		)
			return recent.session;
		return this.getLiveSessionByCode(joinCode);
	}

	async liveSessions(): Promise<SessionRecord[]> {
		const rows = await this.query<SessionRow>(
			`SELECT ${sessionColumns} FROM sessions WHERE status = 'live' ORDER BY created_at, id`
		);
		return rows.map(toSession);
	}

	async updateSession(session: SessionRecord): Promise<SessionRecord | null> {
		// Code, secrets, lesson and creation time are fixed at the start: only the rest changes.
		// Waiting for another change of the row, PostgreSQL checks the version again after it.
		const [row] = (
			await this.write<SessionRow>(
				`UPDATE sessions SET step = $2, open_block_id = $3, revealed = $4::jsonb, locked = $5,
			timer = $6::jsonb, stage = $7::jsonb, status = $8, ended_at = $9, expires_at = $10,
			active_at = $11, teacher_key = $13, counts_in_overview = $14, version = version + 1
			WHERE id = $1 AND version = $12 RETURNING ${sessionColumns}`,
				[
					session.id,
					session.step,
					session.openBlockId,
					jsonText(session.revealed, 'The revealed blocks'),
					session.locked,
					session.timer === null ? null : jsonText(session.timer, 'The timer'),
					jsonText(session.stage, 'The stage'),
					session.status,
					session.endedAt,
					session.expiresAt,
					session.activeAt,
					session.version,
					session.teacherKey,
					session.countsInOverview
				]
			)
		).rows;
		return row ? this.remember(row.id, toSession(row)) : null;
	}

	async countJoin(sessionId: string): Promise<void> {
		await this.joins.add(sessionId);
	}

	/** The joins of a moment, one row each, in one statement. */
	private async insertJoins(sessionIds: string[]): Promise<void[]> {
		// Without a transaction around it: a batch lost with a connection at its commit may count
		// twice, figures off by a few, where a transaction would cost two more round trips.
		await this.retriedStatement(statements.countJoins, [sessionIds]);
		return sessionIds.map(() => undefined);
	}

	async pupilsJoined(sessionId: string): Promise<number> {
		const [row] = await this.query<{ pupils_joined: number }>(
			`SELECT pupils_joined + (SELECT count(*) FROM pupil_joins WHERE session_id = $1)::integer
			AS pupils_joined FROM sessions WHERE id = $1`,
			[sessionId]
		);
		return row?.pupils_joined ?? 0;
	}

	async deleteSession(id: string): Promise<SessionRecord | null> {
		this.recent.delete(id);
		this.tallies.forgetSession(id);
		const [row] = (
			await this.write<SessionRow>(
				`DELETE FROM sessions WHERE id = $1 RETURNING ${sessionColumns}`,
				[id]
			)
		).rows;
		return row ? toSession(row) : null;
	}

	async deleteExpiredSessions(now: number): Promise<SessionRecord[]> {
		const rows = (
			await this.write<SessionRow>(
				`DELETE FROM sessions WHERE expires_at < $1 RETURNING ${sessionColumns}`,
				[now]
			)
		).rows;
		return rows.map(toSession);
	}

	async writeAnswers(writes: AnswerWrite[]): Promise<AnswerWriteResult[]> {
		if (writes.length === 0) return [];
		const values = writes.map((write) => jsonText(write.value, 'An answer'));
		const lockKeys = [...new Set(writes.map(answerKey))];
		// One statement, one transaction (klasgesprek_write_answers, in the migrations). Running it
		// twice is safe: the same answer again is recognised as unchanged, and counts no move.
		const rows = await this.retriedStatement<{
			ord: number;
			outcome: 'changed' | 'unchanged' | Extract<AnswerWriteResult, { stored: false }>['refused'];
			previous: unknown;
		}>(statements.writeAnswers, [
			lockOf.answer,
			lockKeys,
			writes.map((write) => write.sessionId),
			writes.map((write) => write.blockId),
			writes.map((write) => write.pupilKey),
			values,
			writes.map((write) => write.at),
			writes.map((write) => write.position)
		]);
		const results: AnswerWriteResult[] = [];
		const revised = new Map<string, AnswerWrite>();
		for (const { ord, outcome, previous } of rows) {
			results[ord] =
				outcome === 'changed'
					? { stored: true, previous: previous ?? null, changed: true }
					: outcome === 'unchanged'
						? { stored: true, previous: writes[ord].value, changed: false }
						: { stored: false, refused: outcome };
			if (outcome !== 'changed') continue;
			// Committed, in answer order: the cached tallies follow. A four-corners answer may
			// count a move, which the function does not report: that block is read again.
			const write = writes[ord];
			if (write.position !== null) this.tallies.forgetBlock(write.sessionId, write.blockId);
			else
				this.tallies.answered(
					write.sessionId,
					write.blockId,
					write.pupilKey,
					values[ord],
					write.at
				);
			revised.set(JSON.stringify([write.sessionId, write.blockId]), write);
		}
		// The function raised each changed block's revision once for the whole batch.
		for (const { sessionId, blockId } of revised.values()) this.tallies.revised(sessionId, blockId);
		return results;
	}

	async answerOf(
		sessionId: string,
		blockId: string,
		pupilKey: string
	): Promise<StoredAnswer | null> {
		const [row] = await this.query<{ pupil_key: string; value: unknown; updated_at: number }>(
			statements.answerOf,
			[sessionId, blockId, pupilKey]
		);
		return row ? { pupilKey: row.pupil_key, value: row.value, updatedAt: row.updated_at } : null;
	}

	async answersOf(sessionId: string, blockId: string): Promise<StoredAnswer[]> {
		const rows = await this.query<{ pupil_key: string; value: unknown; updated_at: number }>(
			`SELECT pupil_key, value, updated_at FROM answers
			WHERE session_id = $1 AND block_id = $2 ORDER BY pupil_key COLLATE "C"`,
			[sessionId, blockId]
		);
		return rows.map((row) => ({
			pupilKey: row.pupil_key,
			value: row.value,
			updatedAt: row.updated_at
		}));
	}

	async blockTally(sessionId: string, blockId: string): Promise<BlockTallySource> {
		// One statement (it runs for every results update of every class: four statements in a
		// transaction cost PostgreSQL several times the CPU of one).
		const [row] = await this.query<TallyRow>(statements.blockTally, [sessionId, blockId]);
		return tallyFromRow(row);
	}

	async sessionWithTally(sessionId: string, blockId: string) {
		// A results update's session and tally in one round trip, and one snapshot; the tally only
		// when the block's revision is not the one this node's cached tally (taken now, before the
		// round trip) is at, so an answer costs no reading and parsing of the block's every answer.
		const cached = this.tallies.get(sessionId, blockId);
		const [row] = await this.query<SessionRow & TallyRowWithKeys>(statements.sessionWithTally, [
			sessionId,
			blockId,
			cached?.revision ?? -1
		]);
		if (!row) return null;
		const session = this.remember(row.id, toSession(row))!;
		if (cached && row.answers === null) return { session, tally: cached };
		const read = {
			answers: (row.answers ?? []).map(([pupilKey, updatedAt, value]) => ({
				pupilKey,
				updatedAt,
				value
			})),
			moves: row.moves ?? [],
			decisions: new Map(row.decisions ?? []),
			revision: row.revision
		};
		if (session.status !== 'live') return { session, tally: read };
		this.tallies.put(sessionId, blockId, read);
		return { session, tally: this.tallies.get(sessionId, blockId)! };
	}

	async submitResponse(response: NewResponse, rules: SubmitRules): Promise<SubmitResult> {
		const flags = jsonText(response.flags, 'A response’s flags');
		return this.transaction(async (client) => {
			const { sessionId, blockId, pupilKey } = response;
			// One pupil's submissions, from any tab on any process, are decided one at a time.
			await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
				lockOf.pupilResponses,
				JSON.stringify([sessionId, pupilKey])
			]);
			const resent = await client.query<ResponseRow>(
				'SELECT * FROM responses WHERE session_id = $1 AND pupil_key = $2 AND client_id = $3',
				[sessionId, pupilKey, response.clientId]
			);
			if (resent.rows[0]) return { outcome: 'resent', response: toResponse(resent.rows[0]) };
			if (rules.replaces !== null) {
				const replaced = await client.query(
					`SELECT 1 FROM responses WHERE id = $1 AND session_id = $2 AND block_id = $3
					AND pupil_key = $4 AND status = 'returned'`,
					[rules.replaces, sessionId, blockId, pupilKey]
				);
				if (replaced.rows.length === 0) return { outcome: 'refused', reason: 'not-your-response' };
			}
			if (rules.oneOpenResponse && response.parentId === null) {
				const open = await client.query(
					`SELECT 1 FROM responses WHERE session_id = $1 AND block_id = $2 AND pupil_key = $3
					AND parent_id IS NULL AND question IS NOT DISTINCT FROM $4
					AND status IN ('pending', 'approved', 'returned') AND id IS DISTINCT FROM $5 LIMIT 1`,
					[sessionId, blockId, pupilKey, response.question, rules.replaces]
				);
				if (open.rows.length > 0) return { outcome: 'refused', reason: 'one-response-only' };
			}
			const pending = await client.query<{ in_session: number; in_block: number }>(
				`SELECT count(*) AS in_session, count(*) FILTER (WHERE block_id = $3) AS in_block
				FROM responses WHERE session_id = $1 AND pupil_key = $2 AND status = 'pending'
				AND NOT ($4 AND block_id = $3)`,
				[sessionId, pupilKey, blockId, rules.replacesEarlierReasons]
			);
			const { in_session: inSession, in_block: inBlock } = pending.rows[0];
			if (
				response.status === 'pending' &&
				(inSession >= rules.pendingPerSession || inBlock >= rules.pendingPerBlock)
			)
				return { outcome: 'refused', reason: 'too-many-pending' };
			if (rules.replacesEarlierReasons)
				await client.query(
					`UPDATE responses SET status = 'withdrawn' WHERE session_id = $1 AND block_id = $2
					AND pupil_key = $3 AND status IN ('pending', 'returned')`,
					[sessionId, blockId, pupilKey]
				);
			const sequence = await client.query<{ last: number }>(
				`INSERT INTO session_sequences VALUES ($1, 1)
				ON CONFLICT (session_id) DO UPDATE SET last = session_sequences.last + 1 RETURNING last`,
				[sessionId]
			);
			// A new response is never pinned: pinning is pinResponse's.
			const inserted = await client.query<ResponseRow>(
				`INSERT INTO responses (id, session_id, block_id, pupil_key, client_id, parent_id, question,
				text, status, flags, pinned, return_prompt, sequence, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, false, $11, $12, $13) RETURNING *`,
				[
					response.id,
					sessionId,
					blockId,
					pupilKey,
					response.clientId,
					response.parentId,
					response.question,
					response.text,
					response.status,
					flags,
					response.returnPrompt,
					sequence.rows[0].last,
					response.createdAt
				]
			);
			if (rules.replaces !== null)
				await client.query(`UPDATE responses SET status = 'withdrawn' WHERE id = $1`, [
					rules.replaces
				]);
			return { outcome: 'created', response: toResponse(inserted.rows[0]) };
		});
	}

	async getResponse(id: string): Promise<ResponseRecord | null> {
		const [row] = await this.query<ResponseRow>('SELECT * FROM responses WHERE id = $1', [id]);
		return row ? toResponse(row) : null;
	}

	async responses(sessionId: string, blockId?: string): Promise<ResponseRecord[]> {
		const rows =
			blockId === undefined
				? await this.query<ResponseRow>(
						'SELECT * FROM responses WHERE session_id = $1 ORDER BY sequence',
						[sessionId]
					)
				: await this.query<ResponseRow>(
						'SELECT * FROM responses WHERE session_id = $1 AND block_id = $2 ORDER BY sequence',
						[sessionId, blockId]
					);
		return rows.map(toResponse);
	}

	async updateResponse(response: ResponseRecord, expected: ResponseStatus): Promise<boolean> {
		return this.transaction(async (client) => {
			if (response.pinned) {
				const place = await lockBlockPins(client, response.id);
				if (!place) return false;
				await unpinOthers(client, place, response.id);
			}
			const updated = await client.query(
				`UPDATE responses SET status = $2, pinned = $3, return_prompt = $4, withdrawn_from = $5
				WHERE id = $1 AND status = $6`,
				[
					response.id,
					response.status,
					response.pinned,
					response.returnPrompt,
					response.withdrawnFrom,
					expected
				]
			);
			// A refusal after unpinning others rolls the unpinning back with it.
			if (updated.rowCount !== 1 && response.pinned) throw new NotUpdated();
			return updated.rowCount === 1;
		}).catch((error: unknown) => {
			if (error instanceof NotUpdated) return false;
			throw error;
		});
	}

	async pinResponse(responseId: string, pinned: boolean): Promise<boolean> {
		return this.transaction(async (client) => {
			const place = await lockBlockPins(client, responseId);
			if (!place) return false;
			const { rows } = await client.query<{ status: ResponseStatus }>(
				'SELECT status FROM responses WHERE id = $1 FOR UPDATE',
				[responseId]
			);
			if (rows[0]?.status !== 'approved') return false;
			if (pinned) await unpinOthers(client, place, responseId);
			await client.query('UPDATE responses SET pinned = $2 WHERE id = $1', [responseId, pinned]);
			return true;
		});
	}

	async approveUnflagged(sessionId: string, blockId: string): Promise<number> {
		const result = await this.write(
			`UPDATE responses SET status = 'approved', return_prompt = NULL
			WHERE session_id = $1 AND block_id = $2 AND status = 'pending' AND flags = '[]'::jsonb`,
			[sessionId, blockId]
		);
		return result.rowCount ?? 0;
	}

	async addVote(responseId: string, pupilKey: string): Promise<boolean> {
		const result = await this.write('INSERT INTO votes VALUES ($1, $2) ON CONFLICT DO NOTHING', [
			responseId,
			pupilKey
		]);
		return result.rowCount === 1;
	}

	async voteCounts(sessionId: string): Promise<Map<string, number>> {
		const rows = await this.query<{ id: string; count: number }>(
			`SELECT votes.response_id AS id, count(*) AS count FROM votes
			JOIN responses ON responses.id = votes.response_id WHERE responses.session_id = $1
			GROUP BY votes.response_id`,
			[sessionId]
		);
		return new Map(rows.map((row) => [row.id, row.count]));
	}

	async votedBy(sessionId: string, pupilKey: string): Promise<Set<string>> {
		const rows = await this.query<{ id: string }>(
			`SELECT votes.response_id AS id FROM votes JOIN responses ON responses.id = votes.response_id
			WHERE responses.session_id = $1 AND votes.pupil_key = $2`,
			[sessionId, pupilKey]
		);
		return new Set(rows.map((row) => row.id));
	}

	async setWordDecision(
		sessionId: string,
		blockId: string,
		word: string,
		decision: WordDecision | null
	): Promise<void> {
		await this.transaction(async (client) => {
			const result =
				decision === null
					? await client.query(
							'DELETE FROM word_decisions WHERE session_id = $1 AND block_id = $2 AND word = $3',
							[sessionId, blockId, word]
						)
					: await client.query(
							`INSERT INTO word_decisions VALUES ($1, $2, $3, $4)
							ON CONFLICT (session_id, block_id, word) DO UPDATE SET decision = excluded.decision`,
							[sessionId, blockId, word, decision]
						);
			if ((result.rowCount ?? 0) > 0) await bumpRevision(client, sessionId, blockId);
		});
	}

	async setWordDecisions(
		sessionId: string,
		blockId: string,
		words: string[],
		decision: WordDecision
	): Promise<number> {
		return this.transaction(async (client) => {
			const result = await client.query(
				`INSERT INTO word_decisions
				SELECT $1, $2, word, $4 FROM unnest($3::text[]) AS word
				ON CONFLICT (session_id, block_id, word) DO NOTHING`,
				[sessionId, blockId, [...new Set(words)], decision]
			);
			const recorded = result.rowCount ?? 0;
			if (recorded > 0) await bumpRevision(client, sessionId, blockId);
			return recorded;
		});
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		await this.joins.drain();
		await this.pool.end();
	}
}

interface TallyRow {
	answers: unknown[];
	moves: { from: number; to: number; count: number }[];
	decisions: [string, WordDecision][];
	revision: number | null;
}

/** A tally as the results update reads it: null columns when the cached one is current. */
interface TallyRowWithKeys {
	answers: [pupilKey: string, updatedAt: number, value: unknown][] | null;
	moves: { from: number; to: number; count: number }[] | null;
	decisions: [string, WordDecision][] | null;
	revision: number;
}

const tallyFromRow = (row: TallyRow): BlockTallySource => ({
	answers: row.answers,
	moves: row.moves,
	decisions: new Map(row.decisions),
	revision: row.revision ?? 0
});

const answerKey = (write: AnswerWrite) =>
	JSON.stringify([write.sessionId, write.blockId, write.pupilKey]);

class NotUpdated extends Error {}

async function bumpRevision(client: Queryable, sessionId: string, blockId: string) {
	await client.query(
		`INSERT INTO block_revisions VALUES ($1, $2, 1)
		ON CONFLICT (session_id, block_id) DO UPDATE SET revision = block_revisions.revision + 1`,
		[sessionId, blockId]
	);
}

/** Takes the lock on the pins of the response's block; null when there is no such response. */
async function lockBlockPins(client: Queryable, responseId: string) {
	const { rows } = await client.query<{ session_id: string; block_id: string }>(
		'SELECT session_id, block_id FROM responses WHERE id = $1',
		[responseId]
	);
	const place = rows[0];
	if (!place) return null;
	await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
		lockOf.blockPins,
		JSON.stringify([place.session_id, place.block_id])
	]);
	return place;
}

async function unpinOthers(
	client: Queryable,
	place: { session_id: string; block_id: string },
	responseId: string
) {
	await client.query(
		`UPDATE responses SET pinned = false
		WHERE session_id = $1 AND block_id = $2 AND pinned AND id <> $3`,
		[place.session_id, place.block_id, responseId]
	);
}
