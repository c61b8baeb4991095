// Room names per session. Hosts and boards share 'control' for what both see. Every name is
// made from the session (and a pupil's pseudonym), never found by scanning a process's rooms:
// in region mode a room's sockets are spread over every process.

export const rooms = {
	host: (sessionId: string) => `session:${sessionId}:host`,
	board: (sessionId: string) => `session:${sessionId}:board`,
	control: (sessionId: string) => [`session:${sessionId}:host`, `session:${sessionId}:board`],
	pupils: (sessionId: string) => `session:${sessionId}:pupils`,
	/** One pupil's own phones (tabs), by pseudonym: for what only the writer may see. */
	pupil: (sessionId: string, pupilKey: string) => `session:${sessionId}:pupil:${pupilKey}`,
	/** The rooms every screen of a session is in, one per role. */
	screens: (sessionId: string) => [
		`session:${sessionId}:host`,
		`session:${sessionId}:board`,
		`session:${sessionId}:pupils`
	],
	belongsTo: (room: string, sessionId: string) => room.startsWith(`session:${sessionId}:`),
	/** The session a room name belongs to, or null for a socket's own room. */
	sessionOf: (room: string) => /^session:([^:]+):/.exec(room)?.[1] ?? null
};
