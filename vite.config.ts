import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Server as HttpServer } from 'node:http';
import { resolve } from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';
import { defineConfig } from 'vitest/config';
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

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'custom-deployment', 'baseLocale']
		}),
		sveltekit(),
		realtime()
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
