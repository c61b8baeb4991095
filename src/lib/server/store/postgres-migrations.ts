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
	`,
	`
	-- One row per pupil who joined, instead of adding one to the session's row: thirty pupils
	-- joining at once waited for each other's update of that one row (joins took 0.2 s at p50 in
	-- the region benchmark). A row is inserted without waiting for any other.
	CREATE TABLE pupil_joins (
		session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE
	);
	CREATE INDEX pupil_joins_of_session ON pupil_joins (session_id);
	`,
	`
	-- A batch of answers in one call: what took seven statements, each a round trip and a turn of
	-- PostgreSQL's parser, is one (the region benchmark's largest cost per answer). Returns, per
	-- answer by its place in the batch (from 0), 'changed' with the answer it replaced (or null),
	-- 'unchanged' for the same answer sent again, or why it was refused. Each pupil's answer is
	-- locked first, in one order on every process; the session is read FOR SHARE, so closing its
	-- block waits for the batch; moves and revisions are written last, in one order, so two
	-- batches never wait for each other in a circle.
	CREATE FUNCTION klasgesprek_write_answers(
		answer_lock integer, lock_keys text[], session_ids text[], block_ids text[],
		pupil_keys text[], answer_values text[], ats bigint[], positions integer[]
	) RETURNS TABLE (ord integer, outcome text, previous jsonb) LANGUAGE plpgsql AS $$
	DECLARE
		states jsonb;
		state jsonb;
		new_value jsonb;
		old_value jsonb;
		old_position integer;
		had boolean;
		moved_sessions text[] := '{}';
		moved_blocks text[] := '{}';
		moved_from integer[] := '{}';
		moved_to integer[] := '{}';
		changed_sessions text[] := '{}';
		changed_blocks text[] := '{}';
	BEGIN
		PERFORM pg_advisory_xact_lock(answer_lock, hashtext(key))
			FROM (SELECT key FROM unnest(lock_keys) AS key ORDER BY key OFFSET 0) AS keys;
		SELECT coalesce(jsonb_object_agg(s.id, jsonb_build_array(s.status, s.open_block_id)), '{}')
			INTO states
			FROM (SELECT id, status, open_block_id FROM sessions WHERE id = ANY(session_ids)
				ORDER BY id FOR SHARE) AS s;
		FOR i IN 1 .. coalesce(array_length(session_ids, 1), 0) LOOP
			ord := i - 1;
			previous := NULL;
			state := states -> session_ids[i];
			IF state IS NULL THEN
				outcome := 'session-not-found';
			ELSIF state ->> 0 <> 'live' THEN
				outcome := 'session-ended';
			ELSIF (state ->> 1) IS DISTINCT FROM block_ids[i] THEN
				outcome := 'block-not-open';
			ELSE
				new_value := answer_values[i]::jsonb;
				SELECT a.value, a.position INTO old_value, old_position FROM answers AS a
					WHERE a.session_id = session_ids[i] AND a.block_id = block_ids[i]
					AND a.pupil_key = pupil_keys[i];
				had := FOUND;
				-- jsonb compares by meaning: the same answer resent is recognised however spelled.
				IF had AND old_value = new_value THEN
					outcome := 'unchanged';
				ELSE
					INSERT INTO answers (session_id, block_id, pupil_key, value, updated_at, position)
						VALUES (session_ids[i], block_ids[i], pupil_keys[i], new_value, ats[i], positions[i])
						ON CONFLICT (session_id, block_id, pupil_key) DO UPDATE SET value = excluded.value,
							updated_at = excluded.updated_at, position = excluded.position;
					IF had AND old_position IS NOT NULL AND positions[i] IS NOT NULL
						AND old_position <> positions[i] THEN
						moved_sessions := moved_sessions || session_ids[i];
						moved_blocks := moved_blocks || block_ids[i];
						moved_from := moved_from || old_position;
						moved_to := moved_to || positions[i];
					END IF;
					changed_sessions := changed_sessions || session_ids[i];
					changed_blocks := changed_blocks || block_ids[i];
					outcome := 'changed';
					IF had THEN previous := old_value; END IF;
				END IF;
			END IF;
			RETURN NEXT;
		END LOOP;
		INSERT INTO moves
			SELECT m.s, m.b, m.f, m.t, count(*)::integer
			FROM unnest(moved_sessions, moved_blocks, moved_from, moved_to) AS m (s, b, f, t)
			GROUP BY m.s, m.b, m.f, m.t
			ORDER BY m.s COLLATE "C", m.b COLLATE "C", m.f, m.t
			ON CONFLICT (session_id, block_id, from_option, to_option)
				DO UPDATE SET count = moves.count + excluded.count;
		INSERT INTO block_revisions
			SELECT DISTINCT c.s, c.b, 1 FROM unnest(changed_sessions, changed_blocks) AS c (s, b)
			ORDER BY 1, 2
			ON CONFLICT (session_id, block_id) DO UPDATE SET revision = block_revisions.revision + 1;
	END
	$$;
	`
];
