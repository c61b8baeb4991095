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

/** What the teacher asks a writer whose words the filter held for this kind of flag. */
const fittingPrompts: Record<string, () => string> = {
	phone: m.return_prompt_personal,
	email: m.return_prompt_personal,
	address: m.return_prompt_personal,
	handle: m.return_prompt_personal,
	link: m.return_prompt_personal,
	name: m.return_prompt_personal,
	slur: m.return_prompt_no_swearing,
	insult: m.return_prompt_no_swearing,
	curse: m.return_prompt_no_swearing,
	threat: m.return_prompt_threat
};

const generalPrompts = [
	m.return_prompt_respectful,
	m.return_prompt_example,
	m.return_prompt_explain
];

/**
 * The prompts 'Terugsturen' offers for a response: first those that fit what the filter
 * flagged (personal data: leave it out; a slur: say it without), then the general ones.
 */
export function returnPrompts(flags: { kind: string }[]): { fits: boolean; text: string }[] {
	const fitting = [
		...new Set(
			flags.flatMap((flag) => (fittingPrompts[flag.kind] ? [fittingPrompts[flag.kind]] : []))
		)
	];
	return [
		...fitting.map((prompt) => ({ fits: true, text: prompt() })),
		...generalPrompts.map((prompt) => ({ fits: false, text: prompt() }))
	];
}
