// The short code pupils type to join: six digits, forgiving of spaces and dashes.

import { joinCodeLength } from './limits.ts';

export { joinCodeLength };

/** The code in canonical form, or null when the input cannot be a code. */
export function normaliseJoinCode(input: string): string | null {
	const digits = input.replace(/[\s-]/g, '');
	return new RegExp(`^\\d{${joinCodeLength}}$`).test(digits) ? digits : null;
}
