// The one Klasgesprek instance of a process: configuration, lesson library, store and live
// sessions, shared by the SvelteKit pages and the realtime server. Vite (dev) and server.ts
// (production) load our modules through different module graphs, so the instance lives under
// a global symbol. Opening the store is asynchronous (PostgreSQL in region mode): the instance
// exists only once its store is open, and `startKlasgesprek` opens it once per process.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readConfig, type Config } from './config.ts';
import { CoordinatorKeys } from './coordinator-access.ts';
import type { DomainEvents } from './events.ts';
import { logFailure } from './guard.ts';
import { idleSweepMs, retentionSweepMs } from './limits.ts';
import { LiveLessonLibrary } from './library.ts';
import { ResponseFilter, shippedWordLists, type WordList } from './moderation/filter.ts';
import { Moderation } from './moderation/moderation.ts';
import { Publishing } from './publishing.ts';
import { SchoolSignIn } from './school-sign-in.ts';
import { Sessions } from './sessions.ts';
import { Classes } from './classes.ts';
import { TeacherSpaces } from './teacher-space.ts';
import { openStore } from './store/open-store.ts';
import type { SessionRecord, Store } from './store/store.ts';

export interface Klasgesprek {
	config: Config;
	library: LiveLessonLibrary;
	store: Store;
	sessions: Sessions;
	/** A signed-in teacher's classes, and what each did. */
	classes: Classes;
	moderation: Moderation;
	/** The workshop's publishing into LESSONS_DIR, off unless AUTHOR_KEYS_FILE names keys. */
	publishing: Publishing;
	/** Coordinator keys that open the municipality's overview (COORDINATOR_KEYS_FILE). */
	coordinatorKeys: CoordinatorKeys;
	/** Teachers' own spaces: secret links, their lessons, claiming a session. */
	teacherSpaces: TeacherSpaces;
	/** Signing in with the school's account, or null when the deployment has no OIDC_ settings. */
	schoolSignIn: SchoolSignIn | null;
	/**
	 * Hears every domain event from now on (the realtime server's outbound module); returns the
	 * way to stop. A listener that throws is logged: the change was stored, the others still hear.
	 */
	subscribe(listener: DomainEvents): () => void;
	/** Stops the sweeps and the library's watcher, and closes the store. */
	close(): Promise<void>;
}

const instanceKey = Symbol.for('klasgesprek.instance');
const startingKey = Symbol.for('klasgesprek.starting');
type WithInstance = typeof globalThis & {
	[instanceKey]?: Klasgesprek;
	[startingKey]?: Promise<Klasgesprek>;
};

/** Domain events to every listener subscribed at the time, each on its own. */
class EventFanOut implements DomainEvents {
	private readonly listeners = new Set<DomainEvents>();

	add(listener: DomainEvents): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private each(event: keyof DomainEvents, tell: (listener: DomainEvents) => void) {
		for (const listener of this.listeners) {
			try {
				tell(listener);
			} catch (error) {
				logFailure(`${event} listener failed, carrying on`, error);
			}
		}
	}

	sessionChanged(session: SessionRecord) {
		this.each('sessionChanged', (listener) => listener.sessionChanged(session));
	}

	resultsChanged(sessionId: string, blockId: string, options?: { immediate?: boolean }) {
		this.each('resultsChanged', (listener) => listener.resultsChanged(sessionId, blockId, options));
	}

	responsesChanged(
		session: SessionRecord,
		blockId: string,
		writers: string[],
		options?: { wall?: boolean }
	) {
		this.each('responsesChanged', (listener) =>
			listener.responsesChanged(session, blockId, writers, options)
		);
	}

	sessionDeleted(session: SessionRecord) {
		this.each('sessionDeleted', (listener) => listener.sessionDeleted(session));
	}
}

export interface StartOptions {
	/** Follow LESSONS_DIR while running (production); in dev, Vite's watcher reloads instead. */
	watchLessons?: boolean;
}

