// The one Klasgesprek instance of a process: configuration, lesson library, store and live
// sessions, shared by the SvelteKit pages and the realtime server. Vite (dev) and server.ts
// (production) load our modules through different module graphs, so the instance lives under
// a global symbol.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readConfig, type Config } from './config.ts';
import { guarded } from './guard.ts';
import { idleSweepMs, retentionSweepMs } from './limits.ts';
import { loadLessonLibrary, type LessonLibrary } from './library.ts';
import { ResponseFilter, shippedWordLists, type WordList } from './moderation/filter.ts';
import { Moderation } from './moderation/moderation.ts';
import { Sessions } from './sessions.ts';
import { SqliteStore } from './store/sqlite.ts';
import type { Store } from './store/store.ts';

export interface Klasgesprek {
	config: Config;
	library: LessonLibrary;
	store: Store;
	sessions: Sessions;
	moderation: Moderation;
	/** Stops the retention and idle sweeps and closes the store. */
	close(): void;
}

const instanceKey = Symbol.for('klasgesprek.instance');
type WithInstance = typeof globalThis & { [instanceKey]?: Klasgesprek };

export function createKlasgesprek(config: Config = readConfig()): Klasgesprek {
	const library = loadLessonLibrary(resolve(config.lessonsDirectory));
	const brokenFiles = new Set(library.problems.map((problem) => problem.file));
	for (const file of brokenFiles) {
		// The details are the validator's job; the server only says what it left out.
		console.warn(`Lesson left out, it has problems: ${file} (run npm run lessons:check)`);
	}
	const store = new SqliteStore(
		config.databasePath === ':memory:' ? ':memory:' : resolve(config.databasePath),
		{ sync: config.databaseSync }
	);
	// One filter for written responses and word-cloud words alike.
	const filter = new ResponseFilter(wordLists(config));
	const sessions = new Sessions({
		store,
		filter,
		// Lessons are looked up on every use, so a library reloaded in dev is seen at once.
		findLesson: (slug) => instance.library.lessons.get(slug),
		retentionDays: config.retentionDays,
		idleHours: config.sessionIdleHours
	});
	const instance: Klasgesprek = {
		config,
		library,
		store,
		sessions,
		moderation: new Moderation({ store, sessions, filter }),
		close() {
			clearInterval(sweep);
			clearInterval(idleSweep);
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
