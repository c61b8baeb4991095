import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		// Runes everywhere in our own code; libraries keep their own mode.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		// BUILD_DIR lets the e2e run build beside, not over, the `build/` a running server uses.
		adapter: adapter({ out: process.env.BUILD_DIR || 'build' }),
		// A page's stylesheets inside its HTML (compressed, hooks.server.ts) rather than a request
		// each: on a phone's slow network every request costs a round trip before the page shows.
		inlineStyleThreshold: 8 * 1024,
		typescript: {
			// Scripts and benchmarks are TypeScript too: check them. (server.ts is left out: it
			// imports the untyped build.)
			config: (tsconfig) => {
				tsconfig.include.push('../scripts/**/*.ts', '../bench/**/*.ts');
				return tsconfig;
			}
		},
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'connect-src': ['self', 'ws:', 'wss:'],
				'object-src': ['none'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
