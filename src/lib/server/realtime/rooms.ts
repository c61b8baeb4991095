// Room names per session. Hosts and boards share 'control' for what both see. Every name is
// made from the session (and a pupil's pseudonym), never found by scanning a process's rooms:
// in region mode a room's sockets are spread over every process. (Only a process re-sending
// its own screens, after its adapter listened again, reads the sessions of its local rooms.)

/** The session a room name belongs to, or null for a socket's own room. */
const sessionOf = (room: string) => /^session:([^:]+):/.exec(room)?.[1] ?? null;

const host = (sessionId: string) => `session:${sessionId}:host`;
const board = (sessionId: string) => `session:${sessionId}:board`;
const pupils = (sessionId: string) => `session:${sessionId}:pupils`;

export const rooms = {
	host,
	board,
	control: (sessionId: string) => [host(sessionId), board(sessionId)],
	pupils,
	/** One pupil's own phones (tabs), by pseudonym: for what only the writer may see. */
	pupil: (sessionId: string, pupilKey: string) => `session:${sessionId}:pupil:${pupilKey}`,
	/** The rooms every screen of a session is in, one per role. */
	screens: (sessionId: string) => [host(sessionId), board(sessionId), pupils(sessionId)],
	belongsTo: (room: string, sessionId: string) => sessionOf(room) === sessionId,
	sessionOf
};
