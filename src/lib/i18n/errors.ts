// The sentence a person reads for each error code of the realtime contract.

import type { ErrorCode } from '$lib/protocol';
import * as m from '$lib/paraglide/messages.js';

const messages: Partial<Record<ErrorCode, () => string>> = {
	'unknown-code': m.error_unknown_code,
	'room-locked': m.error_room_locked,
	'too-many-joins': m.error_too_many_joins,
	'rate-limited': m.error_rate_limited,
	'session-ended': m.error_session_ended,
	'session-not-found': m.error_unknown_code,
	'block-not-open': m.error_block_not_open,
	'not-host': m.error_not_host,
	'not-board': m.error_not_board,
	'too-many-starts': m.error_too_many_starts,
	'no-free-code': m.error_no_free_code,
	'too-many-connections': m.error_too_many_connections,
	'address-unknown': m.error_address_unknown,
	'submissions-paused': m.error_submissions_paused,
	'text-too-long': m.error_text_too_long,
	'one-response-only': m.error_one_response_only,
	'already-shown': m.error_already_shown
};

export function errorMessage(code: ErrorCode): string {
	return (messages[code] ?? m.error_generic)();
}
