// The build `npm start` runs before the server starts: Vite's warnings and errors, without what
// is meant for a developer at a build and is untrue or beside the point for someone starting
// the server. Every other line passes through, so a real warning stays in view.
// Usage: node scripts/build-quiet.ts

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** Single lines printed on every build that are harmless. */
const harmlessLines: readonly RegExp[] = [
	// SvelteKit's hint after every build: `npm start` starts the server itself, right after.
	/^Run npm run preview to preview your production build locally\.$/,
	// adapter-node gives SvelteKit's $env module a chunk of its own; this app reads no $env
	// variables, so nothing is left in it once unused code is dropped.
	/^Generated an empty chunk: "chunks\/env\.js"\.?$/
];

/**
 * Rolldown's table of the slowest plugins, printed whenever a build takes long, as it does on a
 * school laptop: from its first line to its link. (Its `checks.bundlerTimings` option does not
 * reach the builds SvelteKit starts.)
 */
const timingsStart = /^\[PLUGIN_TIMINGS\]/;
const timingsEnd = /^See https:\/\/rolldown\.rs\/reference\/InputOptions\.checks#bundlertimings/;

// eslint-disable-next-line no-control-regex
const colours = /\u001b\[[0-9;]*m/g;

/** Drops the known harmless lines and blocks of one stream of build output, line by line. */
export class QuietBuildOutput {
	private inTimings = false;

	/** Whether `line` is worth showing. */
	keep(line: string): boolean {
		const plain = line.replace(colours, '').trim();
		if (this.inTimings) {
			if (timingsEnd.test(plain)) this.inTimings = false;
			return false;
		}
		if (timingsStart.test(plain)) {
			this.inTimings = !timingsEnd.test(plain);
			return false;
		}
		return plain !== '' && !harmlessLines.some((pattern) => pattern.test(plain));
	}
}

if (import.meta.main) {
	const vite = resolve('node_modules/vite/bin/vite.js');
	const build = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	for (const [from, to] of [
		[build.stdout, process.stdout],
		[build.stderr, process.stderr]
	] as const) {
		const output = new QuietBuildOutput();
		createInterface({ input: from }).on('line', (line) => {
			if (output.keep(line)) to.write(`${line}\n`);
		});
	}
	build.on('exit', (code, signal) => {
		if (code !== 0) {
			console.error(
				`The build failed (${signal ?? `exit code ${code}`}): the server was not started.`
			);
		}
		process.exitCode = code ?? 1;
	});
}
