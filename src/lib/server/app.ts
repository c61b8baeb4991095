// The one Klasgesprek instance of a process: configuration and lesson library, shared by the
// SvelteKit pages and the realtime server. Vite (dev) and server.ts (production) load our
// modules through different module graphs, so the instance lives under a global symbol.

import { resolve } from 'node:path';
import { readConfig, type Config } from './config.ts';
import { loadLessonLibrary, type LessonLibrary } from './library.ts';

export interface Klasgesprek {
	config: Config;
	library: LessonLibrary;
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
	return { config, library };
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
