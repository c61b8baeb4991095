// The rows of the sessions and responses tables, as both stores name their columns, and how a
// row becomes a record. One owner of the mapping: SQLite and PostgreSQL differ only in how a
// JSON or true/false column comes back (text and 0/1 on SQLite, parsed values on PostgreSQL),
// which each store says in its `ColumnReader`.

import type {
	ClassRecord,
	ResponseRecord,
	ResponseStatus,
	RunRecord,
	SessionRecord,
	SignInRecord,
	TeacherRecord
} from './store.ts';

/** How a store's driver hands back the columns that are not plain text or numbers. */
export interface ColumnReader {
	/** A JSON column: null stays null. */
	json<T>(value: unknown): T;
	/** A true/false column. */
	flag(value: unknown): boolean;
}

export interface SessionRow {
	id: string;
	join_code: string;
	host_key: string;
	board_key: string;
	token_key: string;
	lesson_slug: string;
	lesson_version: string;
	step: number;
	open_block_id: string | null;
	revealed: unknown;
	locked: unknown;
	timer: unknown;
	stage: unknown;
	status: SessionRecord['status'];
	created_at: number;
	ended_at: number | null;
	expires_at: number;
	active_at: number;
	version: number;
	teacher_key: string | null;
	class_id: string | null;
	counts_in_overview: unknown;
}

export interface ResponseRow {
	id: string;
	session_id: string;
	block_id: string;
	pupil_key: string;
	client_id: string;
	parent_id: string | null;
	question: number | null;
	text: string;
	status: ResponseStatus;
	flags: unknown;
	pinned: unknown;
	return_prompt: string | null;
	withdrawn_from: ResponseRecord['withdrawnFrom'];
	sequence: number;
	created_at: number;
}

export function sessionFromRow(row: SessionRow, read: ColumnReader): SessionRecord {
	return {
		id: row.id,
		joinCode: row.join_code,
		hostKey: row.host_key,
		boardKey: row.board_key,
		tokenKey: row.token_key,
		lessonSlug: row.lesson_slug,
		lessonVersion: row.lesson_version,
		step: row.step,
		openBlockId: row.open_block_id,
		revealed: read.json<string[]>(row.revealed),
		locked: read.flag(row.locked),
		timer: read.json<SessionRecord['timer']>(row.timer),
		stage: read.json<SessionRecord['stage']>(row.stage),
		status: row.status,
		createdAt: row.created_at,
		endedAt: row.ended_at,
		expiresAt: row.expires_at,
		activeAt: row.active_at,
		version: row.version,
		teacherKey: row.teacher_key,
		classId: row.class_id,
		countsInOverview: read.flag(row.counts_in_overview)
	};
}

export function responseFromRow(row: ResponseRow, read: ColumnReader): ResponseRecord {
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
		flags: read.json<ResponseRecord['flags']>(row.flags),
		pinned: read.flag(row.pinned),
		returnPrompt: row.return_prompt,
		withdrawnFrom: row.withdrawn_from,
		sequence: row.sequence,
		createdAt: row.created_at
	};
}

export interface TeacherRow {
	key: string;
	display_name: string | null;
	created_at: number;
}

export const teacherFromRow = (row: TeacherRow): TeacherRecord => ({
	key: row.key,
	displayName: row.display_name,
	createdAt: row.created_at
});

export interface SignInRow {
	secret_key: string;
	teacher_key: string;
	coordinator: unknown;
	created_at: number;
	expires_at: number;
}

export const signInFromRow = (row: SignInRow, read: ColumnReader): SignInRecord => ({
	secretKey: row.secret_key,
	teacherKey: row.teacher_key,
	coordinator: read.flag(row.coordinator),
	createdAt: row.created_at,
	expiresAt: row.expires_at
});

export interface ClassRow {
	id: string;
	teacher_key: string;
	name: string;
	created_at: number;
}

export const classFromRow = (row: ClassRow): ClassRecord => ({
	id: row.id,
	teacherKey: row.teacher_key,
	name: row.name,
	createdAt: row.created_at
});

export interface RunRow {
	session_id: string;
	teacher_key: string | null;
	class_id: string | null;
	lesson_slug: string;
	ran_at: number;
	pupils_joined: number;
	counts_in_overview: unknown;
	blocks: unknown;
}

export const runFromRow = (row: RunRow, read: ColumnReader): RunRecord => ({
	sessionId: row.session_id,
	teacherKey: row.teacher_key,
	classId: row.class_id,
	lessonSlug: row.lesson_slug,
	ranAt: row.ran_at,
	pupilsJoined: row.pupils_joined,
	countsInOverview: read.flag(row.counts_in_overview),
	blocks: read.json<RunRecord['blocks']>(row.blocks)
});
