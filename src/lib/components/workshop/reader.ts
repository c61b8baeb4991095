// The validator in a worker (parse.worker.ts), as a LessonReader the draft can call.

import type { FormatOptions } from '$lib/lessons/frontmatter';
import type { ParseResult } from '$lib/lessons/parse';
import type { LessonReader } from './draft.svelte.ts';

type Reply = { id: number; result: ParseResult } | { id: number; failed: true };

export function workerReader(format: FormatOptions): { read: LessonReader; dispose(): void } {
	const worker = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' });
	const waiting = new Map<number, { resolve: (result: ParseResult) => void; reject: () => void }>();
	let next = 0;
	worker.onmessage = (event: MessageEvent<Reply>) => {
		const reply = event.data;
		const pending = waiting.get(reply.id);
		waiting.delete(reply.id);
		if ('result' in reply) pending?.resolve(reply.result);
		else pending?.reject();
	};
	worker.onerror = () => {
		for (const pending of waiting.values()) pending.reject();
		waiting.clear();
	};
	return {
		read: (source, slug) =>
			new Promise((resolve, reject) => {
				next += 1;
				waiting.set(next, { resolve, reject });
				// Plain data only: a Svelte proxy cannot be cloned into a worker.
				worker.postMessage({
					id: next,
					source,
					slug,
					format: { extraThemes: [...(format.extraThemes ?? [])] }
				});
			}),
		dispose: () => worker.terminate()
	};
}
