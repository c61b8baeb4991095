// What the workshop's editor offers while an author types: block types after `:::`, the
// attributes of that block type inside `{…}`, and frontmatter fields and their allowed values.
// Every name comes from the format's owners; this module only knows where in a line it is.

import {
	snippetCompletion,
	type Completion,
	type CompletionContext,
	type CompletionResult
} from '@codemirror/autocomplete';
import type { EditorState } from '@codemirror/state';
import {
	attributeNamed,
	attributeParsers,
	blockRules,
	isBoardBlockType
} from '$lib/lessons/blocks';
import { fieldNames, fields, knownThemes, type FormatOptions } from '$lib/lessons/frontmatter';
import { blockTypes, isOneOf } from '$lib/lessons/vocabulary';
import * as m from '$lib/paraglide/messages.js';
import { attributeExplanations, blockExplanations, fieldExplanations } from './explanations.ts';

/** The line number of the frontmatter's closing `---`, or 0 when the file has none yet. */
function frontmatterEnd(state: EditorState): number {
	const doc = state.doc;
	if (doc.lines < 2 || doc.line(1).text.trim() !== '---') return 0;
	for (let number = 2; number <= doc.lines; number += 1) {
		if (doc.line(number).text.trim() === '---') return number;
	}
	return doc.lines + 1;
}

/** Values an attribute takes when they are a closed list ('manual, live'); null for ranges and ids. */
function attributeValues(name: keyof typeof attributeParsers): string[] | null {
	const expected = attributeParsers[name].expected;
	return /^[a-z]+(, [a-z]+)+$/.test(expected) ? expected.split(', ') : null;
}

function blockIds(state: EditorState): string[] {
	const ids = new Set<string>();
	for (const match of state.doc
		.toString()
		.matchAll(/^:{3,}[ \t]*[A-Za-z][\w-]*[ \t]*\{[^}\n]*#([a-z0-9-]+)/gm)) {
		ids.add(match[1]);
	}
	return [...ids];
}

/** The completion source for a deployment: its own themes (LESSON_THEMES) are offered too. */
export function lessonCompletions(options: FormatOptions = {}) {
	return (context: CompletionContext) => completeAt(context, options);
}

function completeAt(context: CompletionContext, options: FormatOptions): CompletionResult | null {
	const { state, pos } = context;
	const line = state.doc.lineAt(pos);
	const before = line.text.slice(0, pos - line.from);
	const end = frontmatterEnd(state);

	if (line.number > 1 && line.number < end)
		return frontmatterCompletions(before, line.from, context, options);

	// `:::sta|`: the block type.
	const type = /^(:{3,})[ \t]*([\w-]*)$/.exec(before);
	if (type) {
		return {
			from: pos - type[2].length,
			options: blockTypes.map((name): Completion => {
				const option: Completion = {
					label: name,
					type: 'keyword',
					info: blockExplanations[name]()
				};
				// A board block needs an id: the cursor waits between `{#` and `}` for it.
				return isBoardBlockType(name) ? snippetCompletion(`${name} {#\${}}`, option) : option;
			}),
			validFor: /^[\w-]*$/
		};
	}

	// `:::stelling {#id re|` or `reveal=ma|`: an attribute or its value.
	const header = /^:{3,}[ \t]*([A-Za-z][\w-]*)[ \t]*\{([^}]*)$/.exec(before);
	if (header) {
		const blockType = header[1].toLowerCase();
		if (!isOneOf(blockTypes, blockType) || !isBoardBlockType(blockType)) return null;
		const allowed = blockRules[blockType].attributes;
		const value = /([A-Za-z][\w-]*)=([\w-]*)$/.exec(header[2]);
		if (value) {
			// An author may write the Dutch name (`reden=`): the values are the same.
			const name = attributeNamed(value[1]);
			if (!name || !isOneOf(allowed, name)) return null;
			const values = name === 'compare' ? blockIds(state) : attributeValues(name);
			if (!values) return null;
			return {
				from: pos - value[2].length,
				options: values.map((label) => ({ label, type: 'enum' })),
				validFor: /^[\w-]*$/
			};
		}
		const word = /(?:^|\s)([A-Za-z][\w-]*)?$/.exec(header[2]);
		if (!word) return null;
		const typed = word[1] ?? '';
		if (typed === '' && !context.explicit && !/\s$/.test(header[2])) return null;
		return {
			from: pos - typed.length,
			options: allowed.map((name): Completion => ({
				label: name,
				type: 'property',
				detail: attributeParsers[name].expected,
				info: attributeExplanations[name]()
			})),
			validFor: /^[\w-]*$/
		};
	}
	return null;
}

function frontmatterCompletions(
	before: string,
	lineStart: number,
	context: CompletionContext,
	options: FormatOptions
): CompletionResult | null {
	const key = /^([a-z]*)$/.exec(before);
	if (key) {
		if (key[1] === '' && !context.explicit) return null;
		return {
			from: lineStart,
			options: fieldNames.map((name): Completion => ({
				label: name,
				type: 'property',
				detail: fields[name].required ? m.workshop_completion_required() : undefined,
				info: fieldExplanations[name](),
				apply: `${name}: `
			})),
			validFor: /^[a-z]*$/
		};
	}
	// `themes: [polarisatie, ide|` or `kind: le|`: one of the field's allowed values.
	const value = /^([a-z]+):[ \t]*\[?(?:[^,\]]*,[ \t]*)*([\w-]*)$/.exec(before);
	if (value && isOneOf(fieldNames, value[1])) {
		const allowed = value[1] === 'themes' ? knownThemes(options) : fields[value[1]].allowed;
		if (!allowed) return null;
		if (value[2] === '' && !context.explicit && !/[:,[][ \t]*$/.test(before)) return null;
		return {
			from: context.pos - value[2].length,
			options: allowed.map((label) => ({ label, type: 'enum' })),
			validFor: /^[\w-]*$/
		};
	}
	return null;
}
