// What a pupil's answer to each block type looks like, and whether an answer fits its block.
// Shared by the server (which decides) and the pupil's phone (which builds answers).

import { answerOf, kindOf, tapBlockTypes, type BoardBlockType, type WrittenBlockType } from './kinds.ts';
import type { BoardBlock } from './model.ts';
import { maxReasonLength, maxWordLength } from '../limits.ts';

export { maxReasonLength, maxWordLength };

export type AnswerValue =
	| { kind: 'pass' }
	/** Poll, casus, vier hoeken, lagerhuis: indexes into the block's options (or sides). */
	| { kind: 'choice'; options: number[]; reason?: string }
	/** Stelling 1-5 or 'weet niet' (0); thermometer 1-5. */
	| { kind: 'scale'; value: number; reason?: string }
	/** Positielijn: 0 at the first pole, 100 at the second. */
	| { kind: 'position'; value: number }
	| { kind: 'words'; words: string[] }
	/** Ground rules the class agrees to: this pupil joins in with them. */
	| { kind: 'agree' };

export type AnswerProblem =
	| 'block-not-answerable'
	| 'pass-not-allowed'
	| 'wrong-kind'
	| 'option-out-of-range'
	| 'one-option-only'
	| 'duplicate-option'
	| 'reason-not-allowed'
	| 'reason-too-long'
	| 'scale-out-of-range'
	| 'position-out-of-range'
	| 'too-many-words'
	| 'word-too-long'
	| 'empty-answer';

/** Blocks answered with one tap (or slide) in a live session; written responses come later. */
export const liveAnswerTypes = tapBlockTypes;
/** The ground rules are among them where the class agrees to them (`agree`). */
export type LiveAnswerType = Exclude<BoardBlockType, WrittenBlockType | 'tweegesprek'>;

export function isLiveAnswerBlock(block: BoardBlock): block is BoardBlock & { type: LiveAnswerType } {
	return answerOf(block) === 'tap';
}

/**
 * How many options a choice block offers: its list, or lagerhuis's three sides; ground rules
 * the class agrees to are counted as one: joining in.
 */
export function choiceCount(block: BoardBlock): number {
	if (kindOf(block.type).agreement) return 1;
	return block.type === 'lagerhuis' ? 3 : block.options.length;
}

/**
 * Text as it is stored and shown, without the characters that hide or disguise it: direction
 * controls (a right-to-left override shows 'rekkilf' as 'flikker') and invisible spaces,
 * joiners and hyphens inside words. Joiners between emoji and variation selectors stay.
 */
export function withoutHiddenCharacters(text: string): string {
	return text.replace(
		/\u034F|\u17B4|\u17B5|[\u00AD\u061C\u115F\u1160\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0]/gu,
		''
	);
}

/** Words as the word cloud counts them: trimmed, single spaces, lower case. */
export function normaliseWord(word: string): string {
	return withoutHiddenCharacters(word)
		.trim().replace(/\s+/g, ' ').toLocaleLowerCase('nl');
}

/**
 * The answer in the form it is stored (reasons and words trimmed), or the reason it does not
 * fit this block.
 */
export function checkAnswer(
	block: BoardBlock,
	value: AnswerValue
): { ok: true; value: AnswerValue } | { ok: false; problem: AnswerProblem } {
	const fail = (problem: AnswerProblem) => ({ ok: false as const, problem });
	if (!isLiveAnswerBlock(block)) return fail('block-not-answerable');
	// Not agreeing is not answering: nothing is stored about who does not join in.
	if (kindOf(block.type).agreement) return value.kind === 'agree' ? { ok: true, value } : fail('wrong-kind');
	if (value.kind === 'pass') return block.settings.pass ? { ok: true, value } : fail('pass-not-allowed');

	const reason =
		'reason' in value ? (value.reason && withoutHiddenCharacters(value.reason))?.trim().replace(/\s+/g, ' ') : undefined;
	if (reason) {
		if (!block.settings.reason) return fail('reason-not-allowed');
		if (reason.length > maxReasonLength) return fail('reason-too-long');
	}
	const withReason = <T extends object>(answer: T) => (reason ? { ...answer, reason } : answer);

	switch (block.type) {
		case 'poll':
		case 'casus':
		case 'vier-hoeken':
		case 'lagerhuis': {
			if (value.kind !== 'choice') return fail('wrong-kind');
			const count = choiceCount(block);
			if (value.options.length === 0) return fail('empty-answer');
			if (value.options.some((option) => !Number.isInteger(option) || option < 0 || option >= count)) {
				return fail('option-out-of-range');
			}
			if (new Set(value.options).size !== value.options.length) return fail('duplicate-option');
			const multiple = block.type === 'poll' && block.settings.multiple;
			if (!multiple && value.options.length > 1) return fail('one-option-only');
			const options = [...value.options].sort((a, b) => a - b);
			return { ok: true, value: withReason({ kind: 'choice', options }) as AnswerValue };
		}
		case 'stelling':
		case 'thermometer': {
			if (value.kind !== 'scale') return fail('wrong-kind');
			const lowest = kindOf(block.type).firstPosition;
			if (!Number.isInteger(value.value) || value.value < lowest || value.value > 5) {
				return fail('scale-out-of-range');
			}
			return { ok: true, value: withReason({ kind: 'scale', value: value.value }) as AnswerValue };
		}
		case 'positielijn': {
			if (value.kind !== 'position') return fail('wrong-kind');
			if (!Number.isFinite(value.value) || value.value < 0 || value.value > 100) {
				return fail('position-out-of-range');
			}
			return { ok: true, value: { kind: 'position', value: Math.round(value.value) } };
		}
		case 'woordwolk': {
			if (value.kind !== 'words') return fail('wrong-kind');
			const words = value.words.map((word) => withoutHiddenCharacters(word).trim().replace(/\s+/g, ' ')).filter(Boolean);
			if (words.length === 0) return fail('empty-answer');
			if (words.length > block.settings.words) return fail('too-many-words');
			if (words.some((word) => word.length > maxWordLength)) return fail('word-too-long');
			return { ok: true, value: { kind: 'words', words } };
		}
		case 'gespreksregels':
			return fail('wrong-kind');
	}
}
