// Turns a problem code and its parameters into the sentence an author reads, in their language.

import * as m from '../paraglide/messages.js';
import type { LessonProblem, LessonWarning, ProblemCode, WarningCode } from './model.ts';
import { blockTypeName, blockTypeNamed } from './vocabulary.ts';
import { yamlTroubles, type YamlTrouble } from './yaml-trouble.ts';

type Locale = 'nl' | 'en';
type Params = Record<string, string | number>;
type Describe = (params: Params, locale: Locale) => string;

const str = (params: Params, key: string) => String(params[key] ?? '');

/** A block type as authors know it: by its Dutch name where it has one (`peiling`, not `poll`). */
const blockType = (params: Params, key = 'type') => {
	const type = blockTypeNamed(str(params, key));
	return type === null ? str(params, key) : blockTypeName(type);
};

const expectation = (params: Params, locale: Locale): string => {
	const options = { locale };
	const allowed = str(params, 'allowed');
	switch (params.expected) {
		case 'text-list':
			return m.expected_text_list({}, options);
		case 'choice':
			return m.expected_choice({ allowed }, options);
		case 'choice-list':
			return m.expected_choice_list({ allowed }, options);
		case 'minutes':
			return m.expected_minutes({}, options);
		case 'version':
			return m.expected_version({}, options);
		case 'part':
			return m.expected_part({ min: str(params, 'min'), max: str(params, 'max') }, options);
		case 'slug':
			return m.expected_slug({}, options);
		default:
			return m.expected_text({ min: str(params, 'min'), max: str(params, 'max') }, options);
	}
};

const typeName = (type: string, locale: Locale): string => {
	const options = { locale };
	switch (type) {
		case 'number':
			return m.type_number({}, options);
		case 'boolean':
			return m.type_boolean({}, options);
		case 'list':
			return m.type_list({}, options);
		case 'map':
			return m.type_map({}, options);
		case 'text-list':
		case 'choice-list':
			return m.type_text_or_list({}, options);
		case 'minutes':
		case 'part':
			return m.type_number({}, options);
		default:
			return m.type_text({}, options);
	}
};

/** How to write a value of the wrong YAML type so that it reads as the field means it. */
const typeHint = (params: Params, locale: Locale): string => {
	const options = { locale };
	const field = str(params, 'field');
	if (params.expected === 'minutes') return m.hint_whole_number({ field }, options);
	if (params.expected === 'part') return m.hint_part({ field }, options);
	if (params.found === 'number' || params.found === 'boolean') {
		return m.hint_quote({ field, value: str(params, 'value') }, options);
	}
	if (params.expected === 'text-list' || params.expected === 'choice-list') return m.hint_list({}, options);
	return m.hint_one_value({ field }, options);
};

const yamlMessages: Record<YamlTrouble, (params: Params, options: { locale: Locale }) => string> = {
	'duplicate-field': (p, options) =>
		m.problem_yaml_duplicate_field({ field: str(p, 'field'), first: str(p, 'first'), line: str(p, 'line') }, options),
	tab: (_, options) => m.problem_yaml_tab({}, options),
	indent: (_, options) => m.problem_yaml_indent({}, options),
	'list-unclosed': (p, options) =>
		m.problem_yaml_list_unclosed({ opening: str(p, 'opening') || '[', closing: str(p, 'closing') || ']' }, options),
	'list-on-field-line': (_, options) => m.problem_yaml_list_on_field_line({}, options),
	'block-in-list': (_, options) => m.problem_yaml_block_in_list({}, options),
	'comma-missing': (_, options) => m.problem_yaml_comma_missing({}, options),
	'colon-in-value': (p, options) => m.problem_yaml_colon_in_value({ field: str(p, 'field') }, options),
	'colon-missing': (_, options) => m.problem_yaml_colon_missing({}, options),
	'quote-unclosed': (_, options) => m.problem_yaml_quote_unclosed({}, options),
	'text-after-value': (_, options) => m.problem_yaml_text_after_value({}, options),
	'bad-escape': (_, options) => m.problem_yaml_bad_escape({}, options),
	'special-character': (_, options) => m.problem_yaml_special_character({}, options),
	'document-end': (_, options) => m.problem_yaml_document_end({}, options),
	'key-too-long': (_, options) => m.problem_yaml_key_too_long({}, options),
	'key-not-text': (_, options) => m.problem_yaml_key_not_text({}, options),
	'too-many-references': (_, options) => m.problem_yaml_too_many_references({}, options),
	other: (_, options) => m.problem_frontmatter_yaml({}, options)
};

/** What is wrong in frontmatter that is not YAML, in the author's terms, never the yaml package's code. */
const describeYaml = (params: Params, locale: Locale): string => {
	const trouble = str(params, 'detail');
	const describe = (yamlTroubles as readonly string[]).includes(trouble) ? yamlMessages[trouble as YamlTrouble] : yamlMessages.other;
	return describe(params, { locale });
};

const withSuggestion = (sentence: string, params: Params, locale: Locale) =>
	params.suggestion ? `${sentence} ${m.problem_did_you_mean({ suggestion: str(params, 'suggestion') }, { locale })}` : sentence;

