// The counts of one single-choice poll, and how to tell whether what a board or the store shows
// is exactly a given state.

export interface PollState {
	counts: number[];
	passes: number;
}

/** The part of a `results:update` (or a snapshot's results) the harness reads. */
export interface ResultsLike {
	answered: number;
	passes: number;
	distribution: { kind: string; counts?: number[] } | null;
}

/** The state when each pupil's current answer is an option index, or -1 for a pass. */
export function stateOf(answers: Map<number, number>, options: number): PollState {
	const state: PollState = { counts: new Array<number>(options).fill(0), passes: 0 };
	for (const option of answers.values()) {
		if (option === -1) state.passes += 1;
		else state.counts[option] += 1;
	}
	return state;
}

const sum = (counts: number[]) => counts.reduce((total, count) => total + count, 0);

/**
 * Whether `results` shows `state`. Below the block's minimum the server withholds the
 * distribution (so a small group cannot be read back), and only the totals can be compared.
 */
export function sameState(results: ResultsLike, state: PollState, minAnswers: number): boolean {
	if (results.passes !== state.passes || results.answered !== sum(state.counts)) return false;
	const counts = results.distribution?.counts;
	if (!counts) return sum(state.counts) < minAnswers;
	return counts.length === state.counts.length && counts.every((n, i) => n === state.counts[i]);
}

/** Answers counted too few and too many, per option and passes, against what was acknowledged. */
export function discrepancy(
	results: ResultsLike | null,
	expected: PollState
): { lost: number; double: number } {
	const actual = results?.distribution?.counts;
	const expectedTotal = sum(expected.counts) + expected.passes;
	if (!results) return { lost: expectedTotal, double: 0 };
	const pairs: [number, number][] = [[results.passes, expected.passes]];
	if (actual) expected.counts.forEach((count, index) => pairs.push([actual[index] ?? 0, count]));
	else pairs.push([results.answered, sum(expected.counts)]);
	let lost = 0;
	let double = 0;
	for (const [shown, wanted] of pairs) {
		if (shown < wanted) lost += wanted - shown;
		else double += shown - wanted;
	}
	return { lost, double };
}
