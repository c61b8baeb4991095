// Reads the author's lesson with the validator itself, off the page's thread: a long lesson or a
// huge paste never stalls typing, and the parser's code (marked, yaml, sanitize-html) stays in
// this worker's own bundle instead of the site's shared chunks.

import { parseLesson, type FormatOptions } from '../../lessons/parse.ts';

export interface ReadRequest {
	id: number;
	source: string;
	slug: string;
	format: FormatOptions;
}

self.onmessage = (event: MessageEvent<ReadRequest>) => {
	const { id, source, slug, format } = event.data;
	try {
		self.postMessage({ id, result: parseLesson(source, slug, format) });
	} catch (error) {
		// A parser bug must not leave the page waiting: it keeps the last good reading.
		console.error('lesson parser failed', error);
		self.postMessage({ id, failed: true });
	}
};
