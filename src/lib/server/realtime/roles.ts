// A socket has one role in one session at a time. Taking a new one (a pupil tab that attaches
// as host, a phone that resumes in another session) first gives up the old: its rooms, and for
// a pupil or a board its place in the count of who is present.

import { rooms } from './rooms.ts';
import type { PresenceTracker, RealtimeSocket } from './types.ts';

/** A pupil's or a board's socket that goes changes who is present. */
export function departed(socket: RealtimeSocket, presence: PresenceTracker) {
	const { sessionId, role } = socket.data;
	if ((role === 'pupil' || role === 'board') && sessionId) presence.changed(sessionId);
}

export function leaveRole(socket: RealtimeSocket, presence: PresenceTracker) {
	const { sessionId } = socket.data;
	if (!sessionId) return;
	for (const room of socket.rooms) if (rooms.belongsTo(room, sessionId)) void socket.leave(room);
	departed(socket, presence);
	socket.data = {};
}