const describers: Record<ProblemCode, Describe> = {
	'file-name-invalid': (_, locale) => m.problem_file_name_invalid({}, { locale }),
	'slug-duplicate': (p, locale) =>
		m.problem_slug_duplicate({ slug: str(p, 'slug'), other: str(p, 'other') }, { locale }),
	'frontmatter-missing': (_, locale) => m.problem_frontmatter_missing({}, { locale }),
	'frontmatter-unclosed': (_, locale) => m.problem_frontmatter_unclosed({}, { locale }),
	'frontmatter-yaml': (p, locale) => describeYaml(p, locale),
	'field-missing': (p, locale) => m.problem_field_missing({ field: str(p, 'field') }, { locale }),
	'field-invalid': (p, locale) =>
		withSuggestion(
			m.problem_field_invalid(
				{ field: str(p, 'field'), value: str(p, 'value'), expectation: expectation(p, locale) },
				{ locale }
			),
			p,
			locale
		),
	'field-type': (p, locale) =>
		m.problem_field_type(
			{
				field: str(p, 'field'),
				found: typeName(str(p, 'found'), locale),
				value: str(p, 'value'),
				expected: typeName(str(p, 'expected'), locale),
				hint: typeHint(p, locale)
			},
			{ locale }
		),
	'slug-mismatch': (p, locale) => m.problem_slug_mismatch({ slug: str(p, 'slug'), file: str(p, 'file') }, { locale }),
	'field-unknown': (p, locale) =>
		withSuggestion(m.problem_field_unknown({ field: str(p, 'field') }, { locale }), p, locale),
	'performance-missing': (_, locale) => m.problem_performance_missing({}, { locale }),
	'performance-unexpected': (p, locale) => m.problem_performance_unexpected({ field: str(p, 'field') }, { locale }),
	'field-twice': (p, locale) =>
		m.problem_field_twice({ field: str(p, 'field'), other: str(p, 'other'), first: str(p, 'first') }, { locale }),
	'series-part-missing': (p, locale) =>
		m.problem_series_part_missing({ field: str(p, 'field'), series: str(p, 'series') }, { locale }),
	'series-missing': (p, locale) =>
		m.problem_series_missing({ field: str(p, 'field'), part: str(p, 'part') }, { locale }),
	'series-and-performance': (p, locale) => m.problem_series_and_performance({ field: str(p, 'field') }, { locale }),
	'series-part-duplicate': (p, locale) =>
		m.problem_series_part_duplicate(
			{ part: str(p, 'part'), series: str(p, 'series'), other: str(p, 'other') },
			{ locale }
		),
	'heading-level-one': (_, locale) => m.problem_heading_level_one({}, { locale }),
	'no-steps': (_, locale) => m.problem_no_steps({}, { locale }),
	'step-empty': (p, locale) => m.problem_step_empty({ title: str(p, 'title') }, { locale }),
	'block-unknown-type': (p, locale) =>
		withSuggestion(m.problem_block_unknown_type({ type: str(p, 'type') }, { locale }), p, locale),
	'block-unclosed': (p, locale) =>
		m.problem_block_unclosed({ type: blockType(p), missing: Number(p.missing ?? 1) }, { locale }),
	'block-stray-close': (_, locale) => m.problem_block_stray_close({}, { locale }),
	'block-outside-step': (p, locale) => m.problem_block_outside_step({ type: blockType(p) }, { locale }),
	'block-nested': (p, locale) =>
		m.problem_block_nested({ type: blockType(p), parent: blockType(p, 'parent') }, { locale }),
	'block-header-invalid': (p, locale) =>
		m.problem_block_header_invalid(
			{ type: blockType(p), header: str(p, 'header'), example: '{#id key=value}' },
			{ locale }
		),
	'block-id-missing': (p, locale) =>
		m.problem_block_id_missing({ type: blockType(p), example: `:::${blockType(p)} {#my-id}` }, { locale }),
	'block-id-invalid': (p, locale) => m.problem_block_id_invalid({ type: blockType(p), id: str(p, 'id') }, { locale }),
	'block-id-duplicate': (p, locale) =>
		m.problem_block_id_duplicate({ id: str(p, 'id'), first: str(p, 'first') }, { locale }),
	'block-attribute-unknown': (p, locale) =>
		withSuggestion(
			m.problem_block_attribute_unknown(
				{ type: blockType(p), attribute: str(p, 'attribute'), allowed: str(p, 'allowed') },
				{ locale }
			),
			p,
			locale
		),
	'block-attribute-invalid': (p, locale) =>
		m.problem_block_attribute_invalid(
			{ type: blockType(p), attribute: str(p, 'attribute'), value: str(p, 'value'), expected: str(p, 'expected') },
			{ locale }
		),
	'block-prompt-missing': (p, locale) => m.problem_block_prompt_missing({ type: blockType(p) }, { locale }),
	'block-options-missing': (p, locale) =>
		m.problem_block_options_missing({ type: blockType(p), expected: str(p, 'expected') }, { locale }),
	'block-options-count': (p, locale) =>
		m.problem_block_options_count(
			{ type: blockType(p), expected: str(p, 'expected'), found: str(p, 'found') },
			{ locale }
		),
	'block-options-duplicate': (p, locale) =>
		m.problem_block_options_duplicate({ type: blockType(p), option: str(p, 'option') }, { locale }),
	'block-content-unexpected': (p, locale) => m.problem_block_content_unexpected({ type: blockType(p) }, { locale }),
	'block-once-per-lesson': (p, locale) =>
		m.problem_block_once_per_lesson({ type: blockType(p), first: str(p, 'first') }, { locale }),
	'compare-unknown': (p, locale) => m.problem_compare_unknown({ id: str(p, 'id'), target: str(p, 'target') }, { locale }),
	'compare-not-earlier': (p, locale) =>
		m.problem_compare_not_earlier({ id: str(p, 'id'), target: str(p, 'target') }, { locale }),
	'compare-mismatch': (p, locale) =>
		m.problem_compare_mismatch({ id: str(p, 'id'), target: str(p, 'target'), type: blockType(p) }, { locale }),
	'compare-lesson-unknown': (p, locale) =>
		m.problem_compare_lesson_unknown({ id: str(p, 'id'), lesson: str(p, 'lesson') }, { locale }),
	'compare-lesson-elsewhere': (p, locale) =>
		m.problem_compare_lesson_elsewhere({ id: str(p, 'id'), lesson: str(p, 'lesson') }, { locale }),
	'compare-lesson-not-earlier': (p, locale) =>
		m.problem_compare_lesson_not_earlier({ id: str(p, 'id'), lesson: str(p, 'lesson') }, { locale }),
	'compare-lesson-block-unknown': (p, locale) =>
		m.problem_compare_lesson_block_unknown(
			{ id: str(p, 'id'), lesson: str(p, 'lesson'), target: str(p, 'target') },
			{ locale }
		),
	'pairs-from-missing': (p, locale) => m.problem_pairs_from_missing({ type: blockType(p) }, { locale }),
	'pairs-from-unknown': (p, locale) =>
		m.problem_pairs_from_unknown({ id: str(p, 'id'), target: str(p, 'target') }, { locale }),
	'pairs-from-not-earlier': (p, locale) =>
		m.problem_pairs_from_not_earlier({ id: str(p, 'id'), target: str(p, 'target') }, { locale }),
	'pairs-from-type': (p, locale) =>
		m.problem_pairs_from_type(
			{ id: str(p, 'id'), target: str(p, 'target'), type: blockType(p) },
			{ locale }
		),
	'compare-lesson-mismatch': (p, locale) =>
		m.problem_compare_lesson_mismatch(
			{ id: str(p, 'id'), lesson: str(p, 'lesson'), target: str(p, 'target'), type: blockType(p) },
			{ locale }
		),
	'unsafe-html': (p, locale) => m.problem_unsafe_html({ tag: str(p, 'tag') }, { locale }),
	'unsafe-attribute': (p, locale) => m.problem_unsafe_attribute({ attribute: str(p, 'attribute') }, { locale }),
	'unsafe-link': (p, locale) => m.problem_unsafe_link({ url: str(p, 'url') }, { locale })
};

