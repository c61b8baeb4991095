// Turning stored answers into what the board and the teacher see: counts, never who.
// A distribution is withheld until the teacher reveals it (where the block asks) and until
// enough pupils answered, so a small group's answers cannot be read back to one pupil.

import { choiceCount, normaliseWord, type AnswerValue } from './answers.ts';
import type { BoardBlock } from './model.ts';
import type { TheatrePhase } from './vocabulary.ts';

export interface Move {
	from: number;
	to: number;
	count: number;
}

export type Distribution =
	| { kind: 'choice'; counts: number[]; moves: Move[] }
	/** counts[0] is 'weet niet' (stelling only), counts[1..5] the scale. */
	| { kind: 'scale'; counts: number[]; average: number | null }
	/** Ten buckets of ten points from the first pole to the second. */
	| { kind: 'position'; buckets: number[]; median: number | null }
	| {
			kind: 'words';
			/** The words on the board, most sent first. */
			words: { word: string; count: number }[];
			/** How many other words wait for the teacher: a number for the board, never the words. */
			waiting: number;
	  };

export interface Reason {
	/** The option or scale value the reason was given with. */
	position: number;
	text: string;
}

/**
 * What the filter found in a word of a word cloud and what the teacher decided on it.
 * 'allowed' is the teacher letting a word through (one by one or with the whole cloud).
 */
export interface WordScreen {
	flags: { kind: string; match: string }[];
	decision: 'allowed' | 'removed' | null;
}

/**
 * Where a word stands. A teacher-first cloud's words wait until the teacher lets them through;
 * a live (`direct`) cloud's go on the board at once. A word the filter holds waits for the
 * teacher's own 'Toon' in either, and a word the teacher took off stays off until undone.
 */
export type WordState = 'shown' | 'waiting' | 'held' | 'removed';

export function wordState({ flags, decision }: WordScreen, direct: boolean): WordState {
	if (decision === 'removed') return 'removed';
	if (decision === 'allowed') return 'shown';
	if (flags.length > 0) return 'held';
	return direct ? 'shown' : 'waiting';
}

export const isShownWord = (screen: WordScreen, direct: boolean) =>
	wordState(screen, direct) === 'shown';

/** A word of the cloud as the teacher sees it: how often it was sent and where it stands. */
export interface WordReview extends WordScreen {
	word: string;
	count: number;
	state: WordState;
}

export interface BlockTally {
	blockId: string;
	/** Pupils who answered, passes not included. */
	answered: number;
	passes: number;
	distribution: Distribution;
	/** Reasons pupils added, for the teacher only; in order of arrival. */
	reasons: Reason[];
	/** Word clouds: every word sent and where it stands, for the teacher only. */
	wordReview?: WordReview[];
}

export interface BlockResults {
	blockId: string;
	answered: number;
	passes: number;
	distribution: Distribution | null;
	withheld: 'not-revealed' | 'too-few' | null;
	/** Present only in what the teacher receives. */
	reasons?: Reason[];
	/** Word clouds, teacher only: every word sent, with its count and where it stands. */
	words?: WordReview[];
	/** The same view of the block this one compares with (before/after). */
	before?: BlockResults;
	/**
	 * Where `before` comes from when it is not this session's: the class's earlier lesson of the
	 * programme, as kept when that session ended. Absent for a comparison within the lesson.
	 */
	beforeFrom?: EarlierRun;
}

/** The class's earlier session a result was kept of: which lesson, where in the programme, when. */
export interface EarlierRun {
	lessonSlug: string;
	lessonTitle: string;
	/** Its phase in a performance ('voorbereiding': before the performance), or null. */
	phase: TheatrePhase | null;
	/** Its part in a series, or null. */
	part: number | null;
	/** When it ran (ms). */
	ranAt: number;
}

/** The counts a block's result keeps per option (see `countsOf`), as kept past retention. */
export interface KeptCounts {
	counts: number[];
	answered?: number;
	passes?: number;
}

/**
 * What stays of a tally past retention: counts per option (a scale's positions, a line's ten
 * stretches), never a reason or a word. Null for a block whose result is words.
 */
export function countsOf(tally: BlockTally): KeptCounts | null {
	const { distribution, answered, passes } = tally;
	if (distribution.kind === 'choice' || distribution.kind === 'scale')
		return { counts: distribution.counts, answered, passes };
	if (distribution.kind === 'position') return { counts: distribution.buckets, answered, passes };
	return null;
}

/**
 * A tally made again from kept counts, for `block` as the library has it now; null when the
 * counts no longer fit it (its options changed since): then nothing is shown, nothing guessed.
 */
export function tallyFromCounts(block: BoardBlock, kept: KeptCounts): BlockTally | null {
	const { counts } = kept;
	if (counts.some((count) => !Number.isInteger(count) || count < 0)) return null;
	const total = counts.reduce((sum, count) => sum + count, 0);
	let distribution: Distribution;
	switch (block.type) {
		case 'stelling':
		case 'thermometer': {
			if (counts.length !== 6) return null;
			const scored = total - counts[0];
			const sum = counts.reduce((acc, count, value) => acc + count * value, 0);
			distribution = {
				kind: 'scale',
				counts: [...counts],
				average: scored > 0 ? Math.round((sum / scored) * 10) / 10 : null
			};
			break;
		}
		case 'positielijn':
			if (counts.length !== 10) return null;
			distribution = { kind: 'position', buckets: [...counts], median: null };
			break;
		case 'woordwolk':
			return null;
		default:
			if (counts.length !== choiceCount(block)) return null;
			distribution = { kind: 'choice', counts: [...counts], moves: [] };
	}
	return {
		blockId: block.id,
		// A one-choice block's counts add up to its answers; a run kept without them says so.
		answered: kept.answered ?? total,
		passes: kept.passes ?? 0,
		distribution,
		reasons: []
	};
}

