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
	`,
	`
	CREATE TABLE responses (
		id TEXT PRIMARY KEY,
		session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
		block_id TEXT NOT NULL,
		pupil_key TEXT NOT NULL,
		-- The phone's own id for this submission: a resent one is the same response.
		client_id TEXT NOT NULL,
		parent_id TEXT REFERENCES responses (id) ON DELETE CASCADE,
		-- Exit tickets ask several questions: which one this answers.
		question INTEGER,
		text TEXT NOT NULL,
		status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'hidden', 'returned', 'withdrawn')),
		flags TEXT NOT NULL,
		pinned INTEGER NOT NULL DEFAULT 0,
		return_prompt TEXT,
		sequence INTEGER NOT NULL,
		created_at INTEGER NOT NULL,
		UNIQUE (session_id, pupil_key, client_id)
	) STRICT;
	CREATE INDEX responses_by_block ON responses (session_id, block_id, sequence);

	ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT '{"mode":"step","paused":[],"clearedThrough":{}}';

	CREATE TABLE votes (
		response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
		pupil_key TEXT NOT NULL,
		PRIMARY KEY (response_id, pupil_key)
	) STRICT, WITHOUT ROWID;
	`,
	`
	-- The teacher's decisions on word-cloud words, per session and block, on the normalised word:
	-- never linked to the pupils who sent it.
	CREATE TABLE word_decisions (
		session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
		block_id TEXT NOT NULL,
		word TEXT NOT NULL,
		decision TEXT NOT NULL CHECK (decision IN ('allowed', 'removed')),
		PRIMARY KEY (session_id, block_id, word)
	) STRICT, WITHOUT ROWID;
	`,
	`
	-- What a pupil withdrew while it was held or hidden: the teacher keeps seeing it, marked withdrawn.
	ALTER TABLE responses ADD COLUMN withdrawn_from TEXT CHECK (withdrawn_from IN ('pending', 'hidden'));
	`,
	`
	-- The board's own view-only credential (SHA-256 of it); '' for sessions started before it.
	ALTER TABLE sessions ADD COLUMN board_key TEXT NOT NULL DEFAULT '';
	-- When the teacher last changed the session: a live session idle too long ends itself.
	ALTER TABLE sessions ADD COLUMN active_at INTEGER NOT NULL DEFAULT 0;
	UPDATE sessions SET active_at = created_at;
	`,
	`
	-- Region mode (issue 12). A session's version grows with every stored change: a change is
	-- stored only onto the version it was made from. What existed before is at version 1.
	ALTER TABLE sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
	-- The lesson's version (a hash of its file) the session started with; '' if unknown.
	ALTER TABLE sessions ADD COLUMN lesson_version TEXT NOT NULL DEFAULT '';
	-- A four-corners answer's corner, so a move is counted in the answer's own transaction.
	ALTER TABLE answers ADD COLUMN position INTEGER;
	-- Per block, how many changes to its answers, moves and word decisions were committed: results
	-- made from a higher revision are newer.
	CREATE TABLE block_revisions (
		session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
		block_id TEXT NOT NULL,
		revision INTEGER NOT NULL,
		PRIMARY KEY (session_id, block_id)
	) STRICT, WITHOUT ROWID;
	-- The arrival order is unique in a session, and a block pins one response at most: kept by
	-- the database, not by the code that writes. Should an old file hold two pinned, the newest stays.
	UPDATE responses SET pinned = 0 WHERE pinned = 1 AND EXISTS (SELECT 1 FROM responses AS later
		WHERE later.session_id = responses.session_id AND later.block_id = responses.block_id
		AND later.pinned = 1 AND later.sequence > responses.sequence);
	CREATE UNIQUE INDEX responses_sequence ON responses (session_id, sequence);
	CREATE UNIQUE INDEX responses_one_pinned ON responses (session_id, block_id) WHERE pinned = 1;
	`,
	`
	-- Issue 17: the teacher's own space and a class followed through a programme. Nothing here
	-- names a pupil: a teacher is a pseudonymous key, a class a name the teacher typed.
	CREATE TABLE teachers (
		key TEXT PRIMARY KEY,
		display_name TEXT,
		created_at INTEGER NOT NULL
	) STRICT;
	-- A browser signed in as a teacher: the SHA-256 of its cookie's secret.
	CREATE TABLE sign_ins (
		secret_key TEXT PRIMARY KEY,
		teacher_key TEXT NOT NULL REFERENCES teachers (key) ON DELETE CASCADE,
		coordinator INTEGER NOT NULL,
		created_at INTEGER NOT NULL,
		expires_at INTEGER NOT NULL
	) STRICT;
	CREATE INDEX sign_ins_of_teacher ON sign_ins (teacher_key);
	-- The teacher's personal secret link (its SHA-256), one at most.
	CREATE TABLE teacher_links (
		teacher_key TEXT PRIMARY KEY REFERENCES teachers (key) ON DELETE CASCADE,
		link_key TEXT NOT NULL UNIQUE,
		created_at INTEGER NOT NULL
	) STRICT;
	CREATE TABLE classes (
		id TEXT PRIMARY KEY,
		teacher_key TEXT NOT NULL REFERENCES teachers (key) ON DELETE CASCADE,
		name TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		UNIQUE (teacher_key, name)
	) STRICT;
	ALTER TABLE sessions ADD COLUMN teacher_key TEXT REFERENCES teachers (key) ON DELETE SET NULL;
	ALTER TABLE sessions ADD COLUMN class_id TEXT;
	ALTER TABLE sessions ADD COLUMN counts_in_overview INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE sessions ADD COLUMN pupils_joined INTEGER NOT NULL DEFAULT 0;
	CREATE INDEX sessions_of_teacher ON sessions (teacher_key, created_at) WHERE teacher_key IS NOT NULL;
	-- What stays of a session after retention: counts, never texts or pupil keys. No foreign
	-- keys: a run outlives its session, and its class id outlives a deleted class.
	CREATE TABLE runs (
		session_id TEXT PRIMARY KEY,
		teacher_key TEXT,
		class_id TEXT,
		lesson_slug TEXT NOT NULL,
		ran_at INTEGER NOT NULL,
		pupils_joined INTEGER NOT NULL,
		counts_in_overview INTEGER NOT NULL,
		blocks TEXT NOT NULL
	) STRICT;
	CREATE INDEX runs_of_class ON runs (class_id, ran_at) WHERE class_id IS NOT NULL;
	CREATE INDEX runs_counted ON runs (lesson_slug, ran_at) WHERE counts_in_overview = 1;
	`
];
