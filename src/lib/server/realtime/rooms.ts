// Room names per session. Hosts and boards share 'control' for what both see.

export const rooms = {
	host: (sessionId: string) => `session:${sessionId}:host`,
	board: (sessionId: string) => `session:${sessionId}:board`,
	control: (sessionId: string) => [`session:${sessionId}:host`, `session:${sessionId}:board`],
	pupils: (sessionId: string) => `session:${sessionId}:pupils`,
	/** One pupil's own phones (tabs), by pseudonym: for what only the writer may see. */
	pupil: (sessionId: string, pupilKey: string) => `session:${sessionId}:pupil:${pupilKey}`,
	belongsTo: (room: string, sessionId: string) => room.startsWith(`session:${sessionId}:`)
};
