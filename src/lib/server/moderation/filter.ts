// Holds back responses a teacher should see before anyone else does: slurs, insults, threats
// and personal data (phone numbers, e-mail addresses, @handles, links). A flag never publishes
// or deletes anything: it puts the response aside for the teacher, with the reason.

import nl from './wordlist.nl.json' with { type: 'json' };
import en from './wordlist.en.json' with { type: 'json' };
import { remove as removeConfusables } from 'confusables';

export type FlagKind =
	| 'slur'
	| 'insult'
	| 'threat'
	| 'phone'
	| 'email'
	| 'handle'
	| 'link'
	| 'address'
	/** A word-cloud word that is a common first name: perhaps a classmate's. */
	| 'name'
	/** A word-cloud word that is a curse on its own ('kanker'), though a sentence may use it plainly. */
	| 'curse';

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
	/** Per word: the word with any of its letters stretched ('fliiiikkkkeeer'). */
	stretched: RegExp[];
}

function stretchedForm(word: string, open: boolean): RegExp {
	const letters = word.replace(/(.)\1*/gu, (run: string, letter: string) => {
		const escaped = letter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		return `${escaped}{${[...run].length},}`;
	});
	return new RegExp(`^${letters}${open ? '' : '$'}`, 'u');
}
const isStretched = (token: string) => /(\p{L})\1{2,}/u.test(token);

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

/**
 * A right-to-left override (U+202E) shows the letters after it in reverse: 'rekkilf' then
 * reads 'flikker' on screen. The filter reads such a stretch as it is shown.
 */
function asDisplayed(text: string): string {
	return text.replace(/\u202E([^\u202C\n]*)\u202C?/gu, (_, shown: string) =>
		[...shown].reverse().join('')
	);
}

/** Lower case, no accents or invisible characters, look-alikes and common letter swaps undone. */
export function normaliseForFilter(text: string): string {
	// Look-alikes from other scripts (Cyrillic а, Greek ο, mathematical 𝐟) as Latin letters: Unicode's confusables.
	return removeConfusables(asDisplayed(text.normalize('NFKC')).replace(/\p{DI}/gu, ''))
		.toLowerCase()
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/[0-9@$!]/g, (character) => letterSwaps[character] ?? character);
}

/**
 * The words of a text. Letters typed one by one with anything between them ('k a n k e r',
 * 'k.a.n.k.e.r') are read as the word they spell.
 */
