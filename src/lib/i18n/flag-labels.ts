// How the filter's reasons for holding a response back are named to the teacher, in the queue,
// the summary and the export alike.

import type { QueuedResponse } from '$lib/protocol';
import * as m from '$lib/paraglide/messages.js';

const flagLabels: Record<string, () => string> = {
	slur: m.flag_slur,
	insult: m.flag_insult,
	threat: m.flag_threat,
	phone: m.flag_phone,
	email: m.flag_email,
	handle: m.flag_handle,
	link: m.flag_link
};

/** 'dreiging (“maak je af”), telefoonnummer (“06-12345678”)': each reason once. */
export function flagReasons(flags: QueuedResponse['flags']): string {
	return [
		...new Set(flags.map((flag) => `${flagLabels[flag.kind]?.() ?? flag.kind} (“${flag.match}”)`))
	].join(', ');
}
