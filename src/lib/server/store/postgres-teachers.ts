// The teacher's own space and the runs kept past retention, on PostgreSQL (region mode): the
// same tables and rules as sqlite-teachers.ts, each method one statement in its own transaction.

import type pg from 'pg';
import { jsonText } from './json-text.ts';
import {
	classFromRow,
	runFromRow,
	sessionFromRow,
	signInFromRow,
	teacherFromRow,
	type ClassRow,
	type ColumnReader,
	type RunRow,
	type SessionRow,
	type SignInRow,
	type TeacherRow
} from './rows.ts';
import type {
	ClassRecord,
	RunRecord,
	RunStore,
	SignInRecord,
	TeacherRecord,
	TeacherSession,
	TeacherStore
} from './store.ts';

/** How PostgresStore runs a statement: `write` in a transaction of its own, `query` to read. */
export interface Statements {
	write<Row extends pg.QueryResultRow>(
		text: string,
		values?: unknown[]
	): Promise<pg.QueryResult<Row>>;
	query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<Row[]>;
}

const uniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

export class PostgresTeacherStore implements TeacherStore {
	private readonly sql: Statements;
	private readonly columns: ColumnReader;
	private readonly sessionColumns: string;

	constructor(sql: Statements, columns: ColumnReader, sessionColumns: string) {
		this.sql = sql;
		this.columns = columns;
		this.sessionColumns = sessionColumns;
	}

	async ensureTeacher(key: string, now: number): Promise<TeacherRecord> {
		await this.sql.write(
			'INSERT INTO teachers (key, display_name, created_at) VALUES ($1, NULL, $2) ON CONFLICT DO NOTHING',
			[key, now]
		);
		return (await this.getTeacher(key))!;
	}

	async getTeacher(key: string): Promise<TeacherRecord | null> {
		const [row] = await this.sql.query<TeacherRow>('SELECT * FROM teachers WHERE key = $1', [key]);
		return row ? teacherFromRow(row) : null;
	}

	async setDisplayName(key: string, displayName: string | null): Promise<boolean> {
		const result = await this.sql.write('UPDATE teachers SET display_name = $2 WHERE key = $1', [
			key,
			displayName
		]);
		return result.rowCount === 1;
	}

	async deleteTeacher(key: string): Promise<boolean> {
		return (await this.sql.write('DELETE FROM teachers WHERE key = $1', [key])).rowCount === 1;
	}

	async addSignIn(signIn: SignInRecord): Promise<void> {
		await this.sql.write(
			`INSERT INTO sign_ins (secret_key, teacher_key, coordinator, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5)`,
			[signIn.secretKey, signIn.teacherKey, signIn.coordinator, signIn.createdAt, signIn.expiresAt]
		);
	}

	async signIn(secretKey: string, now: number): Promise<SignInRecord | null> {
		const [row] = await this.sql.query<SignInRow>(
			'SELECT * FROM sign_ins WHERE secret_key = $1 AND expires_at > $2',
			[secretKey, now]
		);
		return row ? signInFromRow(row, this.columns) : null;
	}

	async deleteSignIn(secretKey: string): Promise<void> {
		await this.sql.write('DELETE FROM sign_ins WHERE secret_key = $1', [secretKey]);
	}

	async deleteSignInsOf(teacherKey: string): Promise<void> {
		await this.sql.write('DELETE FROM sign_ins WHERE teacher_key = $1', [teacherKey]);
	}

	async setLink(teacherKey: string, linkKey: string, now: number): Promise<void> {
		await this.sql.write(
			`INSERT INTO teacher_links (teacher_key, link_key, created_at) VALUES ($1, $2, $3)
			ON CONFLICT (teacher_key) DO UPDATE SET link_key = excluded.link_key,
			created_at = excluded.created_at`,
			[teacherKey, linkKey, now]
		);
	}

	async teacherByLink(linkKey: string): Promise<TeacherRecord | null> {
		const [row] = await this.sql.query<TeacherRow>(
			`SELECT teachers.* FROM teacher_links JOIN teachers ON teachers.key = teacher_links.teacher_key
			WHERE link_key = $1`,
			[linkKey]
		);
		return row ? teacherFromRow(row) : null;
	}

	async deleteLink(teacherKey: string): Promise<void> {
		await this.sql.write('DELETE FROM teacher_links WHERE teacher_key = $1', [teacherKey]);
	}

	async hasLink(teacherKey: string): Promise<boolean> {
		const rows = await this.sql.query('SELECT 1 FROM teacher_links WHERE teacher_key = $1', [
			teacherKey
		]);
		return rows.length === 1;
	}

