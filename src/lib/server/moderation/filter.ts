// Holds back responses a teacher should see before anyone else does: slurs, insults, threats,
// disguised curses and personal data (phone numbers, e-mail and street addresses, @handles, links);
// a word-cloud word also when it is a first name or a curse on its own. A flag never publishes
// or deletes anything: it puts the response aside for the teacher, with the reason.

import nl from './wordlist.nl.json' with { type: 'json' };
import en from './wordlist.en.json' with { type: 'json' };
import { remove as removeConfusables } from 'confusables';
import type { Faker } from '@faker-js/faker';
import { createRequire } from 'node:module';

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
	/** Curses that a sentence may use plainly ('overleden aan kanker'); held alone or disguised. */
	curse?: string[];
	/** Words that make a group word a slur when put before it or joined to it ('vuile', 'kut'). */
	hostile?: string[];
	/** Words for a group of people, neutral on their own ('jood', 'moslims'). */
	group?: string[];
	/** First names that are far more often an ordinary word ('hoop', 'storm', 'van'). */
	notNames?: { words: string[] };
}

interface Term {
	kind: 'slur' | 'insult' | 'threat';
	words: string[];
	/** The last word may have any ending. */
	open: boolean;
	/** Per word: the word with any of its letters stretched ('fliiiikkkkeeer'). */
	stretched: RegExp[];
	/** The first word as written, as 'you' is read alike, and with doubled letters as one. */
	first: [plain: string, canonical: string, single: string];
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
 * reads 'flikker' on screen, up to a pop (U+202C, U+2069), another override or the line's end.
 * The filter reads such a stretch as it is shown.
 */
function asDisplayed(text: string): string {
	return text.replace(/\u202E([^\u202A-\u202E\u2066-\u2069\n]*)/gu, (_, shown: string) =>
		[...shown].reverse().join('')
	);
}
/** Embeddings, overrides and isolates: where they are, a word may be shown otherwise than typed. */
const bidiControls = /[\u202A-\u202E\u2066-\u2069]/u;

/** Lower case, no accents or invisible characters, look-alikes and common letter swaps undone. */
export function normaliseForFilter(text: string): string {
	// Look-alikes from other scripts (Cyrillic а, Greek ο, mathematical 𝐟) as Latin letters: Unicode's confusables.
	return removeConfusables(asDisplayed(text.normalize('NFKC')).replace(/\p{DI}/gu, ''))
		.toLowerCase()
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/[0-9@$]|!(?=\p{L})/gu, (character) => letterSwaps[character] ?? character);
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
	const found = [plain, cutTo('$1$1'), cutTo('$1')];
	// A word cut into pieces of one or two letters ('ka nk er').
	const pieces = joinPieces(plain);
	if (pieces) found.push(pieces);
	// Bidi controls the display does not undo the way we read it: each word backwards too.
	if (bidiControls.test(text)) found.push(plain.map((word) => [...word].reverse().join('')));
	return found;
}

/** Runs of three or more words of one or two letters as one word; null when there are none. */
function joinPieces(tokens: string[]): string[] | null {
	const joined: string[] = [];
	let run: string[] = [];
	let changed = false;
	const flush = () => {
		if (run.length >= 3) {
			joined.push(run.join(''));
			changed = true;
		} else joined.push(...run);
		run = [];
	};
	for (const token of tokens) {
		if ([...token].length <= 2) run.push(token);
		else {
			flush();
			joined.push(token);
		}
	}
	flush();
	return changed ? joined : null;
}

