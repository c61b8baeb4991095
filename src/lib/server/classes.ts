// A teacher's classes: the names they give them ("3B", "mentorgroep dinsdag"), which is all the
// tool knows of a class, and which lessons each class did and when. Never a pupil: each session
// keeps its own random pupil tokens, and nothing here (or in the store) joins two sessions'
// pupils. Expected failures are values: { ok: false, error: 'class-name-taken' }.

import { randomBytes } from 'node:crypto';
import { maxClassNameLength } from '../limits.ts';
import type { ClassRecord, Store } from './store/store.ts';

export type ClassError =
	'class-name-empty' | 'class-name-too-long' | 'class-name-taken' | 'class-not-found';

export type ClassOutcome<T> = { ok: true; value: T } | { ok: false; error: ClassError };

const ok = <T>(value: T): ClassOutcome<T> => ({ ok: true, value });
const fail = <T = never>(error: ClassError): ClassOutcome<T> => ({ ok: false, error });

/** A class name as typed, trimmed and with runs of white space made one space. */
export function className(raw: unknown): ClassOutcome<string> {
	const name = typeof raw === 'string' ? raw.replace(/\s+/g, ' ').trim() : '';
	if (name === '') return fail('class-name-empty');
	if ([...name].length > maxClassNameLength) return fail('class-name-too-long');
	return ok(name);
}

/** "3B" and "3b" are one class to a teacher. */
const sameName = (a: string, b: string) => a.localeCompare(b, 'nl', { sensitivity: 'base' }) === 0;

/** When a class did a lesson last: the newest session of it, live or ended (or kept as a run). */
export interface ClassLesson {
	ranAt: number;
	live: boolean;
}

/** A class with the lessons it did, by lesson slug: dates only, never an answer. */
export interface ClassThread {
	id: string;
	name: string;
	lessons: Record<string, ClassLesson>;
}

export class Classes {
	private readonly store: Store;
	private readonly now: () => number;

	constructor(store: Store, now: () => number = Date.now) {
		this.store = store;
		this.now = now;
	}

	/** The teacher's classes, by name. */
	of(teacherKey: string): Promise<ClassRecord[]> {
		return this.store.teachers.classesOf(teacherKey);
	}

	/** The class with this id, when it is the teacher's. */
	async own(teacherKey: string, id: string): Promise<ClassRecord | null> {
		return (await this.of(teacherKey)).find((record) => record.id === id) ?? null;
	}

	async add(teacherKey: string, raw: unknown): Promise<ClassOutcome<ClassRecord>> {
		const named = className(raw);
		if (!named.ok) return named;
		if ((await this.of(teacherKey)).some((record) => sameName(record.name, named.value)))
			return fail('class-name-taken');
		const record: ClassRecord = {
			id: randomBytes(12).toString('base64url'),
			teacherKey,
			name: named.value,
			createdAt: this.now()
		};
		// The store refuses the exact name a second time, also from a second tab at the same moment.
		return (await this.store.teachers.addClass(record)) ? ok(record) : fail('class-name-taken');
	}

	async rename(teacherKey: string, id: string, raw: unknown): Promise<ClassOutcome<ClassRecord>> {
		const named = className(raw);
		if (!named.ok) return named;
		const classes = await this.of(teacherKey);
		const record = classes.find((each) => each.id === id);
		if (!record) return fail('class-not-found');
		if (classes.some((each) => each.id !== id && sameName(each.name, named.value)))
			return fail('class-name-taken');
		if (!(await this.store.teachers.renameClass(id, teacherKey, named.value)))
			return fail((await this.own(teacherKey, id)) ? 'class-name-taken' : 'class-not-found');
		return ok({ ...record, name: named.value });
	}

	/**
	 * Forgets the class's name. Its sessions and the runs kept of them stay (they are the
	 * teacher's to delete), without a class they can be found by.
	 */
	async remove(teacherKey: string, id: string): Promise<ClassOutcome<null>> {
		return (await this.store.teachers.deleteClass(id, teacherKey))
			? ok(null)
			: fail('class-not-found');
	}

	/**
	 * The class a lesson is started for, from the start form: one of the teacher's (`classId`),
	 * a name typed there (the teacher's class of that name, made when new), or none.
	 */
	async forStart(
		teacherKey: string,
		{ classId, newName }: { classId?: unknown; newName?: unknown }
	): Promise<ClassOutcome<ClassRecord | null>> {
		if (typeof newName === 'string' && newName.trim() !== '') {
			const named = className(newName);
			if (!named.ok) return named;
			const existing = (await this.of(teacherKey)).find((record) =>
				sameName(record.name, named.value)
			);
			return existing ? ok(existing) : this.add(teacherKey, named.value);
		}
		if (typeof classId !== 'string' || classId === '') return ok(null);
		const record = await this.own(teacherKey, classId);
		return record ? ok(record) : fail('class-not-found');
	}

	/**
	 * Every class of the teacher with the lessons it did: from the runs kept when sessions ended
	 * (past retention too) and the sessions still kept, live ones included.
	 */
	async threads(teacherKey: string): Promise<ClassThread[]> {
		const [classes, sessions] = await Promise.all([
			this.of(teacherKey),
			this.store.teachers.sessionsOf(teacherKey)
		]);
		return Promise.all(
			classes.map(async ({ id, name }) => {
				const lessons: Record<string, ClassLesson> = {};
				const saw = (lessonSlug: string, ranAt: number, live: boolean) => {
					const known = lessons[lessonSlug];
					if (!known || ranAt > known.ranAt || (ranAt === known.ranAt && live))
						lessons[lessonSlug] = { ranAt, live };
				};
				for (const run of await this.store.runs.runsOfClass(id))
					saw(run.lessonSlug, run.ranAt, false);
				for (const { session } of sessions)
					if (session.classId === id)
						saw(session.lessonSlug, session.createdAt, session.status === 'live');
				return { id, name, lessons };
			})
		);
	}
}

/** One class's row in a programme's table: the date of each lesson, in the programme's order. */
export interface ProgrammeClassRow {
	id: string;
	name: string;
	lessons: (ClassLesson | null)[];
}

/** The classes that did any of these lessons, each with a cell per lesson (null: not yet). */
export function programmeRows(
	threads: readonly ClassThread[],
	lessonSlugs: readonly string[]
): ProgrammeClassRow[] {
	return threads
		.filter((thread) => lessonSlugs.some((slug) => thread.lessons[slug]))
		.map(({ id, name, lessons }) => ({
			id,
			name,
			lessons: lessonSlugs.map((slug) => lessons[slug] ?? null)
		}));
}