	async addClass(record: ClassRecord): Promise<boolean> {
		try {
			await this.sql.write(
				'INSERT INTO classes (id, teacher_key, name, created_at) VALUES ($1, $2, $3, $4)',
				[record.id, record.teacherKey, record.name, record.createdAt]
			);
			return true;
		} catch (error) {
			if (uniqueViolation(error)) return false;
			throw error;
		}
	}

	async classesOf(teacherKey: string): Promise<ClassRecord[]> {
		const rows = await this.sql.query<ClassRow>(
			'SELECT * FROM classes WHERE teacher_key = $1 ORDER BY name, id',
			[teacherKey]
		);
		return rows.map(classFromRow);
	}

	async renameClass(id: string, teacherKey: string, name: string): Promise<boolean> {
		try {
			const result = await this.sql.write(
				'UPDATE classes SET name = $3 WHERE id = $1 AND teacher_key = $2',
				[id, teacherKey, name]
			);
			return result.rowCount === 1;
		} catch (error) {
			if (uniqueViolation(error)) return false;
			throw error;
		}
	}

	async deleteClass(id: string, teacherKey: string): Promise<boolean> {
		const result = await this.sql.write('DELETE FROM classes WHERE id = $1 AND teacher_key = $2', [
			id,
			teacherKey
		]);
		return result.rowCount === 1;
	}

	async sessionsOf(teacherKey: string): Promise<TeacherSession[]> {
		const rows = await this.sql.query<SessionRow & { pupils_joined: number }>(
			`SELECT ${this.sessionColumns}, pupils_joined + (SELECT count(*) FROM pupil_joins
			WHERE pupil_joins.session_id = sessions.id)::integer AS pupils_joined
			FROM sessions WHERE teacher_key = $1 ORDER BY created_at DESC, id`,
			[teacherKey]
		);
		return rows.map((row) => ({
			session: sessionFromRow(row, this.columns),
			pupilsJoined: row.pupils_joined
		}));
	}
}

export class PostgresRunStore implements RunStore {
	private readonly sql: Statements;
	private readonly columns: ColumnReader;

	constructor(sql: Statements, columns: ColumnReader) {
		this.sql = sql;
		this.columns = columns;
	}

	private toRun = (row: RunRow) => runFromRow(row, this.columns);

	async saveRun(run: RunRecord): Promise<void> {
		await this.sql.write(
			`INSERT INTO runs (session_id, teacher_key, class_id, lesson_slug, ran_at, pupils_joined,
			counts_in_overview, blocks) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
			ON CONFLICT (session_id) DO UPDATE SET teacher_key = excluded.teacher_key,
			class_id = excluded.class_id, lesson_slug = excluded.lesson_slug, ran_at = excluded.ran_at,
			pupils_joined = excluded.pupils_joined, counts_in_overview = excluded.counts_in_overview,
			blocks = excluded.blocks`,
			[
				run.sessionId,
				run.teacherKey,
				run.classId,
				run.lessonSlug,
				run.ranAt,
				run.pupilsJoined,
				run.countsInOverview,
				jsonText(run.blocks, "A run's blocks")
			]
		);
	}

	async runOf(sessionId: string): Promise<RunRecord | null> {
		const [row] = await this.sql.query<RunRow>('SELECT * FROM runs WHERE session_id = $1', [
			sessionId
		]);
		return row ? this.toRun(row) : null;
	}

	async setRunCounted(sessionId: string, countsInOverview: boolean): Promise<boolean> {
		const result = await this.sql.write(
			'UPDATE runs SET counts_in_overview = $2 WHERE session_id = $1',
			[sessionId, countsInOverview]
		);
		return result.rowCount === 1;
	}

	async deleteRun(sessionId: string): Promise<void> {
		await this.sql.write('DELETE FROM runs WHERE session_id = $1', [sessionId]);
	}

	async runsOfClass(classId: string, lessonSlugs?: string[]): Promise<RunRecord[]> {
		const rows = lessonSlugs
			? await this.sql.query<RunRow>(
					`SELECT * FROM runs WHERE class_id = $1 AND lesson_slug = ANY($2::text[])
					ORDER BY ran_at DESC, session_id`,
					[classId, lessonSlugs]
				)
			: await this.sql.query<RunRow>(
					'SELECT * FROM runs WHERE class_id = $1 ORDER BY ran_at DESC, session_id',
					[classId]
				);
		return rows.map(this.toRun);
	}

	async countedRuns(lessonSlugs: string[], from: number, to: number): Promise<RunRecord[]> {
		const rows = await this.sql.query<RunRow>(
			`SELECT * FROM runs WHERE counts_in_overview AND lesson_slug = ANY($1::text[])
			AND ran_at >= $2 AND ran_at < $3 ORDER BY ran_at, session_id`,
			[lessonSlugs, from, to]
		);
		return rows.map(this.toRun);
	}
}