/** The words as typed, only lower-cased and without accents: what a pupil wrote plainly. */
function plainWords(text: string): Set<string> {
	return new Set(
		text
			.toLowerCase()
			// Accents that make one letter with theirs stay letters; marks strewn over letters ('k̶a̶n̶k̶e̶r̶') do not.
			.normalize('NFC')
			.replace(/\p{M}/gu, ' ')
			.normalize('NFD')
			.replace(/\p{M}/gu, '')
			.replace(/’/g, "'")
			.split(/[^\p{L}']+/u)
			.filter(Boolean)
	);
}

/** Doubled letters as one ('kannkerr'), to compare a word with a listed one. */
const single = (word: string) => word.replace(/(\p{L})\1+/gu, '$1');

/** Lower case and no accents, as names and curses are compared. */
const folded = (word: string) => word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

// First names: faker's Dutch and English lists, kept up by its maintainers (Dutch ones include the
// Moroccan, Turkish and international names common in Dutch classes). Loading them takes about a
// tenth of a second, so they are loaded when the first word-cloud word is checked, not when the
// server starts or a module imports this one.
let loadedFirstNames: ReadonlySet<string> | null = null;
function firstNames(): ReadonlySet<string> {
	if (loadedFirstNames) return loadedFirstNames;
	const load = createRequire(import.meta.url);
	const sources = ['nl', 'en'].map(
		(locale) => (load(`@faker-js/faker/locale/${locale}`) as { faker: Faker }).faker
	);
	loadedFirstNames = new Set(
		sources.flatMap((source) =>
			Object.values(source.rawDefinitions.person?.first_name ?? {})
				.flat()
				.map((name) => folded(name as string))
		)
	);
	return loadedFirstNames;
}

/** What a reading's words start with, to pass over the listed terms none of them can match. */
interface ReadingIndex {
	starts: Set<string>;
	singles: Set<string>;
	stretched: boolean;
}

function indexOf(tokens: string[]): ReadingIndex {
	const starts = new Set<string>();
	for (const token of tokens) {
		for (const form of [token, canonical(token)]) {
			for (let end = 1; end <= form.length; end += 1) starts.add(form.slice(0, end));
		}
	}
	return { starts, singles: new Set(tokens.map(single)), stretched: tokens.some(isStretched) };
}

/** Whether a term's first word could match a word of the reading, as find() would try. */
function mayMatch(index: ReadingIndex, { first: [plain, sameAs, singled] }: Term): boolean {
	return (
		index.stretched ||
		index.starts.has(plain) ||
		index.starts.has(sameAs) ||
		index.singles.has(singled)
	);
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

/** A word less a plural or diminutive ending ('joden' stays, 'moslims' → 'moslim'). */
function withoutEnding(word: string): string {
	const ending = word.match(/(?:'s|s|je|jes|tje|tjes)$/);
	return ending ? word.slice(0, -ending[0].length) : word;
}

/** A word inserted into a threat ('ik maak je echt af') that does not turn it around. */
const negations = new Set(['niet', 'geen', 'nooit', 'not', 'never', "don't", 'dont', 'nie']);
const maxInserted = 2;

/** Local part, 'at', domain, 'dot', top-level domain, each in the ways pupils write them. */
const at = String.raw`(?:\s*@\s*|\s*[[({<]\s*(?:at|a|@|ape?n?staartje)\s*[\])}>]\s*|\s+(?:at|ape?n?staartje)\s+)`;
const dot = String.raw`(?:\.|\s*[[({<]\s*(?:dot|punt|\.)\s*[\])}>]\s*|\s+(?:dot|punt)\s+)`;
/** With a real '@', a spaced '.' too ('jan @ gmail . com'), before a known top-level domain. */
const spacedDot = String.raw`\s*\.\s*`;
const topLevel = String.raw`(?:nl|com|be|net|org|eu|de|fr|uk|io|info|me|co)`;
/** Mail providers pupils use: 'jan at gmail' needs no '.com' to be an address. */
const providers = String.raw`(?:gmail|hotmail|outlook|icloud|yahoo|ziggo|kpnmail|live|protonmail|proton)`;

/** A street name ('Kerkstraat', 'Lindenlaan', 'Baker Street') before a house number. */
const streetEnd = String.raw`(?:straat|laan|weg|plein|gracht|kade|singel|dreef|hof|park|pad|steeg|dijk|plantsoen|markt|baan|erf|wal|veld|ring|allee|street|road|avenue|lane|drive|close)`;
/** Counted things after a number: then the street word is a place in a sentence, not an address. */
const counted =
	/^\s*(?:%|procent|keer|uur|minuten|min|jaar|jaren|dagen|weken|km|meter|m|mensen|kinderen|leerlingen|jongens|meisjes|man|vrouwen|euro|times|hours|minutes|years|people)\b/i;
/** Words a pupil uses to say where they live. */
const livesAt = /\b(?:woon|woont|wonen|woonde|adres|address|live|lives)\b[^.!?\n]{0,20}$/i;

/** Short words that can stand between a number and a house number in a sentence ('in 2024 is 5'). */
const notPostcodeLetters = new Set(
	'is in en op de om af al nu of ja ze we je er te na zo ik uw at to on an as or so be me my no up us do go he by if it am et'.split(
		' '
	)
);

/** Units and letters after a year that are not a postcode ('1000 km', 'in 2024 VS'). */
const notPostcodeUnits = new Set(
	'km cm mm kg ml gb mb kb pk vs us eu nl uk vn tv ok ai pm am bc ad'.split(' ')
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
	{
		kind: 'email',
		pattern: new RegExp(
			String.raw`[\w.+-]*\w\s*@\s*[\w-]+(?:${spacedDot}[\w-]+)*${spacedDot}${topLevel}\b`,
			'gi'
		)
	},
	{
		kind: 'email',
		pattern: new RegExp(String.raw`[\w.+-]*\w${at}${providers}\b`, 'gi')
	},
	{ kind: 'link', pattern: /\b(?:https?:\/\/|www\.)\S+/gi },
	// Nine or more digits, allowing spaces, dots, dashes, slashes and brackets between them: any phone number.
	{ kind: 'phone', pattern: /(?:\+|\(|\b)\d(?:[\s.\-/()]{0,3}\d){8,}(?!\d)/g },
	{ kind: 'handle', pattern: /(?:^|[^\w@.])@[a-z0-9_.]{2,}/gi },
	// A Dutch postcode with a house number ('1234 AB 5', '1234ab 12a'): an address.
	{
		kind: 'address',
		pattern:
			/\b[1-9]\d{3}(\s?|-)([a-z]{2})\s*(?:(?:nr|no|nummer|huisnummer|number)\.?\s*)?\d{1,5}(?:\s?[a-z])?\b/gi,
		accept: ([, space, letters]) =>
			space !== ' ' ||
			letters === letters.toUpperCase() ||
			!notPostcodeLetters.has(letters.toLowerCase())
	},
	// A postcode on its own, written as one ('1234AB') or in capitals ('1234 AB').
	{
		kind: 'address',
		pattern: /\b[1-9]\d{3}(\s?)([a-z]{2})\b(?!\s*\d)/gi,
		accept: ([, space, letters]) =>
			!notPostcodeUnits.has(letters.toLowerCase()) &&
			(space === '' || letters === letters.toUpperCase())
	},
	// A street with a house number ('Kerkstraat 12 Almere', 'ik woon op de lindenlaan 4').
	{
		kind: 'address',
		pattern: new RegExp(
			String.raw`\b(\p{L}{2,}${streetEnd}|\p{Lu}\p{L}+ (?:street|road|avenue|lane))\s+(?:(?:op\s+)?(?:nr|nummer|no)\.?\s*)?(\d{1,4})(\s?[a-z])?\b`,
			'giu'
		),
		accept: (match) => {
			const [whole, street, , letter] = match;
			const before = match.input!.slice(0, match.index);
			const after = match.input!.slice(match.index! + whole.length);
			if (counted.test(after)) return false;
			// A capitalised street with a number that ends the sentence, or any followed by a town.
			return (
				livesAt.test(before) ||
				Boolean(letter) ||
				/^\s*,?\s*(?:te\s+|in\s+)?\p{Lu}\p{Ll}/u.test(after) ||
				(/^\p{Lu}/u.test(street) && /^\s*(?:[,.!?;:)]|$)/u.test(after))
			);
		}
	}
];

/** Number words and the digits they stand for, to read a phone number written out. */
const numberWords = new Map<string, string>([
	...'nul een twee drie vier vijf zes zeven acht negen'
		.split(' ')
		.map((w, i) => [w, String(i)] as const),
	...'zero one two three four five six seven eight nine'
		.split(' ')
		.map((w, i) => [w, String(i)] as const),
	...'tien elf twaalf dertien veertien vijftien zestien zeventien achttien negentien'
		.split(' ')
		.map((w, i) => [w, String(10 + i)] as const),
	...'ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'
		.split(' ')
		.map((w, i) => [w, String(10 + i)] as const),
	['oh', '0'],
	['o', '0']
]);
const dutchTens = 'twintig dertig veertig vijftig zestig zeventig tachtig negentig'.split(' ');
const englishTens = 'twenty thirty forty fifty sixty seventy eighty ninety'.split(' ');
const units = 'een twee drie vier vijf zes zeven acht negen'.split(' ');
const englishUnits = 'one two three four five six seven eight nine'.split(' ');
dutchTens.forEach((ten, t) => {
	numberWords.set(ten, `${t + 2}0`);
	units.forEach((unit, u) => numberWords.set(`${unit}en${ten}`, `${t + 2}${u + 1}`));
});
englishTens.forEach((ten, t) => {
	numberWords.set(ten, `${t + 2}0`);
	englishUnits.forEach((unit, u) => numberWords.set(`${ten}${unit}`, `${t + 2}${u + 1}`));
});
/** Words that may stand between the parts of a number without ending it ('06 en dan 1234 5678'). */
const numberFillers = new Set(['en', 'dan', 'and', 'then', 'streepje', 'min', 'dash']);

/**
 * A phone number that the digit pattern does not see: written with O for zero and l for one
 * ('O6 l2345678'), split by words ('06 en dan 12345678') or in words ('nul zes twaalf ...').
 * Nine or more digits in a row that start as a Dutch number does (0, 31, 0031).
 */
function spelledPhoneNumbers(text: string): string[] {
	const found: string[] = [];
	let digits = '';
	let start = -1;
	let end = -1;
	const flush = () => {
		if (digits.length >= 9 && digits.length <= 14 && /^(?:0|31)/.test(digits)) {
			found.push(text.slice(start, end).trim());
		}
		digits = '';
		start = -1;
	};
	for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
		const token = match[0].normalize('NFD').replace(/\p{M}/gu, '');
		const value =
			/^[\doil]+$/.test(token) && /\d/.test(token)
				? token.replace(/o/g, '0').replace(/[il]/g, '1')
				: numberWords.get(token);
		if (value !== undefined) {
			if (start < 0) start = match.index;
			digits += value;
			end = match.index + match[0].length;
		} else if (start < 0 || !numberFillers.has(token)) flush();
	}
	flush();
	return found;
}

export const shippedWordLists: WordList[] = [nl, en];

export class ResponseFilter {
	private readonly terms: Term[];
	private readonly curses: Set<string>;
	private readonly hostile: Set<string>;
	private readonly groups: Set<string>;
	/** Single listed words by their kind, to read joined ('kutmarokkaan') and masked ('k*nker') forms. */
	private readonly singles = new Map<string, Term['kind'] | 'curse'>();
	private readonly notNames: Set<string>;

	constructor(lists: WordList[] = shippedWordLists) {
		this.terms = lists.flatMap((list) =>
			(['slur', 'insult', 'threat'] as const).flatMap((kind) =>
				(list[kind] ?? []).map((term) => {
					const termWords = words(term.replace(/\*$/, ''));
					const open = term.endsWith('*');
					const head = termWords[0] ?? '';
					return {
						kind,
						words: termWords,
						open,
						stretched: termWords.map((word, index) =>
							stretchedForm(word, open && index === termWords.length - 1)
						),
						first: [head, canonical(head), single(head)]
					} satisfies Term;
				})
			)
		);
		const all = (key: 'curse' | 'hostile' | 'group') =>
			new Set(lists.flatMap((list) => list[key] ?? []).map(folded));
		this.curses = all('curse');
		this.hostile = all('hostile');
		this.groups = all('group');
		this.notNames = new Set(lists.flatMap((list) => list.notNames?.words ?? []).map(folded));
		for (const term of this.terms) {
			if (term.words.length === 1 && term.kind !== 'threat')
				this.singles.set(term.words[0], term.kind);
		}
		for (const curse of this.curses) if (!this.singles.has(curse)) this.singles.set(curse, 'curse');
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
		if (!flags.some((flag) => flag.kind === 'phone')) {
			for (const match of spelledPhoneNumbers(plain)) flags.push({ kind: 'phone', match });
		}
		// An e-mail address is not also a handle, nor found twice.
		const emails = flags.filter((flag) => flag.kind === 'email').map((flag) => flag.match);
		const withoutDoubles = flags.filter(
			(flag, index) =>
				(flag.kind !== 'handle' ||
					!emails.some((email) => email.includes(flag.match.replace(/^@/, '')))) &&
				!flags.some(
					(other, before) =>
						before < index && other.kind === flag.kind && other.match.includes(flag.match)
				)
		);

		const texts = readings(text);
		const indexes = texts.map(indexOf);
		for (const term of this.terms) {
			let found: string | null = null;
			for (let reading = 0; reading < texts.length && !found; reading += 1) {
				if (mayMatch(indexes[reading], term)) found = this.find(texts[reading], term);
			}
			if (found) withoutDoubles.push({ kind: term.kind, match: found });
		}
		const seen = new Set(withoutDoubles.map((flag) => flag.kind));
		for (const flag of [...this.joined(texts), ...this.split(texts), ...this.masked(text)]) {
			if (!seen.has(flag.kind)) {
				seen.add(flag.kind);
				withoutDoubles.push(flag);
			}
		}
		// A curse typed plainly is a word a sentence may need ('overleden aan kanker'); disguised, it is a signal.
		if (!seen.has('curse')) {
			const typed = plainWords(text);
			const plainCurse = [...typed].some((word) => this.isCurse(word, true));
			const curse = plainCurse ? undefined : texts.flat().find((token) => this.isCurse(token));
			if (curse) withoutDoubles.push({ kind: 'curse', match: curse });
		}
		return withoutDoubles;
	}

	/**
	 * A word-cloud word stands alone on the board, without a sentence around it: besides what
	 * check() holds, a first name and a word that is a curse on its own are held.
	 */
	checkWord(word: string): Flag[] {
		const flags = this.check(word);
		if (!flags.some((flag) => flag.kind === 'curse')) {
			const curse = readings(word)
				.flat()
				.find((token) => this.isCurse(token));
			if (curse) flags.push({ kind: 'curse', match: curse });
		}
		const name = [...plainWords(word), ...words(word)].find(
			(token) => firstNames().has(token) && !this.notNames.has(token)
		);
		if (name) flags.push({ kind: 'name', match: name });
		return flags;
	}

	/** A curse, also with its letters doubled ('kannkerr'), unless only as it is spelled. */
	private isCurse(token: string, asSpelled = false): boolean {
		if (this.curses.has(token) || (!asSpelled && this.curses.has(single(token)))) return true;
		for (const curse of this.curses) {
			if (token.startsWith(curse) && endings.test(token.slice(curse.length))) return true;
		}
		return false;
	}

	/**
	 * Two words run together or side by side that make a slur: a hostile word or a slur with a
	 * group word or a slur ('kutmarokkaan', 'vuilejood', 'kanker moslims', 'negerhoer').
	 */
	private joined(texts: string[][]): Flag[] {
		const isSlur = (word: string) =>
			this.singles.get(word) === 'slur' || this.singles.get(withoutEnding(word)) === 'slur';
		const isGroup = (word: string) => this.groups.has(word) || this.groups.has(withoutEnding(word));
		const targetOf = (word: string) => isGroup(word) || isSlur(word);
		for (const tokens of texts) {
			for (let index = 0; index < tokens.length; index += 1) {
				const token = tokens[index];
				const next = tokens[index + 1];
				if (next && this.hostile.has(token) && targetOf(next)) {
					return [{ kind: 'slur', match: `${token} ${next}` }];
				}
				for (let cut = 2; cut <= token.length - 3; cut += 1) {
					const first = token.slice(0, cut);
					const rest = token.slice(cut);
					const firstHostile = this.hostile.has(first) || isSlur(first);
					if ((firstHostile && targetOf(rest)) || (isGroup(first) && isSlur(rest))) {
						return [{ kind: 'slur', match: token }];
					}
				}
			}
		}
		return [];
	}

	/** A curse or slur cut in two ('kan ker', 'flik ker'): two words that are one listed word together. */
	private split(texts: string[][]): Flag[] {
		for (const tokens of texts) {
			for (let index = 0; index + 1 < tokens.length; index += 1) {
				const together = tokens[index] + tokens[index + 1];
				const kind = this.singles.get(together);
				// Curses and slurs only: an insult may be two plain words ('los, er is' → 'loser').
				if (
					(kind === 'curse' || kind === 'slur') &&
					!this.singles.has(tokens[index]) &&
					!this.singles.has(tokens[index + 1])
				) {
					return [{ kind, match: `${tokens[index]} ${tokens[index + 1]}` }];
				}
			}
		}
		return [];
	}

	/** Letters hidden behind stars or other marks ('k*nker', 'f#ck', 'fl!kk3r' is read by swaps). */
	private masked(text: string): Flag[] {
		const flags: Flag[] = [];
		for (const chunk of text.split(/\s+/)) {
			if (!/\p{L}[*#_%?]+\p{L}|^\p{L}[*#_%?]+|\p{L}[*#_%?]+$/u.test(chunk)) continue;
			const word = normaliseForFilter(chunk).replace(/[^\p{L}*#_%?]/gu, '');
			const pattern = new RegExp(
				`^${word.replace(/[*#_%?]+/g, (marks) => `\\p{L}{${marks.length}}`)}$`,
				'u'
			);
			for (const [listed, kind] of this.singles) {
				if (listed.length === word.length && pattern.test(listed)) {
					flags.push({ kind, match: chunk });
					break;
				}
			}
		}
		return flags;
	}

	private find(tokens: string[], term: Term): string | null {
		const length = term.words.length;
		if (length === 0) return null;
		const matchesWord = (token: string, index: number) => {
			const word = term.words[index];
			const isLast = index === length - 1;
			if (canonical(token) === canonical(word)) return true;
			if (isStretched(token) && term.stretched[index].test(token)) return true;
			// Letters doubled where they are single ('kuttmarokkaan', 'flikkkker' is stretched).
			if (length === 1 && !term.open && token.length >= 5 && single(token) === single(word))
				return true;
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