function words(text: string): string[] {
	const tokens = normaliseForFilter(text)
		.split(/[^\p{L}']+/u)
		.filter(Boolean);
	const joined: string[] = [];
	let letters: string[] = [];
	const flush = () => {
		if (letters.length >= 3) joined.push(letters.join(''));
		else joined.push(...letters);
		letters = [];
	};
	for (const token of tokens) {
		if ([...token].length === 1) letters.push(token);
		else {
			flush();
			joined.push(token);
		}
	}
	flush();
	return joined;
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

/** Ways of writing 'you' that threats and insults use alike ('ik vermoord jou', 'fuck u'). */
const sameWord = new Map(
	[
		['je', 'jou', 'jij'],
		['you', 'u', 'ya', 'yu']
	].flatMap((group) => group.map((word) => [word, group[0]] as const))
);
const canonical = (word: string) => sameWord.get(word) ?? word;

/** Endings that keep a word what it is: plural s and the diminutive ('flikkertje', 'hoertjes'). */
const endings = /^(?:s|'s|je|jes|tje|tjes|pje|pjes|kje|kjes|etje|etjes)$/;

/** A word inserted into a threat ('ik maak je echt af') that does not turn it around. */
const negations = new Set(['niet', 'geen', 'nooit', 'not', 'never', "don't", 'dont', 'nie']);
const maxInserted = 2;

/** Local part, 'at', domain, 'dot', top-level domain, each in the ways pupils write them. */
const at = String.raw`(?:\s*@\s*|\s*[[({<]\s*(?:at|@|apenstaartje)\s*[\])}>]\s*|\s+(?:at|apenstaartje)\s+)`;
const dot = String.raw`(?:\.|\s*[[({<]\s*(?:dot|punt|\.)\s*[\])}>]\s*|\s+(?:dot|punt)\s+)`;

/** Short words that can stand between a number and a house number in a sentence ('in 2024 is 5'). */
const notPostcodeLetters = new Set(
	'is in en op de om af al nu of ja ze we je er te na zo ik uw at to on an as or so be me my no up us do go he by if it am et'.split(
		' '
	)
);

const personalData: {
	kind: FlagKind;
	pattern: RegExp;
	accept?: (match: RegExpMatchArray) => boolean;
}[] = [
	{
		kind: 'email',
		pattern: new RegExp(String.raw`[\w.+-]*\w${at}[\w-]+(?:${dot}[\w-]+)*${dot}[a-z]{2,}\b`, 'gi')
	},
	{ kind: 'link', pattern: /\b(?:https?:\/\/|www\.)\S+/gi },
	// Nine or more digits, allowing spaces, dots, dashes, slashes and brackets between them: any phone number.
	{ kind: 'phone', pattern: /(?:\+|\(|\b)\d(?:[\s.\-/()]{0,3}\d){8,}(?!\d)/g },
	{ kind: 'handle', pattern: /(?:^|[^\w@.])@[a-z0-9_.]{2,}/gi },
	// A Dutch postcode with a house number ('1234 AB 5', '1234ab 12a'): an address.
	{
		kind: 'address',
		pattern: /\b[1-9]\d{3}(\s?)([a-z]{2})\s*\d{1,5}(?:\s?[a-z])?\b/gi,
		accept: ([, space, letters]) =>
			space === '' ||
			letters === letters.toUpperCase() ||
			!notPostcodeLetters.has(letters.toLowerCase())
	}
];

export const shippedWordLists: WordList[] = [nl, en];

export class ResponseFilter {
	private readonly terms: Term[];

	constructor(lists: WordList[] = shippedWordLists) {
		this.terms = lists.flatMap((list) =>
			(['slur', 'insult', 'threat'] as const).flatMap((kind) =>
				(list[kind] ?? []).map((term) => {
					const termWords = words(term.replace(/\*$/, ''));
					const open = term.endsWith('*');
					return {
						kind,
						words: termWords,
						open,
						stretched: termWords.map((word, index) =>
							stretchedForm(word, open && index === termWords.length - 1)
						)
					};
				})
			)
		);
	}

	check(text: string): Flag[] {
		// Personal data is looked for as typed, less what cannot be seen and in the digits NFKC gives.
		const plain = asDisplayed(text.normalize('NFKC')).replace(/\p{DI}/gu, '');
		const flags: Flag[] = [];
		for (const { kind, pattern, accept } of personalData) {
			for (const match of plain.matchAll(pattern)) {
				if (!accept || accept(match)) flags.push({ kind, match: match[0].trim() });
			}
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

	/**
	 * A word-cloud word stands alone on the board, without a sentence around it: besides what
	 * check() holds, a first name and a word that is a curse on its own are held.
	 */
	checkWord(word: string): Flag[] {
		return this.check(word);
	}

	private find(tokens: string[], term: Term): string | null {
		const length = term.words.length;
		if (length === 0) return null;
		const matchesWord = (token: string, index: number) => {
			const word = term.words[index];
			const isLast = index === length - 1;
			if (canonical(token) === canonical(word)) return true;
			if (isStretched(token) && term.stretched[index].test(token)) return true;
			if (isLast && term.open) return token.startsWith(word);
			// A single listed word with a plural or diminutive ending; threats are phrases.
			return (
				length === 1 &&
				term.kind !== 'threat' &&
				word.length >= 3 &&
				token.startsWith(word) &&
				(endings.test(token.slice(word.length)) ||
					// A doubled last letter before -etje: 'lulletje'.
					(token[word.length] === word.at(-1) && endings.test(token.slice(word.length + 1))))
			);
		};
		// A phrase typed as one word: 'vuilehomo', 'ikmaakjeaf'.
		if (length > 1) {
			const together = term.words.join('');
			const found = tokens.find((token) =>
				term.open ? token.startsWith(together) : token === together
			);
			if (found) return found;
		}
		// A threat stays a threat with a word or two inserted ('ik maak je echt af'), unless it is a 'niet'.
		const insertions = term.kind === 'threat' && length >= 3 ? maxInserted : 0;
		for (let start = 0; start < tokens.length; start += 1) {
			if (!matchesWord(tokens[start], 0)) continue;
			let position = start + 1;
			let inserted = 0;
			let index = 1;
			while (index < length && position < tokens.length) {
				const token = tokens[position];
				if (matchesWord(token, index)) {
					index += 1;
				} else if (inserted < insertions && !negations.has(token)) {
					inserted += 1;
				} else break;
				position += 1;
			}
			if (index === length) return tokens.slice(start, position).join(' ');
		}
		return null;
	}
}
