// The parsed shape of a lesson: plain, serialisable data that the library, the validator,
// the teacher's page and (later) the live session all read.

import type {
	Audience,
	BoardBlockType,
	BlockType,
	Language,
	LessonKind,
	Sensitivity,
	TeacherBlockType,
	TheatrePhase
} from './vocabulary.ts';

export interface LessonMeta {
	/** The web address a published lesson gets; in the library it must equal the file name. */
	slug: string | null;
	title: string;
	summary: string;
	kind: LessonKind;
	performance: string | null;
	phase: TheatrePhase | null;
	/**
	 * The lesson series it belongs to (`reeks`), and its place in it (`deel`): lessons a class
	 * meets in that order over weeks. Both or neither; never with a performance.
	 */
	series: string | null;
	part: number | null;
	/** Known themes, plus the deployment's own (LESSON_THEMES). */
	themes: string[];
	audience: Audience[];
	duration: number;
	goals: string[];
	materials: string[];
	language: Language;
	authors: string[];
	licence: string;
	version: string;
	sensitivity: Sensitivity;
	preparation: string | null;
}

export interface BlockOption {
	/** Position in the author's list, stable for as long as the list is. */
	index: number;
	/** Sanitised inline HTML. */
	html: string;
	/** The same label without markup, for exports and accessible names. */
	text: string;
}

export interface BlockSettings {
	/** 'manual': results stay hidden until the teacher reveals them. */
	reveal: 'manual' | 'live';
	/** Pupils may pass ('pas'). */
	pass: boolean;
	/** No distribution is shown below this many answers. */
	minAnswers: number;
	/** Id of an earlier block of the same type: show the shift between the two. */
	compareWith: string | null;
	/**
	 * A block of an earlier lesson of the same programme (`vergelijk="lesson#block"`): started for
	 * a class whose earlier session ran it, the board shows that result beside this one.
	 */
	compareAcross: { lessonSlug: string; blockId: string } | null;
	/** Poll: more than one option may be chosen. Open prompt: more than one response. */
	multiple: boolean;
	/** Stelling, vier hoeken, casus: pupils may add a one-line reason. */
	reason: boolean;
	/** Longest written answer, in characters. */
	maxLength: number;
	/** Word cloud: words per pupil. */
	words: number;
	/** Lagerhuis: the debate timer, in minutes. */
	timerMinutes: number;
	/** Thermometer: numbers 1-5 or faces. */
	scale: 'numbers' | 'emoji';
	/** Stil debat: pupils may reply to approved responses. */
	replies: boolean;
	/**
	 * Word cloud: words go to the board as they come (a live cloud) instead of waiting for the
	 * teacher. A word the filter holds waits either way.
	 */
	direct: boolean;
	/**
	 * Think time (`denktijd`), in seconds: when the block first opens, pupils read the question and
	 * can answer only once it is up. 0: none.
	 */
	thinkSeconds: number;
	/** Ground rules: pupils agree to them on their phone, or suggest an addition. */
	agree: boolean;
	/**
	 * Tweegesprek: the id of the earlier stelling, thermometer or position line whose answers the
	 * pairs are made across.
	 */
	pairsFrom: string | null;
}

/** A block that appears on the board: answerable blocks, the ground rules and the tweegesprek. */
export interface BoardBlock {
	id: string;
	type: BoardBlockType;
	line: number;
	/** Sanitised HTML: the question, statement, case or introduction. */
	prompt: string;
	options: BlockOption[];
	settings: BlockSettings;
}

/** Teacher-only text. Never part of a board or a pupil payload. */
export interface TeacherNote {
	type: TeacherBlockType;
	line: number;
	/** Sanitised HTML. */
	html: string;
	/** The board block this note belongs to, when it was written inside one. */
	forBlock: string | null;
}

export type BoardPart = { kind: 'markdown'; html: string } | { kind: 'block'; block: BoardBlock };

export interface LessonStep {
	/** 1-based, as the teacher counts. */
	number: number;
	title: string;
	line: number;
	board: BoardPart[];
	teacher: TeacherNote[];
}

export interface Lesson {
	slug: string;
	meta: LessonMeta;
	/** Teacher-facing text before the first step. */
	introduction: string;
	introductionNotes: TeacherNote[];
	steps: LessonStep[];
}

export interface LessonProblem {
	line: number;
	code: ProblemCode;
	params: Record<string, string | number>;
}

export const problemCodes = [
	'file-name-invalid',
	'slug-duplicate',
	'slug-mismatch',
	'frontmatter-missing',
	'frontmatter-unclosed',
	'frontmatter-yaml',
	'field-missing',
	'field-invalid',
	'field-unknown',
	'field-type',
	'performance-missing',
	'performance-unexpected',
	'field-twice',
	'series-part-missing',
	'series-missing',
	'series-and-performance',
	'series-part-duplicate',
	'heading-level-one',
	'no-steps',
	'step-empty',
	'block-unknown-type',
	'block-unclosed',
	'block-stray-close',
	'block-outside-step',
	'block-nested',
	'block-header-invalid',
	'block-id-missing',
	'block-id-invalid',
	'block-id-duplicate',
	'block-attribute-unknown',
	'block-attribute-invalid',
	'block-prompt-missing',
	'block-options-missing',
	'block-options-count',
	'block-options-duplicate',
	'block-content-unexpected',
	'block-once-per-lesson',
	'compare-unknown',
	'compare-not-earlier',
	'compare-mismatch',
	'compare-lesson-unknown',
	'compare-lesson-elsewhere',
	'compare-lesson-not-earlier',
	'compare-lesson-block-unknown',
	'compare-lesson-mismatch',
	'pairs-from-missing',
	'pairs-from-unknown',
	'pairs-from-not-earlier',
	'pairs-from-type',
	'unsafe-html',
	'unsafe-attribute',
	'unsafe-link'
] as const;
export type ProblemCode = (typeof problemCodes)[number];

/**
 * Something an author should look at that does not keep the lesson out of the library: minutes
 * that do not add up (src/lib/lessons/timing.ts), a sentence that asks a pupil to give themselves
 * away (src/lib/lessons/never-asks.ts).
 */
export interface LessonWarning {
	line: number;
	code: WarningCode;
	params: Record<string, string | number>;
}

export const warningCodes = [
	'time-parts',
	'time-total',
	'time-mention',
	'time-timer',
	'asks-who',
	'secrecy-promise'
] as const;
export type WarningCode = (typeof warningCodes)[number];

export type { BlockType };
