// Work that runs on a timer or an event, outside any command (coalesced broadcasts, presence,
// the retention sweep, deletion listeners), has nobody to answer. An exception there would end
// the process for every class: a guarded callback logs what failed and carries on.

/**
 * `work`, which logs and swallows what it throws. The log names the task, the kind of error
 * and where it was thrown, never the error's message: that can quote a pupil's text.
 */
export function guarded<Args extends unknown[]>(
	task: string,
	work: (...args: Args) => void
): (...args: Args) => void {
	return (...args) => {
		try {
			work(...args);
		} catch (error) {
			logFailure(`${task} failed, carrying on`, error);
		}
	};
}

/** Logs a failure by its kind and where it was thrown, never by its message (it can quote a pupil). */
export function logFailure(what: string, error: unknown) {
	console.error(`[klasgesprek] ${what}: ${describe(error)}`);
}

function describe(error: unknown): string {
	if (!(error instanceof Error)) return typeof error;
	const frames = (error.stack ?? '')
		.split('\n')
		.filter((line) => line.trimStart().startsWith('at '))
		.slice(0, 8);
	return [error.name, ...frames].join('\n');
}
