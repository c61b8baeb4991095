// What the benchmark reads from /proc: which of a server's processes appeared while it measured
// (a region run reports those as database connections opened during the run), and how many
// connections the kernel dropped for a full accept queue.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { listenOverflows, sampleUsage } from '../../bench/servers/usage.ts';

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

describe('listenOverflows', () => {
	const directory = mkdtempSync(join(tmpdir(), 'klasgesprek-netstat-'));
	afterAll(() => rmSync(directory, { recursive: true, force: true }));
	let files = 0;
	const netstat = (text: string) => {
		const path = join(directory, `netstat-${(files += 1)}`);
		writeFileSync(path, text);
		return path;
	};

	it("reads TcpExt's ListenOverflows, wherever its column is", () => {
		const text =
			'TcpExt: SyncookiesSent ListenOverflows ListenDrops\n' +
			'TcpExt: 0 12614 12614\n' +
			'IpExt: InNoRoutes\n' +
			'IpExt: 0\n';
		expect(listenOverflows(netstat(text))).toBe(12614);
	});

	it('is null where the kernel does not say', () => {
		expect(listenOverflows(netstat('IpExt: InNoRoutes\nIpExt: 0\n'))).toBeNull();
		expect(listenOverflows(netstat('TcpExt: SyncookiesSent\nTcpExt: 0\n'))).toBeNull();
		expect(listenOverflows(join(tmpdir(), 'no-such-netstat'))).toBeNull();
	});

	it.runIf(process.platform === 'linux')("reads this machine's count", () => {
		expect(listenOverflows()).toBeGreaterThanOrEqual(0);
	});
});