export const wordCloudSize = 40;

function median(sorted: number[]): number | null {
	if (sorted.length === 0) return null;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function tallyAnswers(
	block: BoardBlock,
	answers: AnswerValue[],
	moves: Move[] = [],
	screenWord?: (word: string) => WordScreen
): BlockTally {
	const given = answers.filter((answer) => answer.kind !== 'pass');
	const passes = answers.length - given.length;
	const reasons: Reason[] = [];
	let distribution: Distribution;
	let wordReview: WordReview[] | undefined;

	switch (block.type) {
		case 'stelling':
		case 'thermometer': {
			const counts = [0, 0, 0, 0, 0, 0];
			let sum = 0;
			let scored = 0;
			for (const answer of given) {
				if (answer.kind !== 'scale') continue;
				counts[answer.value] += 1;
				if (answer.value > 0) {
					sum += answer.value;
					scored += 1;
				}
				if (answer.reason) reasons.push({ position: answer.value, text: answer.reason });
			}
			distribution = { kind: 'scale', counts, average: scored > 0 ? Math.round((sum / scored) * 10) / 10 : null };
			break;
		}
		case 'positielijn': {
			const buckets = new Array<number>(10).fill(0);
			const values: number[] = [];
			for (const answer of given) {
				if (answer.kind !== 'position') continue;
				buckets[Math.min(9, Math.floor(answer.value / 10))] += 1;
				values.push(answer.value);
			}
			distribution = { kind: 'position', buckets, median: median(values.sort((a, b) => a - b)) };
			break;
		}
		case 'woordwolk': {
			const counts = new Map<string, number>();
			for (const answer of given) {
				if (answer.kind !== 'words') continue;
				// A pupil who types the same word twice still counts once for it.
				for (const word of new Set(answer.words.map(normaliseWord))) counts.set(word, (counts.get(word) ?? 0) + 1);
			}
			const all = [...counts.entries()]
				.map(([word, count]) => ({ word, count }))
				.sort((a, b) => b.count - a.count || a.word.localeCompare(b.word, 'nl'));
			const screened = all.map((entry): WordReview => {
				const screen = screenWord?.(entry.word) ?? { flags: [], decision: null };
				return { ...entry, ...screen, state: wordState(screen, block.settings.direct) };
			});
			// Words not on the board are left out before the cloud is cut to size, so they take no place in it.
			const words = screened
				.filter((entry) => entry.state === 'shown')
				.slice(0, wordCloudSize)
				.map(({ word, count }) => ({ word, count }));
			const waiting = screened.filter(
				(entry) => entry.state === 'waiting' || entry.state === 'held'
			).length;
			distribution = { kind: 'words', words, waiting };
			wordReview = screened;
			break;
		}
		case 'gespreksregels':
			// Who joins in with the rules, counted; nothing is stored of who does not.
			distribution = {
				kind: 'choice',
				counts: [given.filter((answer) => answer.kind === 'agree').length],
				moves
			};
			break;
		default: {
			const counts = new Array<number>(choiceCount(block)).fill(0);
			for (const answer of given) {
				if (answer.kind !== 'choice') continue;
				for (const option of answer.options) counts[option] += 1;
				if (answer.reason) reasons.push({ position: answer.options[0], text: answer.reason });
			}
			distribution = { kind: 'choice', counts, moves };
		}
	}
	return {
		blockId: block.id,
		answered: given.length,
		passes,
		distribution,
		reasons,
		...(wordReview ? { wordReview } : {})
	};
}

/** What one audience may see of a tally. The teacher gets reasons; nobody gets a small group's spread. */
export function presentResults(
	block: BoardBlock,
	tally: BlockTally,
	options: { revealed: boolean; forTeacher: boolean }
): BlockResults {
	const tooFew = tally.answered < block.settings.minAnswers;
	const hiddenFromBoard = block.settings.reveal === 'manual' && !options.revealed && !options.forTeacher;
	const withheld = tooFew ? 'too-few' : hiddenFromBoard ? 'not-revealed' : null;
	return {
		blockId: tally.blockId,
		answered: tally.answered,
		passes: tally.passes,
		distribution: withheld ? null : tally.distribution,
		withheld,
		...(options.forTeacher && !tooFew ? { reasons: tally.reasons } : {}),
		...(options.forTeacher && !tooFew && tally.wordReview ? { words: tally.wordReview } : {})
	};
}

/** One bar of a chart: which answer label it is (as `answerLabels` lists them) and its count. */
export interface ResultRow {
	label: number;
	count: number;
	/** 'weet niet': shown after the scale, not part of it. */
	extra: boolean;
}

/**
 * The bars of a choice or scale chart in the order the class reads them: the scale from 1 to 5
 * (helemaal oneens … helemaal eens), then 'weet niet'; options in the order of the lesson.
 */
export function resultRows(block: BoardBlock, distribution: Distribution): ResultRow[] {
	if (distribution.kind === 'choice') {
		return distribution.counts.map((count, label) => ({ label, count, extra: false }));
	}
	if (distribution.kind !== 'scale') return [];
	const scale = distribution.counts.slice(1, 6);
	if (block.type === 'stelling') {
		// answerLabels puts 'weet niet' at 0 and the scale at 1..5, as the answers store them.
		return [
			...scale.map((count, index) => ({ label: index + 1, count, extra: false })),
			{ label: 0, count: distribution.counts[0], extra: true }
		];
	}
	return scale.map((count, index) => ({ label: index, count, extra: false }));
}

/** A count's share of a total as a whole percentage; 0 of nothing is 0. */
export function share(count: number, total: number): number {
	return total === 0 ? 0 : Math.round((count / total) * 100);
}
