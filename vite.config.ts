import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Server as HttpServer } from 'node:http';
import { resolve } from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';
import { defineConfig } from 'vitest/config';
import { reusedPluralRules } from './scripts/paraglide-plurals.ts';
import { startKlasgesprek, useKlasgesprek } from './src/lib/server/app.ts';
import { attachRealtime } from './src/lib/server/realtime/index.ts';

/** socket.io on Vite's own HTTP server, so `npm run dev` serves pages and realtime on one port. */
function realtime(): Plugin {
	return {
		name: 'klasgesprek-realtime',
		async configureServer(server) {
			// Middleware mode has no HTTP server of its own; vitest's is never listened on.
			if (!server.httpServer || process.env.VITEST) return;
			attachRealtime(server.httpServer as HttpServer, await startKlasgesprek());
			reloadLessonsOnChange(server);
		},
		async configurePreviewServer(server) {
			if (server.httpServer)
				attachRealtime(server.httpServer as HttpServer, await startKlasgesprek());
		}
	};
}

/** Authors see an edited lesson at once: reread the library and reload the page. */
function reloadLessonsOnChange(server: ViteDevServer) {
	const app = useKlasgesprek();
	const directory = resolve(app.config.lessonsDirectory);
	server.watcher.add(directory);
	const reload = (file: string) => {
		if (!file.startsWith(directory) || !file.endsWith('.md')) return;
		app.library.reload();
		server.ws.send({ type: 'full-reload' });
	};
	server.watcher.on('change', reload).on('add', reload).on('unlink', reload);
}

/**
 * Fewer, larger scripts for a phone on a slow network, where each file costs a round trip
 * (docs/performance.md, § Page weight). What every page loads anyway (Svelte, SvelteKit's client,
 * the root layout and error page) becomes one file, and what the pupil's page shares with other
 * pages another. No page loads more of the first than before; a page that shares a module with
 * the pupil's loads the few KB of the second. Client build only: the server's chunks stay as they are.
 */
function fewerScripts(pupilPage = '/src/routes/j/[code]/+page.svelte'): Plugin {
	const shell = new Set<string>();
	const live = new Set<string>();
	const later = new Map<string, string>();
	let client = false;
	return {
		name: 'klasgesprek-fewer-scripts',
		apply: 'build',
		config: () => ({
			build: {
				rolldownOptions: {
					output: {
						codeSplitting: {
							groups: [
								{ name: 'shell', test: (id: string) => shell.has(id), priority: 2 },
								{ name: 'live', test: (id: string) => live.has(id), priority: 1 },
								{ name: (id: string) => later.get(id) ?? null }
							]
						}
					}
				}
			}
		}),
		configResolved(config) {
			client = !config.build.ssr;
		},
		buildEnd() {
			if (!client) return;
			const ids = [...this.getModuleIds()];
			// Paraglide's barrel imports every message; a module uses only those it names.
			const barrel = /\/paraglide\/messages(\.js|\/_index\.js)$/;
			const messages = new Map(
				ids.flatMap((id) => {
					const name = /\/paraglide\/messages\/(\w+)\.js$/.exec(id)?.[1];
					return name && name !== '_index' ? [[name, id] as const] : [];
				})
			);
			/** Every module `roots` import, directly or not, statically (what loads with them). */
			const staticClosure = (roots: string[]) => {
				const seen = new Set(roots);
				for (const id of seen) {
					const info = this.getModuleInfo(id);
					for (const imported of info?.importedIds ?? [])
						if (!barrel.test(imported)) seen.add(imported);
					if (info?.importedIds.some((imported) => barrel.test(imported)))
						for (const word of info.code?.match(/\b\w+\b/g) ?? []) {
							const message = messages.get(word);
							if (message) seen.add(message);
						}
				}
				return seen;
			};
			const matching = (pattern: RegExp) => ids.filter((id) => pattern.test(id));
			// Not the generated app.js itself: it imports every page, and SvelteKit lists a page's
			// files to preload by following imports, which would then pass through it.
			const app = matching(/generated\/client-optimized\/app\.js$/);
			for (const id of staticClosure([
				...app.flatMap((id) => this.getModuleInfo(id)?.importedIds ?? []),
				...matching(/generated\/client-optimized\/nodes\/[01]\.js$/),
				...matching(/@sveltejs\/kit\/src\/runtime\/client\/entry\.js$/)
			]))
				shell.add(id);
			const pupil = staticClosure(ids.filter((id) => id.endsWith(pupilPage)));
			// Shared with other pages, or with what the pupil's page fetches later (a question's
			// controls): else each such module is a file of its own.
			const shared = staticClosure([
				...matching(/\/src\/routes\/.*\+(page|layout|error)\.svelte$/).filter(
					(id) => !id.endsWith(pupilPage)
				),
				...[...pupil].flatMap((id) => this.getModuleInfo(id)?.dynamicallyImportedIds ?? [])
			]);
			for (const id of pupil) if (shared.has(id) && !shell.has(id)) live.add(id);
			// What the page fetches later (a question's controls), one file each, with what they
			// share with other pages (the board loads those few KB too).
			for (const root of [...pupil].flatMap(
				(id) => this.getModuleInfo(id)?.dynamicallyImportedIds ?? []
			)) {
				const name = /([^/]+?)(\.svelte)?(\.ts|\.js)?$/.exec(root)![1];
				for (const id of staticClosure([root]))
					if (!shell.has(id) && !pupil.has(id) && !later.has(id)) later.set(id, name);
			}
		}
	};
}

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'custom-deployment', 'baseLocale']
		}),
		reusedPluralRules(),
		sveltekit(),
		realtime(),
		fewerScripts()
	],
	test: {
		expect: { requireAssertions: true },
		include: [
			'tests/unit/**/*.test.ts',
			'tests/store/**/*.test.ts',
			'tests/socket/**/*.test.ts',
			'tests/bench/**/*.test.ts'
		],
		environment: 'node'
	}
});
