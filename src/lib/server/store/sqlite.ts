// The Store on node:sqlite: one file, WAL journal, prepared statements. Writes are synchronous:
// when a method returns, what it wrote survives a crash or kill of the server process. With
// sync 'full' every commit is also synced to disk, so it survives a power cut too; answers reach
// the store in groups (group-commit.ts), so one commit covers a class answering at once.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { migrations } from './migrations.ts';
import type {
	AnswerWrite,
	AnswerWriteResult,
	MoveCount,
	ResponseRecord,
	SessionRecord,
	Store,
	StoredAnswer,
	WordDecision
} from './store.ts';

interface ResponseRow {
	id: string;
	session_id: string;
	block_id: string;
	pupil_key: string;
	client_id: string;
	parent_id: string | null;
	question: number | null;
	text: string;
	status: ResponseRecord['status'];
	flags: string;
	pinned: number;
	return_prompt: string | null;
	withdrawn_from: ResponseRecord['withdrawnFrom'];
	sequence: number;
	created_at: number;
}

function toResponse(row: ResponseRow): ResponseRecord {
	return {
		id: row.id,
		sessionId: row.session_id,
		blockId: row.block_id,
		pupilKey: row.pupil_key,
		clientId: row.client_id,
		parentId: row.parent_id,
		question: row.question,
		text: row.text,
		status: row.status,
		flags: JSON.parse(row.flags) as ResponseRecord['flags'],
		pinned: row.pinned === 1,
		returnPrompt: row.return_prompt,
		withdrawnFrom: row.withdrawn_from,
		sequence: row.sequence,
		createdAt: row.created_at
	};
}

interface SessionRow {
	id: string;
	join_code: string;
	host_key: string;
	board_key: string;
	token_key: string;
	lesson_slug: string;
	step: number;
	open_block_id: string | null;
	revealed: string;
	locked: number;
	timer: string | null;
	stage: string;
	status: 'live' | 'ended';
	created_at: number;
	ended_at: number | null;
	expires_at: number;
	active_at: number;
}

function toSession(row: SessionRow): SessionRecord {
	return {
		id: row.id,
		joinCode: row.join_code,
		hostKey: row.host_key,
		boardKey: row.board_key,
		tokenKey: row.token_key,
		lessonSlug: row.lesson_slug,
		step: row.step,
		openBlockId: row.open_block_id,
		revealed: JSON.parse(row.revealed) as string[],
		locked: row.locked === 1,
		timer: row.timer === null ? null : (JSON.parse(row.timer) as SessionRecord['timer']),
		stage: JSON.parse(row.stage) as SessionRecord['stage'],
		status: row.status,
		createdAt: row.created_at,
		endedAt: row.ended_at,
		expiresAt: row.expires_at,
		activeAt: row.active_at
	};
}

