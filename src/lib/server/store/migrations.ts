// Numbered schema migrations, applied in order; PRAGMA user_version records the last one.

export const migrations: string[] = [
	`
	CREATE TABLE sessions (
		id TEXT PRIMARY KEY,
		join_code TEXT NOT NULL,
		host_key TEXT NOT NULL,
		token_key TEXT NOT NULL,
		lesson_slug TEXT NOT NULL,
		step INTEGER NOT NULL,
		open_block_id TEXT,
		revealed TEXT NOT NULL,
		locked INTEGER NOT NULL,
		timer TEXT,
		status TEXT NOT NULL CHECK (status IN ('live', 'ended')),
		created_at INTEGER NOT NULL,
		ended_at INTEGER,
		expires_at INTEGER NOT NULL
	) STRICT;
	-- A join code belongs to at most one live session at a time.
	CREATE UNIQUE INDEX sessions_live_join_code ON sessions (join_code) WHERE status = 'live';
	CREATE INDEX sessions_expiry ON sessions (expires_at);

	CREATE TABLE answers (
		session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
		block_id TEXT NOT NULL,
		pupil_key TEXT NOT NULL,
		value TEXT NOT NULL,
		updated_at INTEGER NOT NULL,
		PRIMARY KEY (session_id, block_id, pupil_key)
	) STRICT, WITHOUT ROWID;

	CREATE TABLE moves (
		session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
		block_id TEXT NOT NULL,
		from_option INTEGER NOT NULL,
		to_option INTEGER NOT NULL,
		count INTEGER NOT NULL,
		PRIMARY KEY (session_id, block_id, from_option, to_option)
	) STRICT, WITHOUT ROWID;
	`
];
