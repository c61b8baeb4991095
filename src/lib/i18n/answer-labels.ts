// How answer positions are named and drawn, the same on the board, the phone and in results.

import { kindOf, type BoardBlockType } from '$lib/lessons/kinds';
import type { BoardBlock } from '$lib/lessons/model';
import * as m from '$lib/paraglide/messages.js';

/** Faces for a thermometer with scale=emoji, from 1 to 5; always shown with a text label too. */
export const moodFaces = ['😣', '🙁', '😐', '🙂', '😄'];

export const moodLabels = () => [m.mood_1(), m.mood_2(), m.mood_3(), m.mood_4(), m.mood_5()];

/** The stelling's five points, from 1 (helemaal oneens) to 5 (helemaal eens). */
export const agreementLabels = () => [
	m.scale_strongly_disagree(),
	m.scale_disagree(),
	m.scale_neutral(),
	m.scale_agree(),
	m.scale_strongly_agree()
];

export const lagerhuisSides = () => [m.lagerhuis_for(), m.lagerhuis_against(), m.lagerhuis_doubt()];

/** The label of each answer position of a block, as charts and reasons name it. */
export function answerLabels(block: BoardBlock): string[] {
	switch (block.type) {
		case 'stelling':
			return [m.answer_dont_know(), ...agreementLabels()];
		case 'thermometer':
			return block.options.length === 5 ? block.options.map((option) => option.text) : moodLabels();
		case 'lagerhuis':
			return block.options.length === 3
				? block.options.map((option) => option.text)
				: lagerhuisSides();
		case 'gespreksregels':
			// Counted as one answer: joining in.
			return [m.answer_agree()];
		default:
			return block.options.map((option) => option.text);
	}
}

/** Blocks whose options carry a letter, the same on the board and the phone: 'A', 'Hoek B'. */
export const lettered = (type: BoardBlockType) => kindOf(type).lettered;

export const optionLetter = (index: number) => 'ABCDEFGHIJ'[index] ?? String(index + 1);
