// The sentence for an error code on the pupil's phone, which almost never shows one: the
// sentences of every code in both languages (errors.ts, 4 KB gzip) arrive with the first error
// instead of with the page. Until they have, the general sentence stands in.

import { error_generic } from '$lib/paraglide/messages.js';
import type { ErrorCode } from '$lib/protocol';

let sentences = $state<((code: ErrorCode) => string) | null>(null);
let asked = false;

export function errorSentence(code: ErrorCode): string {
	if (sentences) return sentences(code);
	if (!asked) {
		asked = true;
		import('./errors').then(
			({ errorMessage }) => (sentences = errorMessage),
			// Out of reach now (offline, or a new version replaced the file): ask again next time.
			() => (asked = false)
		);
	}
	return error_generic();
}
