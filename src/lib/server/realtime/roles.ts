// A socket has one role in one session at a time. Taking a new one (a pupil tab that attaches
// as host, a phone that resumes in another session) first gives up the old: its rooms, and for
// a pupil its place in the count of present pupils.

import { rooms } from './rooms.ts';
import type { PresenceTracker, RealtimeSocket } from './types.ts';

export function leaveRole(socket: RealtimeSocket, presence: PresenceTracker) {
	const { sessionId, role } = socket.data;
	if (!sessionId) return;
	for (const room of socket.rooms) if (rooms.belongsTo(room, sessionId)) void socket.leave(room);
	if (role === 'pupil') presence.changed(sessionId);
	socket.data = {};
}
