// The teacher's own space and the runs kept past retention, in the same node:sqlite file as
// the sessions (sqlite.ts opens it and hands over the connection). Each method is one statement
// or one transaction.

import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { jsonText as json } from './json-text.ts';
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

/** node:sqlite reports a broken UNIQUE constraint with this code. */
const uniqueViolation = (error: unknown) =>
	error instanceof Error && 'errcode' in error && (error as { errcode: number }).errcode === 2067;

export class SqliteTeacherStore implements TeacherStore {
	private readonly statements: Record<string, StatementSync>;
	private readonly columns: ColumnReader;
	/** Forgets cached sessions whose teacher changed underneath them (a teacher deleted). */
	private readonly forgetSessions: () => void;

	constructor(db: DatabaseSync, columns: ColumnReader, forgetSessions: () => void) {
		this.columns = columns;
		this.forgetSessions = forgetSessions;
		const prepare = (sql: string) => db.prepare(sql);
		this.statements = {
			insertTeacher: prepare(
				'INSERT INTO teachers (key, display_name, created_at) VALUES (?, NULL, ?) ON CONFLICT DO NOTHING'
			),
			getTeacher: prepare('SELECT * FROM teachers WHERE key = ?'),
			setDisplayName: prepare('UPDATE teachers SET display_name = ? WHERE key = ?'),
			deleteTeacher: prepare('DELETE FROM teachers WHERE key = ?'),
			addSignIn: prepare(`INSERT INTO sign_ins (secret_key, teacher_key, coordinator, created_at,
				expires_at) VALUES (?, ?, ?, ?, ?)`),
			signIn: prepare('SELECT * FROM sign_ins WHERE secret_key = ? AND expires_at > ?'),
			deleteSignIn: prepare('DELETE FROM sign_ins WHERE secret_key = ?'),
			deleteSignInsOf: prepare('DELETE FROM sign_ins WHERE teacher_key = ?'),
			setLink:
				prepare(`INSERT INTO teacher_links (teacher_key, link_key, created_at) VALUES (?, ?, ?)
				ON CONFLICT (teacher_key) DO UPDATE SET link_key = excluded.link_key,
				created_at = excluded.created_at`),
			teacherByLink: prepare(`SELECT teachers.* FROM teacher_links
				JOIN teachers ON teachers.key = teacher_links.teacher_key WHERE link_key = ?`),
			deleteLink: prepare('DELETE FROM teacher_links WHERE teacher_key = ?'),
			hasLink: prepare('SELECT 1 FROM teacher_links WHERE teacher_key = ?'),
			addClass: prepare(
				'INSERT INTO classes (id, teacher_key, name, created_at) VALUES (?, ?, ?, ?)'
			),
			classesOf: prepare('SELECT * FROM classes WHERE teacher_key = ? ORDER BY name, id'),
			renameClass: prepare('UPDATE classes SET name = ? WHERE id = ? AND teacher_key = ?'),
			deleteClass: prepare('DELETE FROM classes WHERE id = ? AND teacher_key = ?'),
			sessionsOf: prepare(
				'SELECT * FROM sessions WHERE teacher_key = ? ORDER BY created_at DESC, id'
			)
		};
	}

	async ensureTeacher(key: string, now: number): Promise<TeacherRecord> {
		this.statements.insertTeacher.run(key, now);
		return teacherFromRow(this.statements.getTeacher.get(key) as unknown as TeacherRow);
	}

	async getTeacher(key: string): Promise<TeacherRecord | null> {
		const row = this.statements.getTeacher.get(key) as TeacherRow | undefined;
		return row ? teacherFromRow(row) : null;
	}

	async setDisplayName(key: string, displayName: string | null): Promise<boolean> {
		return Number(this.statements.setDisplayName.run(displayName, key).changes) === 1;
	}

	async deleteTeacher(key: string): Promise<boolean> {
		const deleted = Number(this.statements.deleteTeacher.run(key).changes) === 1;
		// ON DELETE SET NULL changed their sessions' rows, not the records cached of them.
		if (deleted) this.forgetSessions();
		return deleted;
	}

	async addSignIn(signIn: SignInRecord): Promise<void> {
		this.statements.addSignIn.run(
			signIn.secretKey,
			signIn.teacherKey,
			signIn.coordinator ? 1 : 0,
			signIn.createdAt,
			signIn.expiresAt
		);
	}

	async signIn(secretKey: string, now: number): Promise<SignInRecord | null> {
		const row = this.statements.signIn.get(secretKey, now) as SignInRow | undefined;
		return row ? signInFromRow(row, this.columns) : null;
	}

	async deleteSignIn(secretKey: string): Promise<void> {
		this.statements.deleteSignIn.run(secretKey);
	}

	async deleteSignInsOf(teacherKey: string): Promise<void> {
		this.statements.deleteSignInsOf.run(teacherKey);
	}

