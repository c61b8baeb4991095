// What went wrong in a lesson's frontmatter when it is not valid YAML, told in an author's terms
// ('the field title is there twice') instead of the yaml package's codes (DUPLICATE_KEY).
// Every code the package has maps to one trouble here; each trouble has a message in nl and en.

import { isMap, isScalar, type Document, type ErrorCode, type Pair, type YAMLError } from 'yaml';
import type { LessonProblem } from './model.ts';

export const yamlTroubles = [
	'duplicate-field',
	'tab',
	'indent',
	'list-unclosed',
	'list-on-field-line',
	'block-in-list',
	'comma-missing',
	'colon-in-value',
	'colon-missing',
	'quote-unclosed',
	'text-after-value',
	'bad-escape',
	'special-character',
	'document-end',
	'key-too-long',
	'key-not-text',
	'too-many-references',
	'other'
] as const;
export type YamlTrouble = (typeof yamlTroubles)[number];

/** The trouble each yaml error code usually means; `refine` reads the message where one code covers several. */
export const troubleOfYamlCode: Record<ErrorCode, YamlTrouble> = {
	DUPLICATE_KEY: 'duplicate-field',
	TAB_AS_INDENT: 'tab',
	BAD_INDENT: 'indent',
	BLOCK_AS_IMPLICIT_KEY: 'indent',
	MULTILINE_IMPLICIT_KEY: 'indent',
	BLOCK_IN_FLOW: 'block-in-list',
	MISSING_CHAR: 'colon-missing',
	UNEXPECTED_TOKEN: 'text-after-value',
	BAD_DQ_ESCAPE: 'bad-escape',
	BAD_SCALAR_START: 'special-character',
	BAD_ALIAS: 'special-character',
	ALIAS_PROPS: 'special-character',
	MULTIPLE_ANCHORS: 'special-character',
	MULTIPLE_TAGS: 'special-character',
	BAD_PROP_ORDER: 'special-character',
	TAG_RESOLVE_FAILED: 'special-character',
	BAD_COLLECTION_TYPE: 'special-character',
	BAD_DIRECTIVE: 'special-character',
	MULTIPLE_DOCS: 'document-end',
	KEY_OVER_1024_CHARS: 'key-too-long',
	NON_STRING_KEY: 'key-not-text',
	RESOURCE_EXHAUSTION: 'too-many-references',
	IMPOSSIBLE: 'other'
};

function refine(error: Pick<YAMLError, 'code' | 'message'>, lineText: string): YamlTrouble {
	const { code, message } = error;
	if (code === 'BAD_INDENT' && /end with a [\]}]/.test(message)) return 'list-unclosed';
	if (code === 'MISSING_CHAR') {
		if (/quote/.test(message)) return 'quote-unclosed';
		if (/Missing ,/.test(message)) return 'comma-missing';
	}
	if (code === 'UNEXPECTED_TOKEN' && /block-seq-ind/.test(message)) return 'list-on-field-line';
	// `preparation: *Lees* de casus`: YAML read `*Lees*` as a reference, then found more text.
	if (code === 'UNEXPECTED_TOKEN' && /^[A-Za-z][\w-]*:[ \t]+[&*!@`%]/.test(lineText)) return 'special-character';
	// `title: Les 3: de rechtsstaat`: a second `: ` in a value reads as a field inside the value.
	if (code === 'BLOCK_AS_IMPLICIT_KEY' && fieldWithColonInValue(lineText)) return 'colon-in-value';
	return troubleOfYamlCode[code] ?? 'other';
}

function fieldWithColonInValue(lineText: string): string | null {
	return /^([A-Za-z][\w-]*):[ \t]+[^"'[{#].*:(?:[ \t]|$)/.exec(lineText)?.[1] ?? null;
}

/**
 * The problem an author reads for a YAML error: at the line of the error, with the field it is
 * about where there is one. `lineOf` turns an offset in the YAML into a line of the file.
 */
export function yamlProblem(
	error: Pick<YAMLError, 'code' | 'message' | 'pos'>,
	yaml: string,
	document: Document.Parsed,
	lineOf: (offset: number | undefined) => number
): LessonProblem {
	const line = lineOf(error.pos[0]);
	const lineStart = yaml.lastIndexOf('\n', error.pos[0] - 1) + 1;
	const lineEnd = yaml.indexOf('\n', error.pos[0]);
	const lineText = yaml.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
	const trouble = refine(error, lineText);
	const params: Record<string, string | number> = { detail: trouble, code: error.code, line };
	if (trouble === 'colon-in-value') params.field = fieldWithColonInValue(lineText) ?? '';
	if (trouble === 'list-unclosed') {
		params.closing = /end with a \}/.test(error.message) ? '}' : ']';
		params.opening = params.closing === '}' ? '{' : '[';
	}
	if (trouble === 'duplicate-field') {
		const keys = isMap(document.contents) ? (document.contents.items as Pair[]).map((pair) => pair.key) : [];
		const at = keys.findIndex((key) => isScalar(key) && key.range?.[0] === error.pos[0]);
		const key = keys[at];
		const name = isScalar(key) ? String(key.value) : lineText.split(':')[0].trim();
		const first = keys.find((other) => isScalar(other) && String(other.value) === name);
		params.field = name;
		params.first = isScalar(first) ? lineOf(first.range?.[0]) : line;
	}
	return { line, code: 'frontmatter-yaml', params };
}
