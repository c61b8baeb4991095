// The one Klasgesprek instance of a process: configuration, lesson library, store and live
// sessions, shared by the SvelteKit pages and the realtime server. Vite (dev) and server.ts
// (production) load our modules through different module graphs, so the instance lives under
// a global symbol.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readConfig, type Config } from './config.ts';
import { guarded } from './guard.ts';
import { idleSweepMs, retentionSweepMs } from './limits.ts';
import { LiveLessonLibrary } from './library.ts';
import { ResponseFilter, shippedWordLists, type WordList } from './moderation/filter.ts';
import { Moderation } from './moderation/moderation.ts';
import { Publishing } from './publishing.ts';
import { Sessions } from './sessions.ts';
import { SqliteStore } from './store/sqlite.ts';
import type { Store } from './store/store.ts';

export interface Klasgesprek {
	config: Config;
	library: LiveLessonLibrary;
	store: Store;
	sessions: Sessions;
	moderation: Moderation;
	/** The workshop's publishing into LESSONS_DIR, off unless AUTHOR_KEYS_FILE names keys. */
	publishing: Publishing;
	/** Stops the sweeps and the library's watcher, and closes the store. */
	close(): void;
}

const instanceKey = Symbol.for('klasgesprek.instance');
type WithInstance = typeof globalThis & { [instanceKey]?: Klasgesprek };

export interface StartOptions {
	/** Follow LESSONS_DIR while running (production); in dev, Vite's watcher reloads instead. */
	watchLessons?: boolean;
}

export function createKlasgesprek(
	config: Config = readConfig(),
	options: StartOptions = {}
): Klasgesprek {
	// Each broken file is logged as `file:line: message` and left out; the rest is served.
	const library = new LiveLessonLibrary(resolve(config.lessonsDirectory), {
		format: { extraThemes: config.extraThemes },
		locale: config.defaultLanguage
	});
	if (options.watchLessons) library.watch();
	const store = new SqliteStore(
		config.databasePath === ':memory:' ? ':memory:' : resolve(config.databasePath),
		{ sync: config.databaseSync }
	);
	// One filter for written responses and word-cloud words alike.
	const filter = new ResponseFilter(wordLists(config));
	const sessions = new Sessions({
		store,
		filter,
		// Looked up on every use: a live session asks for the version it started with.
		findLesson: (slug: string, version?: string) => library.find(slug, version),
		retentionDays: config.retentionDays,
		idleHours: config.sessionIdleHours
	});
	const instance: Klasgesprek = {
		config,
		library,
		store,
		sessions,
		moderation: new Moderation({ store, sessions, filter }),
		publishing: new Publishing({
			lessonsDirectory: config.lessonsDirectory,
			authorKeysFile: config.authorKeysFile ? resolve(config.authorKeysFile) : '',
			format: { extraThemes: config.extraThemes }
		}),
		close() {
			clearInterval(sweep);
			clearInterval(idleSweep);
			library.close();
			store.close();
		}
	};
	const sweepExpired = guarded('retention sweep', () => instance.sessions.deleteExpired());
	sweepExpired();
	const sweep = setInterval(sweepExpired, retentionSweepMs);
	sweep.unref();
	// Live sessions left open end themselves; their screens hear it through `onEnded`.
	const idleSweep = setInterval(
		guarded('idle sweep', () => instance.sessions.endIdle()),
		idleSweepMs
	);
	idleSweep.unref();
	return instance;
}

/** The shipped word lists, plus the deployment's own when it has one. */
function wordLists(config: Config): WordList[] {
	if (!config.filterWordsFile) return shippedWordLists;
	const extra = JSON.parse(readFileSync(resolve(config.filterWordsFile), 'utf8')) as WordList;
	return [...shippedWordLists, extra];
}

/** The process's instance, created on first use. */
export function useKlasgesprek(): Klasgesprek {
	const global = globalThis as WithInstance;
	global[instanceKey] ??= createKlasgesprek();
	return global[instanceKey];
}

export function provideKlasgesprek(instance: Klasgesprek): void {
	(globalThis as WithInstance)[instanceKey] = instance;
}