	async setLink(teacherKey: string, linkKey: string, now: number): Promise<void> {
		this.statements.setLink.run(teacherKey, linkKey, now);
	}

	async teacherByLink(linkKey: string): Promise<TeacherRecord | null> {
		const row = this.statements.teacherByLink.get(linkKey) as TeacherRow | undefined;
		return row ? teacherFromRow(row) : null;
	}

	async deleteLink(teacherKey: string): Promise<void> {
		this.statements.deleteLink.run(teacherKey);
	}

	async hasLink(teacherKey: string): Promise<boolean> {
		return this.statements.hasLink.get(teacherKey) !== undefined;
	}

	async addClass(record: ClassRecord): Promise<boolean> {
		try {
			this.statements.addClass.run(record.id, record.teacherKey, record.name, record.createdAt);
			return true;
		} catch (error) {
			if (uniqueViolation(error)) return false;
			throw error;
		}
	}

	async classesOf(teacherKey: string): Promise<ClassRecord[]> {
		return (this.statements.classesOf.all(teacherKey) as unknown as ClassRow[]).map(classFromRow);
	}

	async renameClass(id: string, teacherKey: string, name: string): Promise<boolean> {
		try {
			return Number(this.statements.renameClass.run(name, id, teacherKey).changes) === 1;
		} catch (error) {
			if (uniqueViolation(error)) return false;
			throw error;
		}
	}

	async deleteClass(id: string, teacherKey: string): Promise<boolean> {
		return Number(this.statements.deleteClass.run(id, teacherKey).changes) === 1;
	}

	async sessionsOf(teacherKey: string): Promise<TeacherSession[]> {
		const rows = this.statements.sessionsOf.all(teacherKey) as unknown as (SessionRow & {
			pupils_joined: number;
		})[];
		return rows.map((row) => ({
			session: sessionFromRow(row, this.columns),
			pupilsJoined: row.pupils_joined
		}));
	}
}

export class SqliteRunStore implements RunStore {
	private readonly statements: Record<string, StatementSync>;
	private readonly columns: ColumnReader;

	constructor(db: DatabaseSync, columns: ColumnReader) {
		this.columns = columns;
		const prepare = (sql: string) => db.prepare(sql);
		this.statements = {
			saveRun: prepare(`INSERT INTO runs (session_id, teacher_key, class_id, lesson_slug, ran_at,
				pupils_joined, counts_in_overview, blocks) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (session_id) DO UPDATE SET teacher_key = excluded.teacher_key,
				class_id = excluded.class_id, lesson_slug = excluded.lesson_slug, ran_at = excluded.ran_at,
				pupils_joined = excluded.pupils_joined, counts_in_overview = excluded.counts_in_overview,
				blocks = excluded.blocks`),
			runOf: prepare('SELECT * FROM runs WHERE session_id = ?'),
			setRunCounted: prepare('UPDATE runs SET counts_in_overview = ? WHERE session_id = ?'),
			deleteRun: prepare('DELETE FROM runs WHERE session_id = ?'),
			runsOfClass: prepare(
				'SELECT * FROM runs WHERE class_id = ? ORDER BY ran_at DESC, session_id'
			),
			countedRuns: prepare(`SELECT * FROM runs WHERE counts_in_overview = 1
				AND lesson_slug IN (SELECT value FROM json_each(?)) AND ran_at >= ? AND ran_at < ?
				ORDER BY ran_at, session_id`)
		};
	}

	private toRun = (row: RunRow) => runFromRow(row, this.columns);

	async saveRun(run: RunRecord): Promise<void> {
		this.statements.saveRun.run(
			run.sessionId,
			run.teacherKey,
			run.classId,
			run.lessonSlug,
			run.ranAt,
			run.pupilsJoined,
			run.countsInOverview ? 1 : 0,
			json(run.blocks, "A run's blocks")
		);
	}

	async runOf(sessionId: string): Promise<RunRecord | null> {
		const row = this.statements.runOf.get(sessionId) as RunRow | undefined;
		return row ? this.toRun(row) : null;
	}

	async setRunCounted(sessionId: string, countsInOverview: boolean): Promise<boolean> {
		const { changes } = this.statements.setRunCounted.run(countsInOverview ? 1 : 0, sessionId);
		return Number(changes) === 1;
	}

	async deleteRun(sessionId: string): Promise<void> {
		this.statements.deleteRun.run(sessionId);
	}

	async runsOfClass(classId: string, lessonSlugs?: string[]): Promise<RunRecord[]> {
		const runs = (this.statements.runsOfClass.all(classId) as unknown as RunRow[]).map(this.toRun);
		return lessonSlugs ? runs.filter((run) => lessonSlugs.includes(run.lessonSlug)) : runs;
	}

	async countedRuns(lessonSlugs: string[], from: number, to: number): Promise<RunRecord[]> {
		const rows = this.statements.countedRuns.all(JSON.stringify(lessonSlugs), from, to);
		return (rows as unknown as RunRow[]).map(this.toRun);
	}
}
