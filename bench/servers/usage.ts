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

/** Starts sampling; the returned function stops and reports. */
export function sampleUsage(pid: number | undefined, everyMs = 250): () => Usage | null {
	if (pid === undefined || cpuTicks(pid) === null) return () => null;
	const startTicks = cpuTicks(pid)!;
	const startedAt = performance.now();
	let peakRssMb = rssMb(pid) ?? 0;
	const timer = setInterval(() => {
		peakRssMb = Math.max(peakRssMb, rssMb(pid) ?? 0);
	}, everyMs);
	return () => {
		clearInterval(timer);
		peakRssMb = Math.max(peakRssMb, rssMb(pid) ?? 0);
		const cpuSeconds = ((cpuTicks(pid) ?? startTicks) - startTicks) / ticksPerSecond;
		const wallSeconds = (performance.now() - startedAt) / 1_000;
		return { cpuSeconds, cpuPercent: (100 * cpuSeconds) / wallSeconds, peakRssMb };
	};
}
