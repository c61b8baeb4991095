// Results reach a host or board from whichever process stored the latest answers, and two
// processes' messages can cross on the way: a screen keeps, per block, the results made from the
// highest revision it has seen, so its counts never go backwards. Equal revisions are the same
// answers (a reveal changes what is shown, not the revision): the later message wins.

import type { LiveResults, SessionView } from '$lib/protocol';

/** Whether `incoming` may replace what the screen shows for its block. */
export function isCurrent(shown: Record<string, LiveResults>, incoming: LiveResults): boolean {
	const current = shown[incoming.blockId];
	return current === undefined || incoming.revision >= current.revision;
}

/**
 * A snapshot after (re)attaching, kept with any newer results that arrived while it was read:
 * the snapshot says which blocks have results, a newer update for one of them stays.
 */
export function withSnapshot(
	shown: Record<string, LiveResults>,
	snapshot: Record<string, LiveResults>
): Record<string, LiveResults> {
	const merged: Record<string, LiveResults> = {};
	for (const [blockId, results] of Object.entries(snapshot)) {
		const current = shown[blockId];
		merged[blockId] = current && current.revision > results.revision ? current : results;
	}
	return merged;
}

/**
 * Whether a view of the session may replace the one shown: the same holds for the session's own
 * state, announced by whichever process stored the change. An ended session's view always wins,
 * and so does the first view, or one of another session.
 */
export function isNewerView(shown: SessionView | null, incoming: SessionView): boolean {
	return (
		shown === null ||
		shown.id !== incoming.id ||
		incoming.status === 'ended' ||
		incoming.version >= shown.version
	);
}
