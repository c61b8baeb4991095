// The frontmatter: YAML between `---` lines, checked field by field so that every problem
// points at the line of the field it is about.

import * as v from 'valibot';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node, type Pair } from 'yaml';
import type { LessonMeta, LessonProblem } from './model.ts';
import { yamlProblem } from './yaml-trouble.ts';
import {
	audiences,
	languages,
	lessonKinds,
	sensitivities,
	theatrePhases,
	themes
} from './vocabulary.ts';

export interface FrontmatterSplit {
	yaml: string;
	/** Line number (1-based) of the first body line in the file. */
	bodyLine: number;
	body: string;
}

export function splitFrontmatter(source: string): FrontmatterSplit | LessonProblem {
	const lines = source.split('\n');
	if (lines[0]?.trim() !== '---') return { line: 1, code: 'frontmatter-missing', params: {} };
	const closing = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
	if (closing === -1) return { line: 1, code: 'frontmatter-unclosed', params: {} };
	return {
		yaml: lines.slice(1, closing).join('\n'),
		bodyLine: closing + 2,
		body: lines.slice(closing + 1).join('\n')
	};
}

type Expected =
	| 'text'
	| 'text-list'
	| 'choice'
	| 'choice-list'
	| 'minutes'
	| 'part'
	| 'version'
	| 'slug';

/** What YAML made of a value, named as an author would. */
export type FoundType = 'text' | 'number' | 'boolean' | 'list' | 'map';

/** The YAML types each kind of field takes; anything else is reported before its value is. */
const acceptedTypes: Record<Expected, readonly FoundType[]> = {
	text: ['text'],
	choice: ['text'],
	// `version: 1.0` is the number 1 to YAML: the author meant the text "1.0".
	version: ['text'],
	slug: ['text'],
	'text-list': ['text', 'list'],
	'choice-list': ['text', 'list'],
	minutes: ['number'],
	part: ['number']
};

export interface FormatOptions {
	/** Themes this deployment adds to the known ones (the LESSON_THEMES setting). */
	extraThemes?: readonly string[];
}

export interface FieldRule {
	required: boolean;
	expected: Expected;
	schema: v.GenericSchema;
	allowed?: readonly string[];
	/** For texts: the length an author must stay within; for numbers, the range. */
	length?: [number, number];
	/**
	 * The Dutch name an author writes, where the field has one (`reeks` for `series`); the
	 * English name is accepted as well. Fields older than programmes have one, English, name.
	 */
	written?: string;
}

const text = (min: number, max: number) => v.pipe(v.string(), v.trim(), v.minLength(min), v.maxLength(max));
// Authors write `audience: mbo` as often as `audience: [mbo]`; both mean the same.
const textList = (min: number) =>
	v.pipe(
		v.union([v.string(), v.array(v.string())]),
		v.transform((value) => (Array.isArray(value) ? value : [value]).map((item) => item.trim())),
		v.check((items) => items.length >= min && items.every((item) => item.length > 0))
	);

export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The most lessons a series has; a number past it is a typo, not a series. */
export const maxSeriesPart = 50;

