// Starting and stopping a server under test as its own process, on 127.0.0.1: the production
// server (server.ts) or the baseline, for every bench that runs one.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..', '..');

/** The production server's script: started with the options its `npm run serve` gives node. */
const serverScript = 'server.ts';

/**
 * node's options in a checkout's `serve` script (`node [options] server.ts`), which is where the
 * production server's runtime settings live: the bench runs the server as a deployment does.
 */
export function serveNodeOptions(directory = root): string[] {
	const { scripts } = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
		scripts?: Record<string, string>;
	};
	const words = scripts?.serve?.trim().split(/\s+/) ?? [];
	if (words[0] !== 'node' || words.at(-1) !== serverScript)
		throw new Error(`${directory}/package.json: "serve" is not "node [options] ${serverScript}"`);
	return words.slice(1, -1);
}

export interface Spawned {
	url: string;
	process: ChildProcess;
}

/**
 * Resolves once the server says it listens; rejects when it exits before that. `server.ts` gets
 * its `serve` script's options first, `nodeOptions` (a profiler) after them.
 */
export async function startOn(
	port: number,
	name: string,
	script: string,
	env: Record<string, string | undefined>,
	nodeOptions: string[] = [],
	/** The checkout to run it from: this one, or another (a commit to compare with). */
	directory = root
): Promise<Spawned> {
	const runtime = script === serverScript ? serveNodeOptions(directory) : [];
	const child = spawn(process.execPath, [...runtime, ...nodeOptions, script], {
		cwd: directory,
		env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise<void>((ready, fail) => {
		child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && ready());
		child.once('exit', (code) => fail(new Error(`${name} exited with ${code} before listening`)));
	});
	return { url: `http://127.0.0.1:${port}`, process: child };
}

export function stopServer({ process: child }: { process?: ChildProcess }) {
	if (!child || child.exitCode !== null) return;
	return new Promise<void>((stopped) => {
		// The server ends itself on SIGTERM; only then is a CPU profile written.
		child.once('exit', () => stopped());
		child.kill('SIGTERM');
	});
}