/** A new instance with its store open; it sweeps expired and idle sessions until closed. */
export async function createKlasgesprek(
	config: Config = readConfig(),
	options: StartOptions = {}
): Promise<Klasgesprek> {
	// Each broken file is logged as `file:line: message` and left out; the rest is served.
	const library = new LiveLessonLibrary(resolve(config.lessonsDirectory), {
		format: { extraThemes: config.extraThemes },
		locale: config.defaultLanguage
	});
	// Read before the store opens: a broken word list is a configuration error, said at once.
	// One filter for written responses and word-cloud words alike.
	const filter = new ResponseFilter(wordLists(config));
	const store = await openStore(config);
	const events = new EventFanOut();
	const sessions = new Sessions({
		store,
		filter,
		events,
		// Looked up on every use: a live session asks for the version it started with.
		findLesson: (slug: string, version?: string) => library.find(slug, version),
		lessonVersion: (slug: string) => library.find(slug)?.version ?? '',
		retentionDays: config.retentionDays,
		idleHours: config.sessionIdleHours
	});
	const instance: Klasgesprek = {
		config,
		library,
		store,
		sessions,
		classes: new Classes(store),
		moderation: new Moderation({ store, sessions, filter, events }),
		publishing: new Publishing({
			lessonsDirectory: config.lessonsDirectory,
			authorKeysFile: config.authorKeysFile ? resolve(config.authorKeysFile) : '',
			format: { extraThemes: config.extraThemes }
		}),
		coordinatorKeys: new CoordinatorKeys({
			file: config.coordinatorKeysFile ? resolve(config.coordinatorKeysFile) : ''
		}),
		teacherSpaces: new TeacherSpaces({ store, sessions }),
		schoolSignIn: config.schoolSignIn && new SchoolSignIn(config.schoolSignIn),
		subscribe: (listener) => events.add(listener),
		async close() {
			clearInterval(sweep);
			clearInterval(idleSweep);
			library.close();
			await sessions.writePendingAnswers();
			await store.close();
		}
	};
	// A sweep that fails (the database away for a moment) is logged and tried again next time.
	const sweepExpired = () =>
		instance.sessions
			.deleteExpired()
			.catch((error: unknown) => logFailure('retention sweep failed, carrying on', error));
	void sweepExpired();
	const sweep = setInterval(sweepExpired, retentionSweepMs);
	sweep.unref();
	// Live sessions left open end themselves; their screens hear it as a `sessionChanged`.
	const idleSweep = setInterval(
		() =>
			instance.sessions
				.endIdle()
				.catch((error: unknown) => logFailure('idle sweep failed, carrying on', error)),
		idleSweepMs
	);
	idleSweep.unref();
	if (options.watchLessons) library.watch();
	return instance;
}

/** The shipped word lists, plus the deployment's own when it has one. */
function wordLists(config: Config): WordList[] {
	if (!config.filterWordsFile) return shippedWordLists;
	const extra = JSON.parse(readFileSync(resolve(config.filterWordsFile), 'utf8')) as WordList;
	return [...shippedWordLists, extra];
}

/**
 * The process's instance, created on the first call and shared by every later one (the dev
 * server's plugin and SvelteKit's `init` hook both ask; only one store is opened).
 */
export function startKlasgesprek(): Promise<Klasgesprek> {
	const global = globalThis as WithInstance;
	const existing = global[instanceKey];
	if (existing) return Promise.resolve(existing);
	global[startingKey] ??= createKlasgesprek().then(
		(instance) => (global[instanceKey] ??= instance),
		(error: unknown) => {
			// A start that failed (database unreachable) may be tried again.
			delete global[startingKey];
			throw error;
		}
	);
	return global[startingKey];
}

/** The process's instance; its store is open. Only after `startKlasgesprek` or `provideKlasgesprek`. */
export function useKlasgesprek(): Klasgesprek {
	const instance = (globalThis as WithInstance)[instanceKey];
	if (!instance) throw new Error('Klasgesprek is not started yet: await startKlasgesprek() first');
	return instance;
}

export function provideKlasgesprek(instance: Klasgesprek): void {
	(globalThis as WithInstance)[instanceKey] = instance;
}
