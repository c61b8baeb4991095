// What each block type accepts: its prompt, its list, its attributes and their defaults.
// Turning a directive into a block is here; where blocks may stand is the parser's business.

import type { Marked, Token, Tokens } from 'marked';
import type { DirectiveAttributes } from './directive.ts';
import { closest, slugPattern } from './frontmatter.ts';
import type { BlockOption, BlockSettings, BoardBlock, LessonProblem } from './model.ts';
import { sanitizeBlockHtml, sanitizeInlineHtml, stripHtml } from './safety.ts';
import {
	answerBlockTypes,
	boardOnlyBlockTypes,
	isOneOf,
	type BlockType,
	type BoardBlockType,
	type TeacherBlockType
} from './vocabulary.ts';

export type AttributeName =
	| 'reveal'
	| 'pass'
	| 'min'
	| 'compare'
	| 'multiple'
	| 'reason'
	| 'max-length'
	| 'words'
	| 'timer'
	| 'scale'
	| 'replies'
	| 'direct'
	| 'think-time'
	| 'agree'
	| 'from';

/**
 * The one owner of the Dutch names an author may write for each attribute (`reden` for
 * `reason`): accepted as if the English name was written, and offered by the workshop's
 * completion. Every alias names one attribute only.
 */
export const attributeAliases: Record<AttributeName, readonly string[]> = {
	reveal: ['toon', 'tonen', 'onthul', 'uitslag'],
	pass: ['pas', 'passen', 'overslaan'],
	min: ['minimum', 'drempel'],
	compare: ['vergelijk', 'vergelijken', 'vergelijk-met'],
	multiple: ['meerdere', 'meer'],
	reason: ['reden', 'waarom', 'toelichting'],
	'max-length': ['lengte', 'max-lengte', 'maximale-lengte'],
	words: ['woorden'],
	timer: ['tijd', 'minuten'],
	scale: ['schaal'],
	replies: ['reacties', 'reageren'],
	direct: ['live'],
	'think-time': ['denktijd', 'bedenktijd', 'nadenktijd'],
	agree: ['instemmen', 'akkoord', 'afspreken'],
	from: ['na', 'vanuit']
};

const attributeOfAlias = new Map<string, AttributeName>(
	(Object.entries(attributeAliases) as [AttributeName, readonly string[]][]).flatMap(([name, aliases]) =>
		[name, ...aliases].map((alias) => [alias, name] as const)
	)
);

/** The attribute an author's word names (`reden` → `reason`), or null when none. */
export function attributeNamed(word: string): AttributeName | null {
	return attributeOfAlias.get(word.toLowerCase()) ?? null;
}

/** Dutch words for attribute values, read as the English ones (`handmatig` → `manual`). */
const valueAliases: Record<string, string> = { handmatig: 'manual', cijfers: 'numbers', getallen: 'numbers' };

interface BlockRule {
	prompt: 'required' | 'optional';
	/** Allowed numbers of list items; [0] means the block takes no list. */
	optionCounts: readonly number[] | { min: number; max: number };
	attributes: readonly AttributeName[];
	defaults: Partial<BlockSettings>;
	oncePerLesson?: boolean;
}

const answerAttributes = ['reveal', 'pass', 'min', 'compare', 'think-time'] as const;

const range = (min: number, max: number) => ({ min, max });

export const blockRules: Record<BoardBlockType, BlockRule> = {
	poll: { prompt: 'required', optionCounts: range(2, 10), attributes: [...answerAttributes, 'multiple'], defaults: {} },
	stelling: {
		prompt: 'required',
		optionCounts: [0],
		attributes: [...answerAttributes, 'reason'],
		defaults: { reveal: 'manual' }
	},
	positielijn: { prompt: 'required', optionCounts: [2], attributes: answerAttributes, defaults: {} },
	thermometer: { prompt: 'required', optionCounts: [0, 5], attributes: [...answerAttributes, 'scale'], defaults: {} },
	woordwolk: {
		prompt: 'required',
		optionCounts: [0],
		attributes: ['reveal', 'pass', 'min', 'words', 'direct', 'think-time'],
		defaults: { maxLength: 30 }
	},
	'vier-hoeken': { prompt: 'required', optionCounts: [4], attributes: [...answerAttributes, 'reason'], defaults: {} },
	lagerhuis: { prompt: 'required', optionCounts: [0, 3], attributes: [...answerAttributes, 'timer'], defaults: {} },
	open: {
		prompt: 'required',
		optionCounts: [0],
		attributes: ['pass', 'min', 'max-length', 'multiple', 'think-time'],
		defaults: {}
	},
	'stil-debat': {
		prompt: 'required',
		optionCounts: [0],
		attributes: ['pass', 'min', 'max-length', 'multiple', 'replies', 'think-time'],
		defaults: { replies: true, multiple: true }
	},
	vragenbus: { prompt: 'optional', optionCounts: [0], attributes: ['max-length'], defaults: {}, oncePerLesson: true },
	casus: {
		prompt: 'required',
		optionCounts: range(2, 6),
		attributes: [...answerAttributes, 'reason'],
		defaults: { reveal: 'manual', reason: true }
	},
	'exit-ticket': {
		prompt: 'optional',
		optionCounts: range(1, 5),
		attributes: ['pass', 'max-length', 'think-time'],
		defaults: {}
	},
	// `max-length`: of a suggestion to add, where the class agrees to the rules.
	gespreksregels: {
		prompt: 'optional',
		optionCounts: range(1, 12),
		attributes: ['agree', 'max-length'],
		// A pupil may suggest more than one rule.
		defaults: { multiple: true },
		oncePerLesson: true
	},
	// The prompt is the question pupils talk about; a list, what to talk about after it.
	tweegesprek: {
		prompt: 'required',
		optionCounts: range(0, 5),
		attributes: ['from', 'timer'],
		defaults: {}
	}
};