export const fields: Record<keyof LessonMeta, FieldRule> = {
	slug: { required: false, expected: 'slug', schema: v.pipe(v.string(), v.maxLength(60), v.regex(slugPattern)) },
	title: { required: true, expected: 'text', schema: text(3, 120), length: [3, 120] },
	summary: { required: true, expected: 'text', schema: text(10, 500), length: [10, 500] },
	kind: { required: true, expected: 'choice', schema: v.picklist(lessonKinds), allowed: lessonKinds },
	performance: { required: false, expected: 'text', schema: text(2, 120), length: [2, 120] },
	phase: { required: false, expected: 'choice', schema: v.picklist(theatrePhases), allowed: theatrePhases },
	series: { required: false, expected: 'text', schema: text(2, 120), length: [2, 120], written: 'reeks' },
	part: {
		required: false,
		expected: 'part',
		schema: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(maxSeriesPart)),
		length: [1, maxSeriesPart],
		written: 'deel'
	},
	themes: { required: true, expected: 'choice-list', schema: textList(1), allowed: themes },
	audience: { required: true, expected: 'choice-list', schema: textList(1), allowed: audiences },
	duration: {
		required: true,
		expected: 'minutes',
		schema: v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(480))
	},
	goals: { required: true, expected: 'text-list', schema: textList(1) },
	materials: { required: false, expected: 'text-list', schema: textList(0) },
	language: { required: true, expected: 'choice', schema: v.picklist(languages), allowed: languages },
	authors: { required: true, expected: 'text-list', schema: textList(1) },
	licence: { required: true, expected: 'text', schema: text(2, 80), length: [2, 80] },
	version: {
		required: true,
		expected: 'version',
		schema: v.pipe(
			v.union([v.string(), v.number()]),
			v.transform(String),
			v.regex(/^\d+(\.\d+){0,2}$/)
		)
	},
	sensitivity: {
		required: false,
		expected: 'choice',
		schema: v.picklist(sensitivities),
		allowed: sensitivities
	},
	preparation: { required: false, expected: 'text', schema: text(2, 1000), length: [2, 1000] }
};

export const fieldNames = Object.keys(fields) as (keyof LessonMeta)[];

/** The name an author writes for a field: its Dutch name where it has one. */
export const writtenName = (name: keyof LessonMeta): string => fields[name].written ?? name;

/** Every name the frontmatter accepts, and the field it fills (`reeks` and `series`: series). */
const acceptedNames = new Map<string, keyof LessonMeta>(
	fieldNames.flatMap((name) => {
		const written = fields[name].written;
		return written ? [[written, name] as const, [name, name] as const] : [[name, name] as const];
	})
);

/**
 * Dutch names an author may reach for, suggested (not accepted: the frontmatter has one name
 * per field, so two authors' files always read alike).
 */
const dutchFieldNames: Record<string, keyof LessonMeta> = {
	titel: 'title',
	samenvatting: 'summary',
	soort: 'kind',
	voorstelling: 'performance',
	fase: 'phase',
	thema: 'themes',
	themas: 'themes',
	"thema's": 'themes',
	doelgroep: 'audience',
	doelgroepen: 'audience',
	duur: 'duration',
	tijdsduur: 'duration',
	doelen: 'goals',
	leerdoelen: 'goals',
	materialen: 'materials',
	materiaal: 'materials',
	taal: 'language',
	auteurs: 'authors',
	auteur: 'authors',
	licentie: 'licence',
	versie: 'version',
	gevoeligheid: 'sensitivity',
	voorbereiding: 'preparation',
	adres: 'slug',
	serie: 'series',
	lessenreeks: 'series',
	nummer: 'part',
	les: 'part'
};

/** The known themes plus this deployment's own, each once. */
export function knownThemes(options: FormatOptions = {}): string[] {
	return [...new Set([...themes, ...(options.extraThemes ?? [])])];
}

function suggestField(key: string): string {
	const dutch = dutchFieldNames[key.toLowerCase()];
	if (dutch) return writtenName(dutch);
	const match = closest(key, [...acceptedNames.keys(), ...Object.keys(dutchFieldNames)]);
	const field = dutchFieldNames[match] ?? acceptedNames.get(match);
	return field && fields[field].written ? writtenName(field) : match;
}

function typeOf(value: unknown): FoundType {
	if (Array.isArray(value)) return 'list';
	if (typeof value === 'number') return 'number';
	if (typeof value === 'boolean') return 'boolean';
	if (typeof value === 'object' && value !== null) return 'map';
	return 'text';
}

