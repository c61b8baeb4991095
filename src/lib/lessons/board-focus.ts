// What the board shows of the step on it: one block in focus, or the step itself with its text,
// its ground rules and the vragenbus's shown questions. The board draws by it, and the server
// tells a pupil by it whether their question stands on the board.

/** What decides the focus: a session view on a screen, or the session as the server stores it. */
interface Focus {
	openBlockId: string | null;
	revealed: readonly string[];
}

/** What decides whether the board shows the step itself. */
interface Staged extends Focus {
	status: 'live' | 'ended';
	stage: { mode: 'step' | 'rules' | 'discussion'; blank: boolean; codeLarge: boolean };
}

/** The block of the step in focus: the open block, else the one whose results came out last. */
export function focusedBlock<Block extends { id: string }>(
	stepBlocks: readonly Block[],
	view: Focus
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
