// Answers, timers and flags are kept as JSON in every store: what JSON cannot hold is refused
// with a clear message before anything is written, never half-stored or silently changed.

export function jsonText(value: unknown, what: string): string {
	let text: string | undefined;
	try {
		text = JSON.stringify(value);
	} catch {
		// A BigInt or a circular object: the same clear refusal as for undefined.
	}
	if (typeof text !== 'string')
		throw new TypeError(`${what} cannot be stored: it is not JSON data`);
	return text;
}
