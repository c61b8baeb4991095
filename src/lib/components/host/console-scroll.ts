// Where the console's page scrolls, and when: only after the teacher's own command, and only
// to what that command brought. A change made on another screen, or by the server, never moves
// the page under the teacher.
import type { ControlSession } from '$lib/live/control-session.svelte';

/**
 * Opens a block and, when none of its card in the step is in view, brings the card up under the
 * console's sticky bar: its answers and its words are where the teacher looks next. A card the
 * teacher can already see part of stays where it is.
 */
export async function openAndShow(live: ControlSession | null, blockId: string) {
	if (!live || !(await live.openBlock(blockId))) return false;
	const card = document.querySelector<HTMLElement>(
		`article.block[data-block="${CSS.escape(blockId)}"]`
	);
	if (!card) return true;
	const barBottom = document.querySelector('header.bar')?.getBoundingClientRect().bottom ?? 0;
	const { top, bottom } = card.getBoundingClientRect();
	if (top >= window.innerHeight || bottom <= barBottom) card.scrollIntoView({ block: 'start' });
	return true;
}

/** Goes to a step, which then shows from its top, as a new page would: its notes, its first card. */
export async function stepAndShow(live: ControlSession | null, step: number) {
	if (!live || !(await live.goToStep(step))) return false;
	window.scrollTo({ top: 0 });
	return true;
}