function sessionParameters(session: SessionRecord) {
	return {
		id: session.id,
		join_code: session.joinCode,
		host_key: session.hostKey,
		board_key: session.boardKey,
		token_key: session.tokenKey,
		lesson_slug: session.lessonSlug,
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
		active_at: session.activeAt
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

export class SqliteStore implements Store {
	private readonly db: DatabaseSync;
	private readonly statements: Record<string, StatementSync>;
	/**
	 * Every answer needs its session, and reading and parsing the row was the heaviest of our own
	 * functions in the benchmark's CPU profile. This process is the file's only writer, so a
	 * write-through cache stays true; the least recently used sessions drop out past the limit.
	 */
	private readonly sessions = new Map<string, SessionRecord>();

	/** `path` is a file, created with its folder when missing, or ':memory:'. */
	constructor(path: string, options: { sync?: 'normal' | 'full' } = {}) {
		if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
		this.db = new DatabaseSync(path);
		const synchronous = options.sync === 'full' ? 'FULL' : 'NORMAL';
		this.db.exec(
			`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous}; PRAGMA foreign_keys = ON;`
		);
		this.db.exec('PRAGMA busy_timeout = 5000;');
		// What retention or a teacher deletes is overwritten, not left readable in free pages.
		this.db.exec('PRAGMA secure_delete = ON;');
		this.migrate();
		const prepare = (sql: string) => this.db.prepare(sql);
		this.statements = {
			insertSession:
				prepare(`INSERT INTO sessions (id, join_code, host_key, board_key, token_key, lesson_slug, step,
				open_block_id, revealed, locked, timer, stage, status, created_at, ended_at, expires_at, active_at)
				VALUES (:id, :join_code, :host_key, :board_key, :token_key, :lesson_slug, :step, :open_block_id, :revealed,
				:locked, :timer, :stage, :status, :created_at, :ended_at, :expires_at, :active_at)`),
			updateSession: prepare(`UPDATE sessions SET step = :step, open_block_id = :open_block_id,
				revealed = :revealed, locked = :locked, timer = :timer, stage = :stage, status = :status, ended_at = :ended_at,
				expires_at = :expires_at, active_at = :active_at WHERE id = :id`),
			getSession: prepare('SELECT * FROM sessions WHERE id = ?'),
			getLiveByCode: prepare(`SELECT * FROM sessions WHERE join_code = ? AND status = 'live'`),
			liveSessions: prepare(`SELECT * FROM sessions WHERE status = 'live'`),
			deleteSession: prepare('DELETE FROM sessions WHERE id = ?'),
			deleteExpired: prepare('DELETE FROM sessions WHERE expires_at < ? RETURNING *'),
			answerOf: prepare(
				'SELECT pupil_key, value, updated_at FROM answers WHERE session_id = ? AND block_id = ? AND pupil_key = ?'
			),
			answers: prepare(
				'SELECT pupil_key, value, updated_at FROM answers WHERE session_id = ? AND block_id = ? ORDER BY updated_at'
			),
			upsertAnswer: prepare(`INSERT INTO answers VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (session_id, block_id, pupil_key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
			recordMove: prepare(`INSERT INTO moves VALUES (?, ?, ?, ?, 1)
				ON CONFLICT DO UPDATE SET count = count + 1`),
			insertResponse:
				prepare(`INSERT INTO responses (id, session_id, block_id, pupil_key, client_id,
				parent_id, question, text, status, flags, pinned, return_prompt, sequence, created_at)
				VALUES (:id, :session_id, :block_id, :pupil_key, :client_id, :parent_id, :question, :text, :status, :flags,
				:pinned, :return_prompt,
				(SELECT COALESCE(MAX(sequence), 0) + 1 FROM responses WHERE session_id = :session_id), :created_at)
				ON CONFLICT (session_id, pupil_key, client_id) DO NOTHING`),
			responseByClient: prepare(
				'SELECT * FROM responses WHERE session_id = ? AND pupil_key = ? AND client_id = ?'
			),
			getResponse: prepare('SELECT * FROM responses WHERE id = ?'),
			responsesOfSession: prepare('SELECT * FROM responses WHERE session_id = ? ORDER BY sequence'),
			responsesOfBlock: prepare(
				'SELECT * FROM responses WHERE session_id = ? AND block_id = ? ORDER BY sequence'
			),
			updateResponse: prepare(
				'UPDATE responses SET status = ?, pinned = ?, return_prompt = ?, withdrawn_from = ? WHERE id = ?'
			),
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

	private transaction<T>(work: () => T): T {
		this.db.exec('BEGIN IMMEDIATE');
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
		if (this.sessions.size > cachedSessionLimit)
			this.sessions.delete(this.sessions.keys().next().value!);
		return record;
	}

	/** Marks a cached record as the most recently used: a Map keeps insertion order. */
	private touch(record: SessionRecord): SessionRecord {
		this.sessions.delete(record.id);
		this.sessions.set(record.id, record);
		return record;
	}

	insertSession(session: SessionRecord): void {
		this.statements.insertSession.run(sessionParameters(session));
		this.remember(structuredClone(session));
	}

	getSession(id: string): SessionRecord | null {
		const cached = this.sessions.get(id);
		if (cached) return this.touch(cached);
		const row = this.statements.getSession.get(id) as SessionRow | undefined;
		return row ? this.remember(toSession(row)) : null;
	}

	getLiveSessionByCode(joinCode: string): SessionRecord | null {
		const row = this.statements.getLiveByCode.get(joinCode) as SessionRow | undefined;
		return row ? toSession(row) : null;
	}

	liveSessions(): SessionRecord[] {
		return (this.statements.liveSessions.all() as unknown as SessionRow[]).map(toSession);
	}

	updateSession(session: SessionRecord): void {
		// Code, secrets, lesson and creation time are fixed at the start: only the rest changes.
		const all = sessionParameters(session);
		this.statements.updateSession.run({
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
			active_at: all.active_at
		});
		// Rare (a teacher's action), so the next read simply takes the row as stored.
		this.sessions.delete(session.id);
	}

	deleteSession(id: string): void {
		this.statements.deleteSession.run(id);
		this.sessions.delete(id);
	}

	deleteExpiredSessions(now: number): SessionRecord[] {
		for (const [id, session] of this.sessions)
			if (session.expiresAt < now) this.sessions.delete(id);
		return (this.statements.deleteExpired.all(now) as unknown as SessionRow[]).map(toSession);
	}

	writeAnswers(writes: AnswerWrite[]): AnswerWriteResult[] {
		return this.transaction(() => writes.map((write) => this.writeOne(write)));
	}

	private writeOne({ sessionId, blockId, pupilKey, value, at }: AnswerWrite): AnswerWriteResult {
		const json = JSON.stringify(value);
		const existing = this.statements.answerOf.get(sessionId, blockId, pupilKey) as
			{ value: string } | undefined;
		if (existing?.value === json) return { previous: value, changed: false };
		this.statements.upsertAnswer.run(sessionId, blockId, pupilKey, json, at);
		return { previous: existing ? JSON.parse(existing.value) : null, changed: true };
	}

	answers(sessionId: string, blockId: string): StoredAnswer[] {
		const rows = this.statements.answers.all(sessionId, blockId) as unknown as {
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

	answerOf(sessionId: string, blockId: string, pupilKey: string): StoredAnswer | null {
		const row = this.statements.answerOf.get(sessionId, blockId, pupilKey) as
			{ pupil_key: string; value: string; updated_at: number } | undefined;
		return row
			? { pupilKey: row.pupil_key, value: JSON.parse(row.value), updatedAt: row.updated_at }
			: null;
	}

	recordMove(sessionId: string, blockId: string, from: number, to: number): void {
		this.statements.recordMove.run(sessionId, blockId, from, to);
	}

	moves(sessionId: string, blockId: string): MoveCount[] {
		const rows = this.statements.moves.all(sessionId, blockId) as unknown as {
			from_option: number;
			to_option: number;
			count: number;
		}[];
		return rows.map((row) => ({ from: row.from_option, to: row.to_option, count: row.count }));
	}

	insertResponse(response: Omit<ResponseRecord, 'sequence' | 'withdrawnFrom'>): {
		response: ResponseRecord;
		created: boolean;
	} {
		return this.transaction(() => {
			const { changes } = this.statements.insertResponse.run({
				id: response.id,
				session_id: response.sessionId,
				block_id: response.blockId,
				pupil_key: response.pupilKey,
				client_id: response.clientId,
				parent_id: response.parentId,
				question: response.question,
				text: response.text,
				status: response.status,
				flags: JSON.stringify(response.flags),
				pinned: response.pinned ? 1 : 0,
				return_prompt: response.returnPrompt,
				created_at: response.createdAt
			});
			const row = this.statements.responseByClient.get(
				response.sessionId,
				response.pupilKey,
				response.clientId
			) as unknown as ResponseRow;
			return { response: toResponse(row), created: Number(changes) === 1 };
		});
	}

	getResponse(id: string): ResponseRecord | null {
		const row = this.statements.getResponse.get(id) as ResponseRow | undefined;
		return row ? toResponse(row) : null;
	}

	responses(sessionId: string, blockId?: string): ResponseRecord[] {
		const rows =
			blockId === undefined
				? this.statements.responsesOfSession.all(sessionId)
				: this.statements.responsesOfBlock.all(sessionId, blockId);
		return (rows as unknown as ResponseRow[]).map(toResponse);
	}

	updateResponse(response: ResponseRecord): void {
		this.statements.updateResponse.run(
			response.status,
			response.pinned ? 1 : 0,
			response.returnPrompt,
			response.withdrawnFrom,
			response.id
		);
	}

	addVote(responseId: string, pupilKey: string): boolean {
		return Number(this.statements.addVote.run(responseId, pupilKey).changes) === 1;
	}

	voteCounts(sessionId: string): Map<string, number> {
		const rows = this.statements.voteCounts.all(sessionId) as unknown as {
			id: string;
			count: number;
		}[];
		return new Map(rows.map((row) => [row.id, Number(row.count)]));
	}

	setWordDecision(
		sessionId: string,
		blockId: string,
		word: string,
		decision: WordDecision | null
	): void {
		if (decision === null) this.statements.forgetWordDecision.run(sessionId, blockId, word);
		else this.statements.setWordDecision.run(sessionId, blockId, word, decision);
	}

	wordDecisions(sessionId: string, blockId: string): Map<string, WordDecision> {
		const rows = this.statements.wordDecisions.all(sessionId, blockId) as unknown as {
			word: string;
			decision: WordDecision;
		}[];
		return new Map(rows.map((row) => [row.word, row.decision]));
	}

	votedBy(sessionId: string, pupilKey: string): Set<string> {
		const rows = this.statements.votedBy.all(sessionId, pupilKey) as unknown as { id: string }[];
		return new Set(rows.map((row) => row.id));
	}

	close(): void {
		this.db.close();
	}
}
