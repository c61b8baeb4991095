// The name of each block type, through the i18n messages: on the board, the host view, the
// lesson page and the pupil's phone.

import type { BlockType, BoardBlock } from '$lib/lessons/model';
import { shortPromptText } from '$lib/lessons/prompt-text';
import * as m from '$lib/paraglide/messages.js';

const blockLabels: Record<BlockType, () => string> = {
	poll: m.block_poll,
	stelling: m.block_stelling,
	positielijn: m.block_positielijn,
	thermometer: m.block_thermometer,
	woordwolk: m.block_woordwolk,
	'vier-hoeken': m.block_vier_hoeken,
	lagerhuis: m.block_lagerhuis,
	open: m.block_open,
	'stil-debat': m.block_stil_debat,
	vragenbus: m.block_vragenbus,
	casus: m.block_casus,
	'exit-ticket': m.block_exit_ticket,
	gespreksregels: m.block_gespreksregels,
	tweegesprek: m.block_tweegesprek,
	docent: m.note_docent,
	vervolgvragen: m.note_vervolgvragen
};

export const blockLabel = (type: BlockType) => blockLabels[type]();

/**
 * A block as a teacher recognises it in a note or a setting: its kind and the start of its
 * prompt ("stelling ‘Jongeren worden…’"), never its id or markup.
 */
export function blockName(block: BoardBlock, length = 48): string {
	const prompt = shortPromptText(block.prompt, length);
	const label = blockLabel(block.type);
	return prompt ? `${label.toLowerCase()} ‘${prompt}’` : label;
}
