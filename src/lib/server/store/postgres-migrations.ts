// Numbered schema migrations of the PostgreSQL store, applied in order at start-up under an
// advisory lock, so that processes starting together migrate once; klasgesprek_schema records
// the last one applied. It holds exactly what the SQLite file holds: no addresses, no user agents.

export const postgresMigrations: string[] = [
	`
	CREATE TABLE sessions (
		id text PRIMARY KEY,
		join_code text NOT NULL,
		-- SHA-256 of the host and board secrets: the secrets themselves are never stored.
		host_key text NOT NULL,
		board_key text NOT NULL,
		token_key text NOT NULL,
		lesson_slug text NOT NULL,
		lesson_version text NOT NULL,
		step integer NOT NULL,
		open_block_id text,
		revealed jsonb NOT NULL,
		locked boolean NOT NULL,
		timer jsonb,
		stage jsonb NOT NULL,
		status text NOT NULL CHECK (status IN ('live', 'ended')),
		created_at bigint NOT NULL,
		ended_at bigint,
		expires_at bigint NOT NULL,
		active_at bigint NOT NULL,
		-- Grows with every stored change: a change is stored only onto the version it was made from.
		version integer NOT NULL
	);
	-- A join code belongs to at most one live session at a time.
	CREATE UNIQUE INDEX sessions_live_join_code ON sessions (join_code) WHERE status = 'live';
	CREATE INDEX sessions_expiry ON sessions (expires_at);
	CREATE INDEX sessions_live ON sessions (created_at) WHERE status = 'live';

	CREATE TABLE answers (
		session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
		block_id text NOT NULL,
		pupil_key text NOT NULL,
		value jsonb NOT NULL,
		updated_at bigint NOT NULL,
		-- A four-corners answer's corner, so a move is counted in the answer's own transaction.
		position integer,
		PRIMARY KEY (session_id, block_id, pupil_key)
	);

	-- Moves between corners, counted without saying who moved.
	CREATE TABLE moves (
		session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
		block_id text NOT NULL,
		from_option integer NOT NULL,
		to_option integer NOT NULL,
		count integer NOT NULL,
		PRIMARY KEY (session_id, block_id, from_option, to_option)
	);

	-- Per block, how many changes to its answers, moves and word decisions were committed: the
	-- row is locked by each change until it commits, so revisions follow the commit order.
	CREATE TABLE block_revisions (
		session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
		block_id text NOT NULL,
		revision bigint NOT NULL,
		PRIMARY KEY (session_id, block_id)
	);

	-- The last arrival number given out in a session: apart from the session row, so that
	-- responses arriving do not wait for the teacher's changes, nor answers for responses.
	CREATE TABLE session_sequences (
		session_id text PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
		last integer NOT NULL
	);

	CREATE TABLE responses (
		id text PRIMARY KEY,
		session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
		block_id text NOT NULL,
		pupil_key text NOT NULL,
		-- The phone's own id for this submission: a resent one is the same response.
		client_id text NOT NULL,
		parent_id text REFERENCES responses (id) ON DELETE CASCADE,
		question integer,
		text text NOT NULL,
		status text NOT NULL CHECK (status IN ('pending', 'approved', 'hidden', 'returned', 'withdrawn')),
		flags jsonb NOT NULL,
		pinned boolean NOT NULL DEFAULT false,
		return_prompt text,
		withdrawn_from text CHECK (withdrawn_from IN ('pending', 'hidden')),
		sequence integer NOT NULL,
		created_at bigint NOT NULL,
		UNIQUE (session_id, pupil_key, client_id),
		UNIQUE (session_id, sequence)
	);
	CREATE INDEX responses_by_block ON responses (session_id, block_id, sequence);
	CREATE INDEX responses_by_parent ON responses (parent_id) WHERE parent_id IS NOT NULL;
	-- A block pins one response at most.
	CREATE UNIQUE INDEX responses_one_pinned ON responses (session_id, block_id) WHERE pinned;

	CREATE TABLE votes (
		response_id text NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
		pupil_key text NOT NULL,
		PRIMARY KEY (response_id, pupil_key)
	);

	-- The teacher's decisions on word-cloud words, on the normalised word: never linked to the
	-- pupils who sent it.
	CREATE TABLE word_decisions (
		session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
		block_id text NOT NULL,
		word text NOT NULL,
		decision text NOT NULL CHECK (decision IN ('allowed', 'removed')),
		PRIMARY KEY (session_id, block_id, word)
	);
	`,
	`
	-- Issue 17: the teacher's own space and a class followed through a programme. Nothing here
	-- names a pupil: a teacher is a pseudonymous key, a class a name the teacher typed.
	CREATE TABLE teachers (
		key text PRIMARY KEY,
		display_name text,
		created_at bigint NOT NULL
	);
	-- A browser signed in as a teacher: the SHA-256 of its cookie's secret.
	CREATE TABLE sign_ins (
		secret_key text PRIMARY KEY,
		teacher_key text NOT NULL REFERENCES teachers (key) ON DELETE CASCADE,
		coordinator boolean NOT NULL,
		created_at bigint NOT NULL,
		expires_at bigint NOT NULL
	);
	CREATE INDEX sign_ins_of_teacher ON sign_ins (teacher_key);
	-- The teacher's personal secret link (its SHA-256), one at most.
	CREATE TABLE teacher_links (
		teacher_key text PRIMARY KEY REFERENCES teachers (key) ON DELETE CASCADE,
		link_key text NOT NULL UNIQUE,
		created_at bigint NOT NULL
	);
	CREATE TABLE classes (
		id text PRIMARY KEY,
		teacher_key text NOT NULL REFERENCES teachers (key) ON DELETE CASCADE,
		name text NOT NULL,
		created_at bigint NOT NULL,
		UNIQUE (teacher_key, name)
	);
	ALTER TABLE sessions ADD COLUMN teacher_key text REFERENCES teachers (key) ON DELETE SET NULL;
	ALTER TABLE sessions ADD COLUMN class_id text;
	ALTER TABLE sessions ADD COLUMN counts_in_overview boolean NOT NULL DEFAULT false;
	ALTER TABLE sessions ADD COLUMN pupils_joined integer NOT NULL DEFAULT 0;
	CREATE INDEX sessions_of_teacher ON sessions (teacher_key, created_at) WHERE teacher_key IS NOT NULL;
	-- What stays of a session after retention: counts, never texts or pupil keys. No foreign
	-- keys: a run outlives its session, and its class id outlives a deleted class.
	CREATE TABLE runs (
		session_id text PRIMARY KEY,
		teacher_key text,
		class_id text,
		lesson_slug text NOT NULL,
		ran_at bigint NOT NULL,
		pupils_joined integer NOT NULL,
		counts_in_overview boolean NOT NULL,
		blocks jsonb NOT NULL
	);
	CREATE INDEX runs_of_class ON runs (class_id, ran_at) WHERE class_id IS NOT NULL;
	CREATE INDEX runs_counted ON runs (lesson_slug, ran_at) WHERE counts_in_overview;
	`
];
