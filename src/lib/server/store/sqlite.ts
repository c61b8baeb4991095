// The Store on node:sqlite: one file, WAL journal, prepared statements. Each method is one
// transaction, done synchronously inside the promise it returns: when that promise settles, what
// it wrote survives a crash or kill of the server process. With
// sync 'full' every commit is also synced to disk, so it survives a power cut too; answers reach
// the store in groups (group-commit.ts), so one commit covers a class answering at once.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { migrations } from './migrations.ts';
import { SqliteRunStore, SqliteTeacherStore } from './sqlite-teachers.ts';
import { jsonText as json } from './json-text.ts';
import { Batcher } from './group-commit.ts';
import { TallyCache } from './tally-cache.ts';
import type {
	AnswerWrite,
	AnswerWriteResult,
	BlockTallySource,
	MoveCount,
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

// Taken from Node at run time: adapter-node's bundler takes `node:sqlite` (a built-in that exists
// only with its `node:` prefix) for a missing package and warns on every build.
const { DatabaseSync: Database } = process.getBuiltinModule('node:sqlite');

/** node:sqlite hands back JSON as text and true/false as 0 or 1. */
const columns: ColumnReader = {
	json: <T>(value: unknown) => (value === null ? null : JSON.parse(value as string)) as T,
	flag: (value: unknown) => value === 1
};

const toSession = (row: SessionRow) => sessionFromRow(row, columns);
const toResponse = (row: ResponseRow) => responseFromRow(row, columns);

function sessionParameters(session: SessionRecord) {
	return {
		id: session.id,
		join_code: session.joinCode,
		host_key: session.hostKey,
		board_key: session.boardKey,
		token_key: session.tokenKey,
		lesson_slug: session.lessonSlug,
		lesson_version: session.lessonVersion,
		step: session.step,
		open_block_id: session.openBlockId,
		revealed: JSON.stringify(session.revealed),
		locked: session.locked ? 1 : 0,
		timer: session.timer === null ? null : JSON.stringify(session.timer),
		stage: JSON.stringify(session.stage),
		status: session.status,
		created_at: session.createdAt,
		ended_at: session.endedAt,
		expires_at: session.expiresAt,
		active_at: session.activeAt,
		version: session.version,
		teacher_key: session.teacherKey,
		class_id: session.classId,
		counts_in_overview: session.countsInOverview ? 1 : 0
	};
}

/** Sessions kept in memory: every live class of a region, with room to spare. */
const cachedSessionLimit = 5_000;

/** Cached records are shared by every caller, so nobody may change one in place. */
function frozen(session: SessionRecord): SessionRecord {
	Object.freeze(session.revealed);
	Object.freeze(session.stage);
	if (session.timer) Object.freeze(session.timer);
	return Object.freeze(session);
}

/** What an answer needs to know of its session, read in the answer's own transaction. */
interface SessionState {
	status: SessionRecord['status'];
	open_block_id: string | null;
}

/** A rule refused a response after the transaction had changed something: it rolls back. */
class Refused extends Error {
	readonly reason: 'too-many-pending';
	constructor(reason: 'too-many-pending') {
		super(reason);
		this.reason = reason;
	}
}

export class SqliteStore implements Store {
	readonly teachers: SqliteTeacherStore;
	readonly runs: SqliteRunStore;
	/** A commit here is a write to a local file, cheaper than any wait. */
	readonly answerCommitWindowMs = 0;
	private readonly db: DatabaseSync;
	private readonly statements: Record<string, StatementSync>;
	/**
	 * Every answer needs its session, and reading and parsing the row was the heaviest of our own
	 * functions in the benchmark's CPU profile. This process is the file's only writer, so a cache
	 * that every write path updates or clears stays true; the least recently used sessions drop
	 * out past the limit. Region mode (several processes) uses PostgreSQL, never this file.
	 */
	private readonly sessions = new Map<string, SessionRecord>();
	/**
	 * The cached sessions' join codes: a class joining reads no row. Only a hint: a hit counts
	 * when the cached session still has that code and is live, else the row decides.
	 */
	private readonly codes = new Map<string, string>();
	/** The blocks whose results were read lately, kept true by the writes below (tally-cache.ts). */
	private readonly tallies = new TallyCache();
	/**
	 * The joins of one turn of the event loop counted in one commit, as answers are: a commit is
	 * some twenty system calls here (its WAL frames and locks), and a class joining at once
	 * arrives in a few turns. Without a window: a commit is cheaper than any wait.
	 */
	private readonly joins = new Batcher<string, void>(
		(sessionIds) => this.countJoins(sessionIds),
		0
	);

	/** `path` is a file, created with its folder when missing, or ':memory:'. */
	constructor(path: string, options: { sync?: 'normal' | 'full' } = {}) {
		if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
		this.db = new Database(path);
		const synchronous = options.sync === 'full' ? 'FULL' : 'NORMAL';
		this.db.exec(
			`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous}; PRAGMA foreign_keys = ON;`
		);
		this.db.exec('PRAGMA busy_timeout = 5000;');
		// What retention or a teacher deletes is overwritten, not left readable in free pages.
		this.db.exec('PRAGMA secure_delete = ON;');
		this.migrate();
		this.teachers = new SqliteTeacherStore(this.db, columns, () => this.sessions.clear());
		this.runs = new SqliteRunStore(this.db, columns);
		const prepare = (sql: string) => this.db.prepare(sql);
		this.statements = {
			// Only a clash with a live session's code is an answer ("take another"); any other
			// constraint (a duplicate id, bad data) stays an error.
			insertSession: prepare(`INSERT INTO sessions (id, join_code, host_key, board_key, token_key,
				lesson_slug, lesson_version, step, open_block_id, revealed, locked, timer, stage, status,
				created_at, ended_at, expires_at, active_at, version, teacher_key, class_id,
				counts_in_overview)
				VALUES (:id, :join_code, :host_key, :board_key, :token_key, :lesson_slug, :lesson_version,
				:step, :open_block_id, :revealed, :locked, :timer, :stage, :status, :created_at, :ended_at,
				:expires_at, :active_at, :version, :teacher_key, :class_id, :counts_in_overview)
				ON CONFLICT (join_code) WHERE status = 'live' DO NOTHING`),
			updateSession: prepare(`UPDATE sessions SET step = :step, open_block_id = :open_block_id,
				revealed = :revealed, locked = :locked, timer = :timer, stage = :stage, status = :status,
				ended_at = :ended_at, expires_at = :expires_at, active_at = :active_at,
				teacher_key = :teacher_key, counts_in_overview = :counts_in_overview, version = version + 1
				WHERE id = :id AND version = :version RETURNING *`),
			countJoins: prepare('UPDATE sessions SET pupils_joined = pupils_joined + ? WHERE id = ?'),
			pupilsJoined: prepare('SELECT pupils_joined FROM sessions WHERE id = ?'),
			getSession: prepare('SELECT * FROM sessions WHERE id = ?'),
			sessionState: prepare('SELECT status, open_block_id FROM sessions WHERE id = ?'),
			getLiveByCode: prepare(`SELECT * FROM sessions WHERE join_code = ? AND status = 'live'`),
			liveSessions: prepare(`SELECT * FROM sessions WHERE status = 'live' ORDER BY created_at, id`),
			deleteSession: prepare('DELETE FROM sessions WHERE id = ? RETURNING *'),
			deleteExpired: prepare('DELETE FROM sessions WHERE expires_at < ? RETURNING *'),
			answerOf: prepare(
				'SELECT pupil_key, value, updated_at FROM answers WHERE session_id = ? AND block_id = ? AND pupil_key = ?'
			),
			answerForWrite: prepare(
				'SELECT value, position FROM answers WHERE session_id = ? AND block_id = ? AND pupil_key = ?'
			),
			answers: prepare(
				'SELECT pupil_key, value, updated_at FROM answers WHERE session_id = ? AND block_id = ? ORDER BY updated_at, pupil_key'
			),
			answersOf: prepare(
				'SELECT pupil_key, value, updated_at FROM answers WHERE session_id = ? AND block_id = ? ORDER BY pupil_key'
			),
			upsertAnswer:
				prepare(`INSERT INTO answers (session_id, block_id, pupil_key, value, updated_at, position)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, block_id, pupil_key)
				DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, position = excluded.position`),
			recordMove: prepare(`INSERT INTO moves VALUES (?, ?, ?, ?, 1)
				ON CONFLICT DO UPDATE SET count = count + 1`),
			bumpRevision: prepare(`INSERT INTO block_revisions VALUES (?, ?, 1)
				ON CONFLICT DO UPDATE SET revision = revision + 1`),
			revision: prepare(
				'SELECT revision FROM block_revisions WHERE session_id = ? AND block_id = ?'
			),
			insertResponse:
				prepare(`INSERT INTO responses (id, session_id, block_id, pupil_key, client_id,
				parent_id, question, text, status, flags, pinned, return_prompt, sequence, created_at)
				VALUES (:id, :session_id, :block_id, :pupil_key, :client_id, :parent_id, :question, :text,
				:status, :flags, 0, :return_prompt,
				(SELECT COALESCE(MAX(sequence), 0) + 1 FROM responses WHERE session_id = :session_id),
				:created_at) RETURNING *`),
			responseByClient: prepare(
				'SELECT * FROM responses WHERE session_id = ? AND pupil_key = ? AND client_id = ?'
			),
			returnedOfPupil: prepare(`SELECT id FROM responses WHERE id = ? AND session_id = ?
				AND block_id = ? AND pupil_key = ? AND status = 'returned'`),
			openOfPupil: prepare(`SELECT COUNT(*) AS count FROM responses WHERE session_id = ?
				AND block_id = ? AND pupil_key = ? AND parent_id IS NULL AND question IS ?
				AND status IN ('pending', 'approved', 'returned') AND id IS NOT ?`),
			pendingOfPupil: prepare(`SELECT COUNT(*) AS inSession,
				COALESCE(SUM(block_id = ?), 0) AS inBlock FROM responses
				WHERE session_id = ? AND pupil_key = ? AND status = 'pending'`),
			withdrawResponse: prepare(`UPDATE responses SET status = 'withdrawn' WHERE id = ?`),
			withdrawEarlierReasons: prepare(`UPDATE responses SET status = 'withdrawn'
				WHERE session_id = ? AND block_id = ? AND pupil_key = ? AND status IN ('pending', 'returned')`),
			getResponse: prepare('SELECT * FROM responses WHERE id = ?'),
			responsesOfSession: prepare('SELECT * FROM responses WHERE session_id = ? ORDER BY sequence'),
			responsesOfBlock: prepare(
				'SELECT * FROM responses WHERE session_id = ? AND block_id = ? ORDER BY sequence'
			),
			updateResponse: prepare(`UPDATE responses SET status = ?, pinned = ?, return_prompt = ?,
				withdrawn_from = ? WHERE id = ?`),
			unpinOthers: prepare(`UPDATE responses SET pinned = 0
				WHERE session_id = ? AND block_id = ? AND pinned = 1 AND id <> ?`),
			setPinned: prepare(`UPDATE responses SET pinned = ? WHERE id = ? AND status = 'approved'`),
			approveUnflagged: prepare(`UPDATE responses SET status = 'approved', return_prompt = NULL
				WHERE session_id = ? AND block_id = ? AND status = 'pending' AND flags = '[]'`),
			addVote: prepare('INSERT INTO votes VALUES (?, ?) ON CONFLICT DO NOTHING'),
			voteCounts: prepare(`SELECT votes.response_id AS id, COUNT(*) AS count FROM votes
				JOIN responses ON responses.id = votes.response_id WHERE responses.session_id = ?
				GROUP BY votes.response_id`),
			votedBy: prepare(`SELECT votes.response_id AS id FROM votes
				JOIN responses ON responses.id = votes.response_id
				WHERE responses.session_id = ? AND votes.pupil_key = ?`),
			moves: prepare(
				'SELECT from_option, to_option, count FROM moves WHERE session_id = ? AND block_id = ? ORDER BY from_option, to_option'
			),
			setWordDecision: prepare(`INSERT INTO word_decisions VALUES (?, ?, ?, ?)
				ON CONFLICT DO UPDATE SET decision = excluded.decision`),
			addWordDecision: prepare(
				'INSERT INTO word_decisions VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'
			),
			forgetWordDecision: prepare(
				'DELETE FROM word_decisions WHERE session_id = ? AND block_id = ? AND word = ?'
			),
			wordDecisions: prepare(
				'SELECT word, decision FROM word_decisions WHERE session_id = ? AND block_id = ?'
			)
		};
	}

	private migrate() {
		const { user_version: version } = this.db.prepare('PRAGMA user_version').get() as {
			user_version: number;
		};
		for (let index = version; index < migrations.length; index += 1) {
			this.transaction(() => {
				this.db.exec(migrations[index]);
				this.db.exec(`PRAGMA user_version = ${index + 1}`);
			});
		}
	}

	private transaction<T>(work: () => T, mode: 'IMMEDIATE' | 'DEFERRED' = 'IMMEDIATE'): T {
		this.db.exec(`BEGIN ${mode}`);
		try {
			const result = work();
			this.db.exec('COMMIT');
			return result;
		} catch (error) {
			this.db.exec('ROLLBACK');
			throw error;
		}
	}

	/** Takes ownership of `record`: callers pass a copy nobody else holds. */
	private remember(record: SessionRecord): SessionRecord {
		this.touch(frozen(record));
		this.codes.set(record.joinCode, record.id);
		if (this.sessions.size > cachedSessionLimit) this.forget(this.sessions.keys().next().value!);
		return record;
	}

	private forget(id: string) {
		const record = this.sessions.get(id);
		if (record && this.codes.get(record.joinCode) === id) this.codes.delete(record.joinCode);
		this.sessions.delete(id);
		this.tallies.forgetSession(id);
	}

	/** Marks a cached record as the most recently used: a Map keeps insertion order. */
	private touch(record: SessionRecord): SessionRecord {
		this.sessions.delete(record.id);
		this.sessions.set(record.id, record);
		return record;
	}

	async insertSession(session: SessionRecord): Promise<boolean> {
		const { changes } = this.statements.insertSession.run(sessionParameters(session));
		if (Number(changes) !== 1) return false;
		this.remember(structuredClone(session));
		return true;
	}

	async getSession(id: string): Promise<SessionRecord | null> {
		const cached = this.sessions.get(id);
		if (cached) return this.touch(cached);
		const row = this.statements.getSession.get(id) as SessionRow | undefined;
		return row ? this.remember(toSession(row)) : null;
	}

	/** One process owns the file, so its cache is always current. */
	recentSession(id: string): Promise<SessionRecord | null> {
		return this.getSession(id);
	}

	async getLiveSessionByCode(joinCode: string): Promise<SessionRecord | null> {
		const id = this.codes.get(joinCode);
		const cached = id === undefined ? undefined : this.sessions.get(id);
		if (cached?.joinCode === joinCode && cached.status === 'live') return this.touch(cached);
		const row = this.statements.getLiveByCode.get(joinCode) as SessionRow | undefined;
		return row ? this.remember(toSession(row)) : null;
	}

	/** One process owns the file: there is nothing older to hand out. */
	recentLiveSessionByCode(joinCode: string): Promise<SessionRecord | null> {
		return this.getLiveSessionByCode(joinCode);
	}

	async liveSessions(): Promise<SessionRecord[]> {
		return (this.statements.liveSessions.all() as unknown as SessionRow[]).map(toSession);
	}

	async updateSession(session: SessionRecord): Promise<SessionRecord | null> {
		// Code, secrets, lesson and creation time are fixed at the start: only the rest changes.
		const all = sessionParameters(session);
		const row = this.statements.updateSession.get({
			id: all.id,
			step: all.step,
			open_block_id: all.open_block_id,
			revealed: all.revealed,
			locked: all.locked,
			timer: all.timer,
			stage: all.stage,
			status: all.status,
			ended_at: all.ended_at,
			expires_at: all.expires_at,
			active_at: all.active_at,
			teacher_key: all.teacher_key,
			counts_in_overview: all.counts_in_overview,
			version: all.version
		}) as SessionRow | undefined;
		if (!row) {
			this.forget(session.id);
			return null;
		}
		return this.remember(toSession(row));
	}

	async countJoin(sessionId: string): Promise<void> {
		await this.joins.add(sessionId);
	}

	private async countJoins(sessionIds: string[]): Promise<void[]> {
		const joined = new Map<string, number>();
		for (const id of sessionIds) joined.set(id, (joined.get(id) ?? 0) + 1);
		this.transaction(() => {
			for (const [id, count] of joined) this.statements.countJoins.run(count, id);
		});
		return sessionIds.map(() => undefined);
	}

	async pupilsJoined(sessionId: string): Promise<number> {
		const row = this.statements.pupilsJoined.get(sessionId) as
			{ pupils_joined: number } | undefined;
		return row?.pupils_joined ?? 0;
	}

	async deleteSession(id: string): Promise<SessionRecord | null> {
		this.forget(id);
		const row = this.statements.deleteSession.get(id) as SessionRow | undefined;
		return row ? toSession(row) : null;
	}

	async deleteExpiredSessions(now: number): Promise<SessionRecord[]> {
		const deleted = (this.statements.deleteExpired.all(now) as unknown as SessionRow[]).map(
			toSession
		);
		for (const session of deleted) this.forget(session.id);
		return deleted;
	}

	async writeAnswers(writes: AnswerWrite[]): Promise<AnswerWriteResult[]> {
		// Checked before the transaction: one value that is not JSON fails the call, writing nothing.
		const values = writes.map((write) => json(write.value, 'An answer'));
		const written: { write: AnswerWrite; value: string; moved: boolean }[] = [];
		const changed = new Map<string, { sessionId: string; blockId: string }>();
		const results = this.transaction(() => {
			// Read once per session and counted once per block in a batch: a class answering at
			// once is one batch, and this is the path every answer takes.
			const states = new Map<string, SessionState | undefined>();
			const results = writes.map((write, index) => {
				if (!states.has(write.sessionId))
					states.set(
						write.sessionId,
						this.statements.sessionState.get(write.sessionId) as SessionState | undefined
					);
				const { result, moved } = this.writeOne(write, values[index], states.get(write.sessionId));
				if (result.stored && result.changed) {
					changed.set(`${write.sessionId.length}:${write.sessionId}${write.blockId}`, write);
					written.push({ write, value: values[index], moved });
				}
				return result;
			});
			for (const { sessionId, blockId } of changed.values())
				this.statements.bumpRevision.run(sessionId, blockId);
			return results;
		});
		// Committed: only now may the cached tallies say so.
		for (const { write, value, moved } of written)
			if (moved) this.tallies.forgetBlock(write.sessionId, write.blockId);
			else this.tallies.answered(write.sessionId, write.blockId, write.pupilKey, value, write.at);
		for (const { sessionId, blockId } of changed.values()) this.tallies.revised(sessionId, blockId);
		return results;
	}

	private writeOne(
		write: AnswerWrite,
		value: string,
		state: SessionState | undefined
	): { result: AnswerWriteResult; moved: boolean } {
		const refused = (why: 'session-not-found' | 'session-ended' | 'block-not-open') => ({
			result: { stored: false as const, refused: why },
			moved: false
		});
		const { sessionId, blockId, pupilKey, position, at } = write;
		if (!state) return refused('session-not-found');
		if (state.status !== 'live') return refused('session-ended');
		if (state.open_block_id !== blockId) return refused('block-not-open');
		const existing = this.statements.answerForWrite.get(sessionId, blockId, pupilKey) as
			{ value: string; position: number | null } | undefined;
		if (existing?.value === value)
			return { result: { stored: true, previous: write.value, changed: false }, moved: false };
		this.statements.upsertAnswer.run(sessionId, blockId, pupilKey, value, at, position);
		const moved =
			existing !== undefined &&
			existing.position !== null &&
			position !== null &&
			existing.position !== position;
		if (moved) this.statements.recordMove.run(sessionId, blockId, existing.position, position);
		return {
			result: {
				stored: true,
				previous: existing ? JSON.parse(existing.value) : null,
				changed: true
			},
			moved
		};
	}

	async answerOf(
		sessionId: string,
		blockId: string,
		pupilKey: string
	): Promise<StoredAnswer | null> {
		const row = this.statements.answerOf.get(sessionId, blockId, pupilKey) as
			{ pupil_key: string; value: string; updated_at: number } | undefined;
		return row
			? { pupilKey: row.pupil_key, value: JSON.parse(row.value), updatedAt: row.updated_at }
			: null;
	}

	async answersOf(sessionId: string, blockId: string): Promise<StoredAnswer[]> {
		const rows = this.statements.answersOf.all(sessionId, blockId) as unknown as {
			pupil_key: string;
			value: string;
			updated_at: number;
		}[];
		return rows.map((row) => ({
			pupilKey: row.pupil_key,
			value: JSON.parse(row.value),
			updatedAt: row.updated_at
		}));
	}

	async sessionWithTally(sessionId: string, blockId: string) {
		const session = await this.getSession(sessionId);
		return session && { session, tally: await this.blockTally(sessionId, blockId) };
	}

	async blockTally(sessionId: string, blockId: string): Promise<BlockTallySource> {
		const cached = this.tallies.get(sessionId, blockId);
		if (cached) return cached;
		const read = this.transaction(() => {
			const answers = this.statements.answers.all(sessionId, blockId) as unknown as {
				pupil_key: string;
				value: string;
				updated_at: number;
			}[];
			const moves = this.statements.moves.all(sessionId, blockId) as unknown as {
				from_option: number;
				to_option: number;
				count: number;
			}[];
			const decisions = this.statements.wordDecisions.all(sessionId, blockId) as unknown as {
				word: string;
				decision: WordDecision;
			}[];
			const revision = this.statements.revision.get(sessionId, blockId) as
				{ revision: number } | undefined;
			return {
				answers: answers.map((row) => ({
					pupilKey: row.pupil_key,
					updatedAt: row.updated_at,
					value: JSON.parse(row.value) as unknown
				})),
				moves: moves.map((row): MoveCount => ({
					from: row.from_option,
					to: row.to_option,
					count: row.count
				})),
				decisions: new Map(decisions.map((row) => [row.word, row.decision])),
				revision: revision?.revision ?? 0
			};
		}, 'DEFERRED');
		this.tallies.put(sessionId, blockId, read);
		return this.tallies.get(sessionId, blockId)!;
	}

	async submitResponse(response: NewResponse, rules: SubmitRules): Promise<SubmitResult> {
		const flags = json(response.flags, 'A response’s flags');
		try {
			return this.transaction(() => this.submitOne(response, flags, rules));
		} catch (error) {
			if (error instanceof Refused) return { outcome: 'refused', reason: error.reason };
			throw error;
		}
	}

	private submitOne(response: NewResponse, flags: string, rules: SubmitRules): SubmitResult {
		const { sessionId, blockId, pupilKey } = response;
		const resent = this.statements.responseByClient.get(sessionId, pupilKey, response.clientId) as
			ResponseRow | undefined;
		if (resent) return { outcome: 'resent', response: toResponse(resent) };
		if (
			rules.replaces !== null &&
			!this.statements.returnedOfPupil.get(rules.replaces, sessionId, blockId, pupilKey)
		)
			return { outcome: 'refused', reason: 'not-your-response' };
		if (rules.oneOpenResponse && response.parentId === null) {
			const open = this.statements.openOfPupil.get(
				sessionId,
				blockId,
				pupilKey,
				response.question,
				rules.replaces
			) as { count: number };
			if (open.count > 0) return { outcome: 'refused', reason: 'one-response-only' };
		}
		// Earlier reasons are withdrawn first, so they do not count against the pupil's limit;
		// a refusal below rolls the withdrawal back with the rest.
		if (rules.replacesEarlierReasons)
			this.statements.withdrawEarlierReasons.run(sessionId, blockId, pupilKey);
		const pending = this.statements.pendingOfPupil.get(blockId, sessionId, pupilKey) as {
			inSession: number;
			inBlock: number;
		};
		if (
			(response.status === 'pending' && pending.inSession >= rules.pendingPerSession) ||
			(response.status === 'pending' && pending.inBlock >= rules.pendingPerBlock)
		)
			throw new Refused('too-many-pending');
		const row = this.statements.insertResponse.get({
			id: response.id,
			session_id: sessionId,
			block_id: blockId,
			pupil_key: pupilKey,
			client_id: response.clientId,
			parent_id: response.parentId,
			question: response.question,
			text: response.text,
			status: response.status,
			flags,
			return_prompt: response.returnPrompt,
			created_at: response.createdAt
		}) as unknown as ResponseRow;
		if (rules.replaces !== null) this.statements.withdrawResponse.run(rules.replaces);
		return { outcome: 'created', response: toResponse(row) };
	}

	async getResponse(id: string): Promise<ResponseRecord | null> {
		const row = this.statements.getResponse.get(id) as ResponseRow | undefined;
		return row ? toResponse(row) : null;
	}

	async responses(sessionId: string, blockId?: string): Promise<ResponseRecord[]> {
		const rows =
			blockId === undefined
				? this.statements.responsesOfSession.all(sessionId)
				: this.statements.responsesOfBlock.all(sessionId, blockId);
		return (rows as unknown as ResponseRow[]).map(toResponse);
	}

	async updateResponse(response: ResponseRecord, expected: ResponseStatus): Promise<boolean> {
		return this.transaction(() => {
			const row = this.statements.getResponse.get(response.id) as ResponseRow | undefined;
			if (row?.status !== expected) return false;
			// A block pins one response at most: pinning this one unpins the other first.
			if (response.pinned)
				this.statements.unpinOthers.run(row.session_id, row.block_id, response.id);
			this.statements.updateResponse.run(
				response.status,
				response.pinned ? 1 : 0,
				response.returnPrompt,
				response.withdrawnFrom,
				response.id
			);
			return true;
		});
	}

	async pinResponse(responseId: string, pinned: boolean): Promise<boolean> {
		return this.transaction(() => {
			const row = this.statements.getResponse.get(responseId) as ResponseRow | undefined;
			if (row?.status !== 'approved') return false;
			if (pinned) this.statements.unpinOthers.run(row.session_id, row.block_id, responseId);
			this.statements.setPinned.run(pinned ? 1 : 0, responseId);
			return true;
		});
	}

	async approveUnflagged(sessionId: string, blockId: string): Promise<number> {
		return Number(this.statements.approveUnflagged.run(sessionId, blockId).changes);
	}

	async addVote(responseId: string, pupilKey: string): Promise<boolean> {
		return Number(this.statements.addVote.run(responseId, pupilKey).changes) === 1;
	}

	async voteCounts(sessionId: string): Promise<Map<string, number>> {
		const rows = this.statements.voteCounts.all(sessionId) as unknown as {
			id: string;
			count: number;
		}[];
		return new Map(rows.map((row) => [row.id, Number(row.count)]));
	}

	async votedBy(sessionId: string, pupilKey: string): Promise<Set<string>> {
		const rows = this.statements.votedBy.all(sessionId, pupilKey) as unknown as { id: string }[];
		return new Set(rows.map((row) => row.id));
	}

	async setWordDecision(
		sessionId: string,
		blockId: string,
		word: string,
		decision: WordDecision | null
	): Promise<void> {
		this.transaction(() => {
			const { changes } =
				decision === null
					? this.statements.forgetWordDecision.run(sessionId, blockId, word)
					: this.statements.setWordDecision.run(sessionId, blockId, word, decision);
			if (Number(changes) > 0) this.statements.bumpRevision.run(sessionId, blockId);
		});
		this.tallies.forgetBlock(sessionId, blockId);
	}

	async setWordDecisions(
		sessionId: string,
		blockId: string,
		words: string[],
		decision: WordDecision
	): Promise<number> {
		const recorded = this.transaction(() => {
			let recorded = 0;
			for (const word of new Set(words))
				recorded += Number(
					this.statements.addWordDecision.run(sessionId, blockId, word, decision).changes
				);
			if (recorded > 0) this.statements.bumpRevision.run(sessionId, blockId);
			return recorded;
		});
		this.tallies.forgetBlock(sessionId, blockId);
		return recorded;
	}

	async close(): Promise<void> {
		if (!this.db.isOpen) return;
		await this.joins.drain();
		if (this.db.isOpen) this.db.close();
	}
}