export function describeProblem(problem: LessonProblem, locale: Locale): string {
	return describers[problem.code](problem.params, locale);
}

const warningDescribers: Record<WarningCode, Describe> = {
	'time-parts': (p, locale) =>
		m.warning_time_parts({ parts: str(p, 'parts'), minutes: str(p, 'minutes') }, { locale }),
	'time-total': (p, locale) =>
		m.warning_time_total({ total: str(p, 'total'), duration: str(p, 'duration') }, { locale }),
	'time-mention': (p, locale) =>
		m.warning_time_mention(
			{ minutes: str(p, 'minutes'), phase: str(p, 'phase'), phaseLine: str(p, 'phaseLine') },
			{ locale }
		),
	'time-timer': (p, locale) =>
		m.warning_time_timer(
			{ minutes: str(p, 'minutes'), phase: str(p, 'phase'), phaseLine: str(p, 'phaseLine') },
			{ locale }
		),
	'asks-who': (p, locale) => m.warning_asks_who({ fragment: str(p, 'fragment') }, { locale }),
	'secrecy-promise': (p, locale) =>
		m.warning_secrecy_promise({ fragment: str(p, 'fragment') }, { locale })
};

export function describeWarning(warning: LessonWarning, locale: Locale): string {
	return warningDescribers[warning.code](warning.params, locale);
}

/** `file:line: waarschuwing: message`, like a problem but marked as one that keeps no lesson out. */
export function formatWarning(file: string, warning: LessonWarning, locale: Locale): string {
	return `${file}:${warning.line}: ${m.warning_label({}, { locale })}: ${describeWarning(warning, locale)}`;
}

/** `file:line: message`, the form editors and terminals turn into a link. */
export function formatProblem(file: string, problem: LessonProblem, locale: Locale): string {
	return `${file}:${problem.line}: ${describeProblem(problem, locale)}`;
}
