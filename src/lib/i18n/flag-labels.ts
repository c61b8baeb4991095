// Why the filter held something, as the teacher reads it in the queue, the word cloud's review,
// the summary and the export alike: one label per kind of flag.

import * as m from '$lib/paraglide/messages.js';

const flagLabels: Record<string, () => string> = {
	slur: m.flag_slur,
	insult: m.flag_insult,
	threat: m.flag_threat,
	phone: m.flag_phone,
	email: m.flag_email,
	handle: m.flag_handle,
	link: m.flag_link,
	address: m.flag_address,
	name: m.flag_name,
	curse: m.flag_curse
};

/** The reasons for a set of flags, each with what matched: 'belediging (“sukkel”)'. */
export function flagReasons(flags: { kind: string; match: string }[]): string {
	return [
		...new Set(flags.map((flag) => `${flagLabels[flag.kind]?.() ?? flag.kind} (“${flag.match}”)`))
	].join(', ');
}
