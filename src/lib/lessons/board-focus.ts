// What the board shows of the step on it: one block in focus, or the step itself with its text,
// its ground rules and the vragenbus's shown questions. The board draws by it, and the server
// tells a pupil by it whether their question stands on the board.

import type { SessionView } from '../protocol.ts';

type Staged = Pick<SessionView, 'status' | 'openBlockId' | 'revealed' | 'stage'>;

/** The block of the step in focus: the open block, else the one whose results came out last. */
export function focusedBlock<Block extends { id: string }>(
	stepBlocks: readonly Block[],
	view: Pick<SessionView, 'openBlockId' | 'revealed'>
): Block | undefined {
	const byId = (id: string | null | undefined) => stepBlocks.find((block) => block.id === id);
	return byId(view.openBlockId) ?? byId(view.revealed.findLast((id) => byId(id)));
}

/** The board shows the step itself: live, not blanked or given to the join code, no block in focus. */
export function showsStep(stepBlocks: readonly { id: string }[], view: Staged): boolean {
	const { mode, blank, codeLarge } = view.stage;
	return (
		view.status === 'live' &&
		!blank &&
		!codeLarge &&
		mode === 'step' &&
		focusedBlock(stepBlocks, view) === undefined
	);
}