export function parseFrontmatter(
	yaml: string,
	firstLine: number,
	options: FormatOptions = {}
): { meta: LessonMeta | null; problems: LessonProblem[]; lines?: FieldLines } {
	const lineCounter = new LineCounter();
	const document = parseDocument(yaml, { lineCounter, uniqueKeys: true });
	const lineAt = (offset: number | undefined) =>
		offset === undefined ? firstLine : firstLine + lineCounter.linePos(offset).line - 1;

	if (document.errors.length > 0) {
		return { meta: null, problems: [yamlProblem(document.errors[0], yaml, document, lineAt)] };
	}
	if (!isMap(document.contents)) {
		return { meta: null, problems: [{ line: firstLine, code: 'frontmatter-missing', params: {} }] };
	}

	let data: Record<string, unknown>;
	try {
		data = document.toJS() as Record<string, unknown>;
	} catch (error) {
		// `title: *Nieuw*` reads as a reference (an alias) to nothing; too many references is an attack.
		let alias: number | undefined;
		visit(document, {
			Alias(_, node) {
				alias = node.range?.[0];
				return visit.BREAK;
			}
		});
		const code = /Excessive alias count/.test(String(error)) ? 'RESOURCE_EXHAUSTION' : 'BAD_ALIAS';
		const pos: [number, number] = [alias ?? 0, alias ?? 0];
		return { meta: null, problems: [yamlProblem({ code, message: String(error), pos }, yaml, document, lineAt)] };
	}
	const problems: LessonProblem[] = [];
	const values = new Map<
		keyof LessonMeta,
		{ value: unknown; line: number; node: unknown; written: string }
	>();
	for (const pair of document.contents.items as Pair[]) {
		const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
		const line = lineAt(isScalar(pair.key) ? pair.key.range?.[0] : undefined);
		const name = acceptedNames.get(key);
		if (name === undefined) {
			problems.push({
				line,
				code: 'field-unknown',
				params: { field: key, suggestion: suggestField(key) }
			});
			continue;
		}
		const earlier = values.get(name);
		if (earlier) {
			// `reeks` and `series` both: YAML sees two keys, the lesson one field.
			problems.push({
				line,
				code: 'field-twice',
				params: { field: key, other: earlier.written, first: earlier.line }
			});
			continue;
		}
		values.set(name, { value: data[key] ?? null, line, node: pair.value, written: key });
	}
	// As the author wrote it (`1.0`), not as YAML read it (1).
	const written = (node: unknown, value: unknown) => {
		const range = (node as Node | null)?.range;
		const source = range ? yaml.slice(range[0], range[1]).trim() : String(value);
		return source.length > 40 ? `${source.slice(0, 37)}...` : source;
	};
	const allowedFor = (name: keyof LessonMeta, rule: FieldRule) =>
		name === 'themes' ? knownThemes(options) : rule.allowed;

	const meta: Record<string, unknown> = {};
	for (const name of fieldNames) {
		const rule = fields[name];
		const entry = values.get(name);
		if (entry === undefined || entry.value === null || entry.value === '') {
			if (rule.required) problems.push({ line: firstLine - 1, code: 'field-missing', params: { field: name } });
			meta[name] = null;
			continue;
		}
		// Problems name the field as the author wrote it (`deel`, or `part`).
		const field = entry.written;
		const found = typeOf(entry.value);
		if (!acceptedTypes[rule.expected].includes(found)) {
			problems.push(wrongType(field, rule, entry.line, found, written(entry.node, entry.value)));
			continue;
		}
		if (found === 'list') {
			const items = isSeq(entry.node) ? entry.node.items : [];
			const index = (entry.value as unknown[]).findIndex((item) => typeOf(item) !== 'text');
			if (index !== -1) {
				const item = (entry.value as unknown[])[index];
				problems.push(wrongType(field, rule, entry.line, typeOf(item), written(items[index], item)));
				continue;
			}
		}
		const allowed = allowedFor(name, rule);
		const parsed = v.safeParse(rule.schema, entry.value);
		if (!parsed.success) {
			problems.push(invalid(field, rule, entry.line, entry.value, allowed));
			continue;
		}
		if (rule.expected === 'choice-list' && allowed) {
			const unknown = (parsed.output as string[]).filter((item) => !allowed.includes(item));
			if (unknown.length > 0) {
				problems.push(invalid(field, rule, entry.line, unknown[0], allowed));
				continue;
			}
		}
		meta[name] = parsed.output;
	}

	const kind = meta.kind;
	if (kind === 'theatre-followup' && !meta.performance) {
		problems.push({ line: values.get('kind')?.line ?? firstLine, code: 'performance-missing', params: {} });
	}
	if (kind === 'lesson' && (meta.performance || meta.phase)) {
		const field = meta.performance ? 'performance' : 'phase';
		problems.push({ line: values.get(field)?.line ?? firstLine, code: 'performance-unexpected', params: { field } });
	}
	problems.push(...seriesProblems(meta, values, firstLine));
	if (problems.length > 0) return { meta: null, problems, lines: linesOf(values) };

	return {
		meta: {
			...(meta as unknown as LessonMeta),
			slug: (meta.slug as string | null) ?? null,
			materials: (meta.materials as string[] | null) ?? [],
			sensitivity: (meta.sensitivity as LessonMeta['sensitivity'] | null) ?? 'medium'
		},
		problems,
		lines: linesOf(values)
	};
}

