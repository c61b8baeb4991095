// The region tests (tests/region): real processes behind a real HAProxy, so slower and apart from
// `npm run test:unit`. `npm run test:region` builds into build-region first. SvelteKit's plugin
// compiles the pages' own live classes (runes, `$lib`), which the region test runs as phones.

import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		expect: { requireAssertions: true },
		include: ['tests/region/**/*.test.ts'],
		environment: 'node',
		// One cluster at a time: they share the machine's ports and cores.
		fileParallelism: false,
		testTimeout: 60_000,
		hookTimeout: 90_000
	}
});
