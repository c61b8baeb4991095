import { describe, expect, it } from 'vitest';
import { QuietBuildOutput } from '../../../scripts/build-quiet.ts';

const shown = (lines: string[]) => {
	const output = new QuietBuildOutput();
	return lines.filter((line) => output.keep(line));
};

describe('the build output npm start shows', () => {
	it('leaves out the preview hint, the empty $env chunk and the plugin timings table', () => {
		expect(
			shown([
				'\u001b[33m[PLUGIN_TIMINGS] \u001b[0mJavaScript callbacks ran for 5.3s of this 8.1s build (65%).',
				'The slowest callbacks, timed inside each callback:',
				'  - plugin vite:native-config-compat-check transform (54%, 4.4s, 636 calls)',
				'Additional callback time came from callbacks under 1s.',
				'See https://rolldown.rs/reference/InputOptions.checks#bundlertimings for more details.',
				'',
				'Generated an empty chunk: "chunks/env.js".',
				'Run \u001b[1m\u001b[36mnpm run preview\u001b[39m\u001b[22m to preview your production build locally.'
			])
		).toEqual([]);
	});

	it('keeps every other line, warnings and errors above all, also right after a timings table', () => {
		const real = [
			'> Using @sveltejs/adapter-node',
			'Generated an empty chunk: "chunks/other.js".',
			'"node:sqlite" is imported by "app.js", but could not be resolved – treating it as an external dependency.',
			'error during build:',
			'Run npm run preview to preview it, or not'
		];
		expect(shown(real)).toEqual(real);
		expect(
			shown([
				'[PLUGIN_TIMINGS] JavaScript callbacks ran for 2s.',
				'See https://rolldown.rs/reference/InputOptions.checks#bundlertimings for more details.',
				'✗ Build failed in 1m 8s'
			])
		).toEqual(['✗ Build failed in 1m 8s']);
	});
});
