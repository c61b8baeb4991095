// CPU time and resident memory of a server process, read from /proc while a run goes on.
// Linux only; elsewhere (or for a remote URL) the figures are simply absent.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Usage {
	/** CPU seconds the process used (user + system) during the run. */
	cpuSeconds: number;
	/** Average share of one core over the run, in percent. */
	cpuPercent: number;
	peakRssMb: number;
	/** Processes that appeared during the run (new database backends: connections opened). */
	started: number;
}

function clockTicksPerSecond(): number {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
	} catch {
		return 100;
	}
}

const ticksPerSecond = clockTicksPerSecond();

function cpuTicks(pid: number): number | null {
	try {
		// The command name (field 2) may hold spaces; the fields we need follow its ')'.
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return Number(fields[11]) + Number(fields[12]);
	} catch {
		return null;
	}
}

function rssMb(pid: number): number | null {
	try {
		const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
		return match ? Number(match[1]) / 1024 : null;
	} catch {
		return null;
	}
}

/**
 * Starts sampling; the returned function stops and reports. `pids` may be several processes
 * (the nodes of a region and their database server), or a function naming them: CPU is summed,
 * memory is the peak of the sum. A process that appears during the run (a new database backend)
 * counts from its own start.
 */
export function sampleUsage(
	pids: number | undefined | number[] | (() => number[]),
	everyMs = 250
): () => Usage | null {
	const list = () =>
		typeof pids === 'function' ? pids() : pids === undefined ? [] : [pids].flat();
	const startTicks = new Map<number, number>();
	for (const pid of list()) {
		const ticks = cpuTicks(pid);
		if (ticks !== null) startTicks.set(pid, ticks);
	}
	if (startTicks.size === 0) return () => null;
	const startedAt = performance.now();
	const rssOfAll = () => list().reduce((sum, pid) => sum + (rssMb(pid) ?? 0), 0);
	/** The last ticks seen per process, so one that ends during the run still counts. */
	const lastTicks = new Map(startTicks);
	/** Processes first seen during the run (not those at 0 ticks at its start: idle, not new). */
	const appeared = new Set<number>();
	const sample = () => {
		for (const pid of list()) {
			const ticks = cpuTicks(pid);
			if (ticks === null) continue;
			if (!startTicks.has(pid)) {
				startTicks.set(pid, 0);
				appeared.add(pid);
			}
			lastTicks.set(pid, ticks);
		}
		peakRssMb = Math.max(peakRssMb, rssOfAll());
	};
	let peakRssMb = rssOfAll();
	const timer = setInterval(sample, everyMs);
	return () => {
		clearInterval(timer);
		sample();
		let ticks = 0;
		for (const [pid, start] of startTicks) ticks += (lastTicks.get(pid) ?? start) - start;
		const cpuSeconds = ticks / ticksPerSecond;
		const wallSeconds = (performance.now() - startedAt) / 1_000;
		return {
			cpuSeconds,
			cpuPercent: (100 * cpuSeconds) / wallSeconds,
			peakRssMb,
			started: appeared.size
		};
	};
}

/** The processes of the local PostgreSQL server (postmaster and every backend), for CPU sums. */
export function postgresProcesses(): number[] {
	try {
		return execFileSync('pgrep', ['-u', 'postgres'], { encoding: 'utf8' })
			.split('\n')
			.filter(Boolean)
			.map(Number);
	} catch {
		return [];
	}
}

/** A process's title: PostgreSQL's backends say their database in it. */
function titleOf(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
	} catch {
		return '';
	}
}

/**
 * A backend's title: `postgres: [cluster: ]user database 127.0.0.1(port) state`, or `[local]`
 * for a Unix socket.
 */
const backendTitle = /^postgres: (?:\S+: )?\S+ (\S+) (?:\S+\(\d+\)|\[local\])/;

/**
 * PostgreSQL's processes told apart, so that a run's figure is not another user's: the backends
 * of `database`, the server's own processes (WAL writer, checkpointer, autovacuum, postmaster),
 * and backends of other databases (other work on the same server).
 */
export function postgresProcessesOf(database: string, part: 'run' | 'server' | 'others') {
	return () =>
		postgresProcesses().filter((pid) => {
			const backend = backendTitle.exec(titleOf(pid));
			if (part === 'server') return !backend;
			return !!backend && (backend[1] === database) === (part === 'run');
		});
}

/**
 * Connections the kernel dropped because a listening socket's accept queue was full, counted for
 * the whole machine since it started (TcpExt ListenOverflows in /proc/net/netstat). Each such
 * connection waits a second or more for the client's retry. Null where it cannot be read.
 */
export function listenOverflows(netstat = '/proc/net/netstat'): number | null {
	try {
		const lines = readFileSync(netstat, 'utf8').split('\n');
		const header = lines.findIndex((line) => line.startsWith('TcpExt:'));
		const names = lines[header]?.split(/\s+/);
		const values = lines[header + 1]?.split(/\s+/);
		const column = names?.indexOf('ListenOverflows') ?? -1;
		if (column < 1 || values?.[0] !== 'TcpExt:') return null;
		const value = Number(values[column]);
		return Number.isFinite(value) ? value : null;
	} catch {
		return null;
	}
}
