// One load generator process: runs its share of the classrooms and reports back over IPC.
// Several run side by side so the generator, not the server, is never the only thing measured.

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { runClassroom, type ClassroomPlan, type ClassroomReport } from './classroom.ts';
import { seededRandom } from './random.ts';

export interface WorkerTask {
	plan: ClassroomPlan;
	rooms: number;
	/** Classrooms do not all start in the same millisecond: spread over this window. */
	roomStartWindowMs: number;
	seed: number;
}

export interface WorkerResult {
	reports: ClassroomReport[];
	/** p99 of this process's event-loop delay: high values mean the generator was the limit. */
	eventLoopDelayP99Ms: number;
}

async function run(task: WorkerTask): Promise<WorkerResult> {
	const delay = monitorEventLoopDelay({ resolution: 10 });
	delay.enable();
	const random = seededRandom(task.seed);
	const reports = await Promise.all(
		Array.from({ length: task.rooms }, async (_, index) => {
			const roomRandom = seededRandom(task.seed * 1_000 + index);
			await new Promise((resolve) =>
				setTimeout(resolve, random.between(0, task.roomStartWindowMs))
			);
			return runClassroom(task.plan, roomRandom);
		})
	);
	delay.disable();
	return { reports, eventLoopDelayP99Ms: delay.percentile(99) / 1e6 };
}

// A generator whose parent is gone (stopped with Ctrl-C) stops too, instead of loading on.
process.once('disconnect', () => process.exit(1));
process.once('message', (task: WorkerTask) => {
	void run(task).then((result) => process.send!(result, () => process.exit(0)));
});