/** Where each field the author wrote is: for problems found later, across the library. */
export type FieldLines = Partial<Record<keyof LessonMeta, number>>;

const linesOf = (values: ReadonlyMap<keyof LessonMeta, { line: number }>): FieldLines =>
	Object.fromEntries([...values].map(([name, { line }]) => [name, line]));

/**
 * A series lesson says which part it is, a part belongs to a series, and a lesson belongs to
 * one programme: a series or a performance. Duplicate parts are the library's to find.
 */
function seriesProblems(
	meta: Record<string, unknown>,
	values: ReadonlyMap<keyof LessonMeta, { line: number; written: string }>,
	firstLine: number
): LessonProblem[] {
	const at = (name: keyof LessonMeta) => values.get(name)?.line ?? firstLine;
	// The missing field in the language of the one written: `reeks` asks for `deel`, `series` for `part`.
	const english = [...values.values()].some(({ written }) => written === 'series' || written === 'part');
	const asked = (name: keyof LessonMeta) => (english ? name : writtenName(name));
	const named = (name: keyof LessonMeta) => values.get(name)?.written ?? asked(name);
	// null: not written or empty; undefined: written wrongly, and reported already.
	if (meta.series && meta.performance) {
		return [{ line: at('series'), code: 'series-and-performance', params: { field: named('series') } }];
	}
	if (meta.series && meta.part === null) {
		return [{ line: at('series'), code: 'series-part-missing', params: { field: asked('part'), series: named('series') } }];
	}
	if (typeof meta.part === 'number' && meta.series === null) {
		return [{ line: at('part'), code: 'series-missing', params: { field: asked('series'), part: named('part') } }];
	}
	return [];
}

function invalid(
	field: string,
	rule: FieldRule,
	line: number,
	value: unknown,
	allowed: readonly string[] | undefined
): LessonProblem {
	const shown = typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
	return {
		line,
		code: 'field-invalid',
		params: {
			field,
			expected: rule.expected,
			value: shown.length > 40 ? `${shown.slice(0, 37)}...` : shown,
			allowed: allowed?.join(', ') ?? '',
			suggestion: allowed && typeof value === 'string' ? closest(value, allowed) : '',
			min: rule.length?.[0] ?? 0,
			max: rule.length?.[1] ?? 0
		}
	};
}

function wrongType(field: string, rule: FieldRule, line: number, found: FoundType, value: string): LessonProblem {
	return { line, code: 'field-type', params: { field, expected: rule.expected, found, value } };
}

/** The known word an author most likely meant, or '' when none is close. */
export function closest(word: string, candidates: readonly string[]): string {
	let best = '';
	let bestDistance = Infinity;
	for (const candidate of candidates) {
		const distance = editDistance(word.toLowerCase(), candidate);
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}
	return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : '';
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
	for (let i = 1; i <= a.length; i += 1) {
		const current = [i];
		for (let j = 1; j <= b.length; j += 1) {
			current[j] = Math.min(
				previous[j] + 1,
				current[j - 1] + 1,
				previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
			);
		}
		previous = current;
	}
	return previous[b.length];
}
