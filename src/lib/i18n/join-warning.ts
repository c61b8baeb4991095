// Why no phone can join this lesson, said the same on the board and in the console.

import * as m from '$lib/paraglide/messages.js';

/** 'loopback-only': the server listens on this machine only; 'no-network': it has no network address. */
export type JoinUnreachable = 'loopback-only' | 'no-network';

export function joinWarning(reason: JoinUnreachable): string {
	return reason === 'loopback-only' ? m.join_loopback_only() : m.board_unreachable();
}
