// A socket has one role in one session at a time. Taking a new one (a pupil tab that attaches
// as host, a phone that resumes in another session) first gives up the old: its rooms, and for
// a pupil its place in the count of present pupils.

import type { Broadcaster } from './broadcaster.ts';
import type { RealtimeSocket } from './index.ts';
import { rooms } from './rooms.ts';

export function leaveRole(socket: RealtimeSocket, broadcaster: Broadcaster) {
	const { sessionId, role, pupilKey } = socket.data;
	if (!sessionId) return;
	for (const room of socket.rooms) if (rooms.belongsTo(room, sessionId)) void socket.leave(room);
	if (role === 'pupil' && pupilKey) broadcaster.pupilLeft(sessionId, pupilKey);
	socket.data = {};
}
