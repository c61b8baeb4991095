// The load generator: splits the classrooms over worker processes, runs them against one URL
// and merges what they saw into one report. It knows nothing about which server it talks to.

import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import type { ClassroomPlan, ClassroomReport } from './classroom.ts';
import { discrepancy } from './poll-state.ts';
import { summarise, type Summary } from './stats.ts';
import type { WorkerResult, WorkerTask } from './worker.ts';

export interface LoadOptions extends Omit<ClassroomPlan, 'url'> {
	url: string;
	rooms: number;
	workers: number;
	roomStartWindowMs: number;
	seed: number;
}

export const defaultLoad: Omit<LoadOptions, 'url'> = {
	lesson: 'bench-peiling',
	blockId: 'peiling',
	options: 4,
	minAnswers: 5,
	rooms: 200,
	pupils: 30,
	workers: Math.max(2, Math.min(4, availableParallelism())),
	roomStartWindowMs: 3_000,
	joinWindowMs: 5_000,
	answerWindowMs: 10_000,
	pace: 'human',
	answersPerPupil: 1,
	changeShare: 0.2,
	reconnectShare: 0.1,
	passShare: 0.05,
	settleMs: 1_500,
	ackTimeoutMs: 10_000,
	seed: 1
};

export interface LoadReport {
	rooms: number;
	pupils: number;
	join: Summary;
	ack: Summary;
	board: Summary;
	sent: number;
	acknowledged: number;
	/** Acknowledged answers per second while the class was answering. */
	answerRate: number;
	unacknowledged: number;
	boardUnseen: number;
	resumeMismatches: number;
	/** Acknowledged answers missing from, or counted twice in, the board's final counts. */
	lostOnBoard: number;
	doubleOnBoard: number;
	/** The same, against the results a fresh host connection reads from the store. */
	lostInStore: number;
	doubleInStore: number;
	/** Classrooms that could not be completed, by what went wrong. */
	errors: Record<string, number>;
	generatorDelayP99Ms: number;
	durationMs: number;
}

const workerPath = new URL('./worker.ts', import.meta.url);

function runWorker(task: WorkerTask): Promise<WorkerResult> {
	// No inherited execArgv: under a test runner it would carry the runner's loaders.
	const child = fork(workerPath, [], {
		execArgv: [],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc']
	});
	return new Promise((resolve, reject) => {
		child.once('message', (result) => resolve(result as WorkerResult));
		child.once('exit', (code) => reject(new Error(`load worker exited with ${code}`)));
		child.send(task);
	});
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
	const started = performance.now();
	const { url, rooms, workers, roomStartWindowMs, seed, ...rest } = options;
	const plan: ClassroomPlan = { url, ...rest };
	const shares = Array.from({ length: Math.min(workers, rooms) }, (_, index) =>
		Math.floor((rooms + index) / Math.min(workers, rooms))
	);
	const results = await Promise.all(
		shares.map((share, index) =>
			runWorker({ plan, rooms: share, roomStartWindowMs, seed: seed * 100 + index })
		)
	);
	return merge(
		results.flatMap((result) => result.reports),
		{ rooms, pupils: options.pupils },
		Math.max(...results.map((result) => result.eventLoopDelayP99Ms)),
		performance.now() - started
	);
}

export function merge(
	reports: ClassroomReport[],
	size: { rooms: number; pupils: number },
	generatorDelayP99Ms: number,
	durationMs: number
): LoadReport {
	const all = <K extends 'joinMs' | 'ackMs' | 'boardMs'>(key: K) => reports.flatMap((r) => r[key]);
	const total = (
		key: 'sent' | 'acknowledged' | 'unacknowledged' | 'boardUnseen' | 'resumeMismatches'
	) => reports.reduce((sum, report) => sum + report[key], 0);
	const onBoard = reports.map((report) => discrepancy(report.board, report.expected));
	const inStore = reports.map((report) => discrepancy(report.stored, report.expected));
	const errors: Record<string, number> = {};
	for (const report of reports)
		for (const [error, count] of Object.entries(report.errors))
			errors[error] = (errors[error] ?? 0) + count;
	const phases = reports.filter((report) => report.answerPhase.end > 0).map((r) => r.answerPhase);
	const answering = phases.length
		? Math.max(...phases.map((phase) => phase.end)) -
			Math.min(...phases.map((phase) => phase.start))
		: 0;
	const answerRate = answering > 0 ? (total('acknowledged') * 1_000) / answering : 0;
	return {
		...size,
		join: summarise(all('joinMs')),
		ack: summarise(all('ackMs')),
		board: summarise(all('boardMs')),
		sent: total('sent'),
		acknowledged: total('acknowledged'),
		answerRate,
		unacknowledged: total('unacknowledged'),
		boardUnseen: total('boardUnseen'),
		resumeMismatches: total('resumeMismatches'),
		lostOnBoard: onBoard.reduce((sum, d) => sum + d.lost, 0),
		doubleOnBoard: onBoard.reduce((sum, d) => sum + d.double, 0),
		lostInStore: inStore.reduce((sum, d) => sum + d.lost, 0),
		doubleInStore: inStore.reduce((sum, d) => sum + d.double, 0),
		errors,
		generatorDelayP99Ms,
		durationMs
	};
}