/**
 * Whether a block's answers can be set beside an earlier block's (before and after, in one
 * lesson or across a programme): the same type, and the same options in the same order.
 */
export function comparable(earlier: BoardBlock, later: BoardBlock): boolean {
	return (
		earlier.type === later.type &&
		earlier.options.length === later.options.length &&
		earlier.options.every((option, index) => option.text === later.options[index].text)
	);
}

export const defaultSettings: BlockSettings = {
	reveal: 'live',
	pass: true,
	minAnswers: 5,
	compareWith: null,
	compareAcross: null,
	multiple: false,
	reason: false,
	maxLength: 280,
	words: 3,
	timerMinutes: 5,
	scale: 'numbers',
	replies: false,
	direct: false,
	thinkSeconds: 0,
	agree: false,
	pairsFrom: null
};

type AttributeParser = (value: string | true, settings: BlockSettings) => boolean;

const flag = (value: string | true): boolean | null => {
	if (value === true) return true;
	const word = value.toLowerCase();
	if (['true', 'ja', 'yes', 'aan', 'on'].includes(word)) return true;
	if (['false', 'nee', 'no', 'uit', 'off'].includes(word)) return false;
	return null;
};

const wholeNumber = (value: string | true, min: number, max: number): number | null => {
	if (value === true || !/^\d+$/.test(value)) return null;
	const number = Number(value);
	return number >= min && number <= max ? number : null;
};

export const attributeParsers: Record<AttributeName, { expected: string; apply: AttributeParser }> = {
	reveal: {
		expected: 'manual, live',
		apply: (value, settings) => {
			if (value !== 'manual' && value !== 'live') return false;
			settings.reveal = value;
			return true;
		}
	},
	pass: { expected: 'true, false', apply: setFlag('pass') },
	multiple: { expected: 'true, false', apply: setFlag('multiple') },
	reason: { expected: 'true, false', apply: setFlag('reason') },
	replies: { expected: 'true, false', apply: setFlag('replies') },
	direct: { expected: 'true, false', apply: setFlag('direct') },
	agree: { expected: 'true, false', apply: setFlag('agree') },
	'think-time': { expected: '5-300', apply: setNumber('thinkSeconds', 5, 300) },
	from: {
		expected: 'id',
		apply: (value, settings) => {
			if (value === true || !blockIdPattern.test(value)) return false;
			settings.pairsFrom = value;
			return true;
		}
	},
	min: { expected: '1-50', apply: setNumber('minAnswers', 1, 50) },
	'max-length': { expected: '20-1000', apply: setNumber('maxLength', 20, 1000) },
	words: { expected: '1-5', apply: setNumber('words', 1, 5) },
	timer: { expected: '1-60', apply: setNumber('timerMinutes', 1, 60) },
	compare: {
		expected: 'id, lesson#id',
		apply: (value, settings) => {
			if (value === true) return false;
			// `lesson#block`: a block of an earlier lesson of the programme; else one of this lesson.
			const [lessonSlug, blockId] = value.split('#');
			if (blockId !== undefined) {
				if (!slugPattern.test(lessonSlug) || !blockIdPattern.test(blockId)) return false;
				settings.compareAcross = { lessonSlug, blockId };
				return true;
			}
			if (!blockIdPattern.test(value)) return false;
			settings.compareWith = value;
			return true;
		}
	},
	scale: {
		expected: 'numbers, emoji',
		apply: (value, settings) => {
			if (value !== 'numbers' && value !== 'emoji') return false;
			settings.scale = value;
			return true;
		}
	}
};

function setFlag(
	key: 'pass' | 'multiple' | 'reason' | 'replies' | 'direct' | 'agree'
): AttributeParser {
	return (value, settings) => {
		const parsed = flag(value);
		if (parsed === null) return false;
		settings[key] = parsed;
		return true;
	};
}

function setNumber(
	key: 'minAnswers' | 'maxLength' | 'words' | 'timerMinutes' | 'thinkSeconds',
	min: number,
	max: number
): AttributeParser {
	return (value, settings) => {
		const parsed = wholeNumber(value, min, max);
		if (parsed === null) return false;
		settings[key] = parsed;
		return true;
	};
}

