// What each kind of board block is, in one table that every screen and rule asks: how a pupil
// answers it, whether their words wait for the teacher, who reads them, whether its options
// carry letters or ask questions, whether it is a word cloud. A `block.type === '…'` elsewhere is a question this table should answer.

import { promptText, shortened } from './prompt-text.ts';
import type { BoardBlockType } from './vocabulary.ts';

export type { BoardBlockType };
export type WrittenBlockType = 'open' | 'stil-debat' | 'vragenbus' | 'exit-ticket';

export interface BlockKind {
	/**
	 * How a pupil answers: 'tap' is one tap or slide, counted into results ('live' answers);
	 * 'written' is a text the teacher reads first; 'talk' is not answered but spoken, with
	 * the partner the phone shows (a tweegesprek, which the teacher opens like an answer block);
	 * 'none' is shown, never answered (unless the class agrees to it, see `agreement`).
	 */
	answer: 'tap' | 'written' | 'talk' | 'none';
	/** Written responses only the teacher reads: never on the board, never on a phone. */
	teacherOnly: boolean;
	/** Approved written responses stand on a wall that the board and the phones show. */
	wall: boolean;
	/** Open for the whole lesson, whichever step is on the board. */
	wholeLesson: boolean;
	/** Options carry a letter, the same on the board and the phone: 'A', 'Hoek B'. */
	lettered: boolean;
	/** Results can be held back until the teacher reveals them (the `reveal` setting applies). */
	revealable: boolean;
	/**
	 * What a pupil's words (a response, or a reason given with an answer) are to the teacher:
	 * 'moderated' words wait for the teacher to show, hide or return them, since the board can
	 * show them; 'read' words are for the teacher alone and never wait; null: no words.
	 */
	responses: 'moderated' | 'read' | null;
	/**
	 * Its options are questions, each answered in writing on its own (an exit ticket's): answers
	 * carry the question's index, and the questions name the block in one line.
	 */
	questions: boolean;
	/**
	 * Answered with a few words that make a cloud: the teacher looks at them first, unless the
	 * author chose a live cloud (`direct`).
	 */
	words: boolean;
	/**
	 * The value of an answer's first position: a thermometer counts its five from 1, every other
	 * kind from 0 (a stelling's 0 is 'weet niet', a choice's the first option).
	 */
	firstPosition: 0 | 1;
	/** Has a speaking timer the teacher starts once the block is open. */
	timed: boolean;
	/** Closes the lesson: the phone ends it with where a pupil can get help. */
	closing: boolean;
	/**
	 * Its answers lie on a line from one side to the other, so that a tweegesprek can pair pupils
	 * who answered far apart on it.
	 */
	pairable: boolean;
	/**
	 * Where the author asks (`agree`), pupils agree to it with one tap (counted, never who did
	 * not) and may suggest an addition, which waits for the teacher like any response.
	 */
	agreement: boolean;
}

const tap = {
	answer: 'tap',
	teacherOnly: false,
	wall: false,
	wholeLesson: false,
	lettered: false,
	revealable: true,
	responses: 'moderated',
	questions: false,
	words: false,
	firstPosition: 0,
	timed: false,
	closing: false,
	pairable: false,
	agreement: false
} as const satisfies BlockKind;
const written = {
	answer: 'written',
	teacherOnly: false,
	wall: true,
	wholeLesson: false,
	lettered: false,
	revealable: false,
	responses: 'moderated',
	questions: false,
	words: false,
	firstPosition: 0,
	timed: false,
	closing: false,
	pairable: false,
	agreement: false
} as const satisfies BlockKind;

export const blockKinds: Record<BoardBlockType, BlockKind> = {
	poll: { ...tap, lettered: true },
	stelling: { ...tap, pairable: true },
	positielijn: { ...tap, pairable: true },
	thermometer: { ...tap, firstPosition: 1, pairable: true },
	woordwolk: { ...tap, words: true },
	'vier-hoeken': { ...tap, lettered: true },
	lagerhuis: { ...tap, timed: true },
	casus: { ...tap, lettered: true },
	open: written,
	'stil-debat': written,
	vragenbus: { ...written, wholeLesson: true },
	'exit-ticket': {
		...written,
		teacherOnly: true,
		wall: false,
		responses: 'read',
		questions: true,
		closing: true
	},
	gespreksregels: {
		answer: 'none',
		teacherOnly: false,
		// The suggestions the teacher lets through stand under the rules.
		wall: true,
		wholeLesson: false,
		lettered: false,
		revealable: false,
		responses: 'moderated',
		questions: false,
		words: false,
		firstPosition: 0,
		timed: false,
		closing: false,
		pairable: false,
		agreement: true
	},
	tweegesprek: {
		answer: 'talk',
		teacherOnly: false,
		wall: false,
		wholeLesson: false,
		lettered: false,
		revealable: false,
		responses: null,
		questions: false,
		words: false,
		firstPosition: 0,
		timed: true,
		closing: false,
		pairable: false,
		agreement: false
	}
};

/** The kind of a block type; every type a board block can have is in the table. */
export const kindOf = (type: BoardBlockType): BlockKind => blockKinds[type];

const typesWhere = (test: (kind: BlockKind) => boolean) =>
	(Object.keys(blockKinds) as BoardBlockType[]).filter((type) => test(blockKinds[type]));

/** Blocks answered with one tap (or slide) and counted into results. */
export const tapBlockTypes = typesWhere((kind) => kind.answer === 'tap');
/** Blocks pupils answer in writing, which the teacher reads first. */
export const writtenBlockTypes = typesWhere((kind) => kind.answer === 'written');

export const isWrittenType = (type: string): boolean =>
	(writtenBlockTypes as readonly string[]).includes(type);
export const isTapType = (type: string): boolean => (tapBlockTypes as readonly string[]).includes(type);

/**
 * How a pupil answers this block: as its kind says, except ground rules the author lets the class
 * agree to (`agree`), which take one tap.
 */
export function answerOf(block: {
	type: BoardBlockType;
	settings: { agree: boolean };
}): BlockKind['answer'] {
	const kind = kindOf(block.type);
	return kind.agreement && block.settings.agree ? 'tap' : kind.answer;
}

/**
 * A pupil may write to it: a written block, or ground rules the class agrees to, where what a
 * pupil writes is a suggestion to add. (A reason comes with an answer, not on its own.)
 */
export function takesWords(type: BoardBlockType, agree: boolean): boolean {
	const kind = kindOf(type);
	return kind.answer === 'written' || (kind.agreement && agree);
}

/** Words that wait for the teacher: a pupil's words to a moderated kind, never a read one. */
export const wordsWait = (type: BoardBlockType): boolean => kindOf(type).responses === 'moderated';

/**
 * A block in one line of plain text, for the console's bar and headings and the workbook: its
 * prompt, or the questions it asks (an exit ticket's), cut at a word with '…' beyond `max`.
 */
export function blockHeadline(
	block: { type: BoardBlockType; prompt: string; options: { text: string }[] },
	max = 90
): string {
	const questions = kindOf(block.type).questions && block.options.length > 0;
	const text = questions
		? block.options.map((option) => option.text.trim()).join(' · ')
		: promptText(block.prompt);
	return shortened(text, max);
}
