// Holds back responses a teacher should see before anyone else does: slurs, insults, threats
// and personal data (phone numbers, e-mail addresses, @handles, links). A flag never publishes
// or deletes anything: it puts the response aside for the teacher, with the reason.

import nl from './wordlist.nl.json' with { type: 'json' };
import en from './wordlist.en.json' with { type: 'json' };

export type FlagKind = 'slur' | 'insult' | 'threat' | 'phone' | 'email' | 'handle' | 'link';

export interface Flag {
	kind: FlagKind;
	/** What matched, so the teacher sees why: the text itself for personal data, the normalised words for word lists. */
	match: string;
}

export interface WordList {
	slur?: string[];
	insult?: string[];
	threat?: string[];
}

interface Term {
	kind: 'slur' | 'insult' | 'threat';
	words: string[];
	/** The last word may have any ending. */
	open: boolean;
}

const letterSwaps: Record<string, string> = {
	'0': 'o',
	'1': 'i',
	'3': 'e',
	'4': 'a',
	'5': 's',
	'7': 't',
	'@': 'a',
	$: 's',
	'!': 'i'
};

/** Lower case, no accents, common letter swaps undone. */
export function normaliseForFilter(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase()
		.replace(/[0-9@$!]/g, (character) => letterSwaps[character] ?? character);
}

function words(text: string): string[] {
	return normaliseForFilter(text)
		.split(/[^\p{L}']+/u)
		.filter(Boolean);
}

/**
 * The words of a text in two readings of stretched letters ('kloooootzak', 'kaaaanker'):
 * runs cut to two letters and cut to one, since a real word may have either.
 */
function readings(text: string): string[][] {
	const plain = words(text);
	const cutTo = (keep: string) => plain.map((word) => word.replace(/(\p{L})\1{2,}/gu, keep));
	return [plain, cutTo('$1$1'), cutTo('$1')];
}

const personalData: { kind: FlagKind; pattern: RegExp }[] = [
	{ kind: 'email', pattern: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g },
	{ kind: 'link', pattern: /\b(?:https?:\/\/|www\.)\S+/gi },
	// Nine or more digits in a row, allowing spaces, dots and dashes: any phone number.
	{ kind: 'phone', pattern: /(?:\+|\b)\d(?:[\s.-]?\d){8,}\b/g },
	{ kind: 'handle', pattern: /(?:^|[^\w@.])@[a-z0-9_.]{2,}/gi }
];

export const shippedWordLists: WordList[] = [nl, en];

export class ResponseFilter {
	private readonly terms: Term[];

	constructor(lists: WordList[] = shippedWordLists) {
		this.terms = lists.flatMap((list) =>
			(['slur', 'insult', 'threat'] as const).flatMap((kind) =>
				(list[kind] ?? []).map((term) => ({
					kind,
					words: words(term.replace(/\*$/, '')),
					open: term.endsWith('*')
				}))
			)
		);
	}

	check(text: string): Flag[] {
		const flags: Flag[] = [];
		for (const { kind, pattern } of personalData) {
			for (const match of text.matchAll(pattern)) flags.push({ kind, match: match[0].trim() });
		}
		// An e-mail address is not also a handle.
		const emails = flags.filter((flag) => flag.kind === 'email').map((flag) => flag.match);
		const withoutDoubles = flags.filter(
			(flag) =>
				flag.kind !== 'handle' ||
				!emails.some((email) => email.includes(flag.match.replace(/^@/, '')))
		);

		const texts = readings(text);
		for (const term of this.terms) {
			const found = texts.map((tokens) => this.find(tokens, term)).find((match) => match !== null);
			if (found) withoutDoubles.push({ kind: term.kind, match: found });
		}
		return withoutDoubles;
	}

	private find(tokens: string[], term: Term): string | null {
		const length = term.words.length;
		if (length === 0) return null;
		for (let start = 0; start + length <= tokens.length; start += 1) {
			const matches = term.words.every((word, index) => {
				const token = tokens[start + index];
				const last = index === length - 1;
				return last && term.open ? token.startsWith(word) : token === word;
			});
			if (matches) return tokens.slice(start, start + length).join(' ');
		}
		return null;
	}
}
