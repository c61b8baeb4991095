// What a page may weigh: the JavaScript a browser downloads for it, gzip-compressed as the server
// sends it (adapter-node serves the build's precompressed files). bench/page-weight.ts prints every
// page against these budgets; tests/e2e/page-weight.spec.ts holds the pupil's phone to its budget
// in `npm test`.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const pageBudgets = {
	/** A phone, from the join link up to its first open question (join, wait, question). */
	pupil: 60 * 1024,
	/** The board on the classroom's screen. */
	board: 150 * 1024,
	/**
	 * How many scripts the phone fetches for it: over HTTP/1.1 a browser opens six connections to
	 * a server, and on a phone's network each request costs a round trip.
	 */
	pupilScripts: 12
};

/** The gzip size of a script the build serves, by its path in the page (`/_app/immutable/…`). */
export const gzipSize = (buildDirectory: string, path: string) =>
	gzipSync(readFileSync(join(buildDirectory, 'client', path)), { level: 9 }).length;

export const kilobytes = (bytes: number) => +(bytes / 1024).toFixed(1);
