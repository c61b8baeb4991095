// What the benchmark reads of a server's processes from /proc: here, which of them appeared while
// it measured (a region run reports those as database connections opened during the run).

import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleUsage } from '../../bench/servers/usage.ts';

const children: ChildProcess[] = [];
afterEach(() => {
	for (const child of children.splice(0)) child.kill();
});

/** A process that uses no CPU worth a clock tick: an idle connection's backend, say. */
function idleProcess() {
	const child = spawn('sleep', ['30'], { stdio: 'ignore' });
	children.push(child);
	return child.pid!;
}

describe.runIf(process.platform === 'linux')('sampleUsage', () => {
	it('counts as started only the processes that appeared during the run', async () => {
		const pids = [idleProcess(), idleProcess()];
		const stop = sampleUsage(() => pids, 20);
		await new Promise((resolve) => setTimeout(resolve, 60));
		pids.push(idleProcess());
		await new Promise((resolve) => setTimeout(resolve, 60));
		expect(stop()?.started).toBe(1);
	});
});
