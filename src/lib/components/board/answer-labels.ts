// The label of each answer position of a block, as the charts and reasons name it.

import type { BoardBlock } from '$lib/lessons/model';
import * as m from '$lib/paraglide/messages.js';

export function answerLabels(block: BoardBlock): string[] {
	switch (block.type) {
		case 'stelling':
			return [
				m.answer_dont_know(),
				m.scale_strongly_disagree(),
				m.scale_disagree(),
				m.scale_neutral(),
				m.scale_agree(),
				m.scale_strongly_agree()
			];
		case 'thermometer':
			return block.options.length === 5
				? block.options.map((option) => option.text)
				: [m.mood_1(), m.mood_2(), m.mood_3(), m.mood_4(), m.mood_5()];
		case 'lagerhuis':
			return block.options.length === 3
				? block.options.map((option) => option.text)
				: [m.lagerhuis_for(), m.lagerhuis_against(), m.lagerhuis_doubt()];
		default:
			return block.options.map((option) => option.text);
	}
}