export const blockIdPattern = /^[a-z0-9][a-z0-9-]{0,39}$/;

export function isBoardBlockType(type: BlockType): type is BoardBlockType {
	return isOneOf(boardOnlyBlockTypes, type) || isOneOf(answerBlockTypes, type);
}

export function isTeacherBlockType(type: string): type is TeacherBlockType {
	return type === 'docent' || type === 'vervolgvragen';
}

export interface BlockContent {
	/** The block's own Markdown, without nested directives. */
	tokens: Token[];
	line: number;
}

/**
 * Builds a board block from its header and content, reporting each way it breaks its rule.
 * Returns null only when the block cannot be used at all.
 */
export function buildBoardBlock(
	type: BoardBlockType,
	attributes: DirectiveAttributes,
	content: BlockContent,
	marked: Marked,
	problems: LessonProblem[]
): BoardBlock | null {
	const rule = blockRules[type];
	const line = content.line;
	const problemCountBefore = problems.length;

	if (attributes.id === null) {
		problems.push({ line, code: 'block-id-missing', params: { type } });
	} else if (!blockIdPattern.test(attributes.id)) {
		problems.push({ line, code: 'block-id-invalid', params: { type, id: attributes.id } });
	}

	const settings: BlockSettings = { ...defaultSettings, ...rule.defaults };
	for (const [written, rawValue] of attributes.values) {
		const name = attributeNamed(written);
		if (name === null || !isOneOf(rule.attributes, name)) {
			problems.push({
				line,
				code: 'block-attribute-unknown',
				params: {
					type,
					attribute: written,
					allowed: rule.attributes.join(', ') || '-',
					suggestion: name === null ? suggestAttribute(written, rule.attributes) : ''
				}
			});
			continue;
		}
		const value = rawValue === true ? rawValue : (valueAliases[rawValue.toLowerCase()] ?? rawValue);
		const parser = attributeParsers[name];
		if (!parser.apply(value, settings)) {
			problems.push({
				line,
				code: 'block-attribute-invalid',
				params: { type, attribute: written, value: rawValue === true ? '' : rawValue, expected: parser.expected }
			});
		}
	}

	// A block that pairs across an earlier block's answers has nobody to pair without one.
	const wroteFrom = [...attributes.values.keys()].some((word) => attributeNamed(word) === 'from');
	if (isOneOf(rule.attributes, 'from') && !wroteFrom) {
		problems.push({ line, code: 'pairs-from-missing', params: { type } });
	}

	const lists = content.tokens.filter((token): token is Tokens.List => token.type === 'list');
	const promptTokens = content.tokens.filter((token) => token.type !== 'list' && token.type !== 'space');
	const prompt = promptTokens.length > 0 ? sanitizeBlockHtml(marked.parser(promptTokens)) : '';
	if (rule.prompt === 'required' && stripHtml(prompt) === '') {
		problems.push({ line, code: 'block-prompt-missing', params: { type } });
	}

	const options = lists[0] ? listOptions(lists[0], marked) : [];
	const counts = rule.optionCounts;
	const takesNoList = 'length' in counts && counts.length === 1 && counts[0] === 0;
	const countFits = 'length' in counts
		? counts.includes(options.length)
		: options.length >= counts.min && options.length <= counts.max;
	if (lists.length > 1 || (takesNoList && options.length > 0)) {
		problems.push({ line, code: 'block-content-unexpected', params: { type } });
	} else if (!countFits) {
		const expected = 'length' in counts
			? counts.filter((count) => count > 0).join(' / ')
			: `${counts.min}-${counts.max}`;
		problems.push({
			line,
			code: options.length === 0 ? 'block-options-missing' : 'block-options-count',
			params: { type, expected, found: options.length }
		});
	}
	const seen = new Set<string>();
	for (const option of options) {
		const key = option.text.toLowerCase();
		if (seen.has(key)) {
			problems.push({ line, code: 'block-options-duplicate', params: { type, option: option.text } });
		}
		seen.add(key);
	}

	if (problems.length > problemCountBefore || attributes.id === null) return null;
	return { id: attributes.id, type, line, prompt, options, settings };
}

function listOptions(list: Tokens.List, marked: Marked): BlockOption[] {
	return list.items.map((item, index) => {
		const html = sanitizeInlineHtml(marked.parseInline(item.text.trim()) as string);
		return { index, html, text: stripHtml(html) };
	});
}

/** The allowed attribute an unknown word most likely meant, by its English or Dutch name. */
function suggestAttribute(word: string, allowed: readonly AttributeName[]): string {
	const names = allowed.flatMap((name) => [name, ...attributeAliases[name]]);
	const match = closest(word, names);
	return match === '' ? '' : (attributeNamed(match) ?? '');
}

export function suggestBlockType(name: string, known: readonly string[]): string {
	return closest(name, known);
}
