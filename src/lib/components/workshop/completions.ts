// What the workshop's editor offers while an author types: block types after `:::`, the
// attributes of that block type inside `{…}`, and frontmatter fields and their allowed values.
// The words come from the format's grammar (src/lib/lessons/grammar.ts), sent by the server;
// this module only knows where in a line the author is.

import {
	snippetCompletion,
	type Completion,
	type CompletionContext,
	type CompletionResult
} from '@codemirror/autocomplete';
import type { EditorState } from '@codemirror/state';
import type { AttributeGrammar, LessonGrammar } from '$lib/lessons/grammar';
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

/** The ids of the lesson's blocks, or only those of blocks written by one of `names`. */
function blockIds(state: EditorState, names?: readonly string[]): string[] {
	const ids = new Set<string>();
	const header = /^:{3,}[ \t]*([A-Za-z][\w-]*)[ \t]*\{[^}\n]*#([a-z0-9-]+)/gm;
	for (const match of state.doc.toString().matchAll(header))
		if (!names || names.includes(match[1].toLowerCase())) ids.add(match[2]);
	return [...ids];
}

const word = /^[\w-]*$/;

/** The completion source for a deployment's grammar (its own themes included). */
export function lessonCompletions(grammar: LessonGrammar) {
	return (context: CompletionContext) => completeAt(context, grammar);
}

function completeAt(context: CompletionContext, grammar: LessonGrammar): CompletionResult | null {
	const { state, pos } = context;
	const line = state.doc.lineAt(pos);
	const before = line.text.slice(0, pos - line.from);

	if (line.number > 1 && line.number < frontmatterEnd(state)) {
		return frontmatterCompletions(before, line.from, context, grammar);
	}

	// `:::sta|`: the block type.
	const type = /^(:{3,})[ \t]*([\w-]*)$/.exec(before);
	if (type) {
		return {
			from: pos - type[2].length,
			// Every name of every block, the Dutch one first: `peiling` and `poll` are the same block.
			options: grammar.blocks.flatMap((block) =>
				block.names.map((name, index): Completion => {
					const option: Completion = {
						label: name,
						type: 'keyword',
						info: blockExplanations[block.type](),
						boost: index === 0 ? 1 : 0
					};
					// A board block needs an id: the cursor waits between `{#` and `}` for it.
					return block.onBoard ? snippetCompletion(`${name} {#\${}}`, option) : option;
				})
			),
			validFor: word
		};
	}

	// `:::stelling {#id re|` or `reveal=ma|`: an attribute or its value.
	const header = /^:{3,}[ \t]*([A-Za-z][\w-]*)[ \t]*\{([^}]*)$/.exec(before);
	if (!header) return null;
	const written = header[1].toLowerCase();
	const block = grammar.blocks.find((candidate) => candidate.names.includes(written));
	if (!block || block.attributes.length === 0) return null;

	const value = /([A-Za-z][\w-]*)=([\w-]*)$/.exec(header[2]);
	if (value) {
		// An author may write the Dutch name (`reden=`): the values are the same.
		const attributeWritten = value[1].toLowerCase();
		const attribute = block.attributes.find(
			(candidate: AttributeGrammar) =>
				candidate.name === attributeWritten || candidate.aliases.includes(attributeWritten)
		);
		if (!attribute) return null;
		// `vergelijk=` any block's id; `na=` a block whose answers can be paired across.
		const pairable = grammar.blocks.filter((each) => each.pairable).flatMap((each) => each.names);
		const values =
			attribute.name === 'compare'
				? blockIds(state)
				: attribute.name === 'from'
					? blockIds(state, pairable)
					: attribute.values;
		if (!values) return null;
		return {
			from: pos - value[2].length,
			options: values.map((label) => ({ label, type: 'enum' })),
			validFor: word
		};
	}
	const typed = /(?:^|\s)([A-Za-z][\w-]*)?$/.exec(header[2]);
	if (!typed) return null;
	const start = typed[1] ?? '';
	if (start === '' && !context.explicit && !/\s$/.test(header[2])) return null;
	return {
		from: pos - start.length,
		options: block.attributes.map((attribute): Completion => ({
			label: attribute.name,
			type: 'property',
			detail: attribute.expected,
			info: attributeExplanations[attribute.name]()
		})),
		validFor: word
	};
}

function frontmatterCompletions(
	before: string,
	lineStart: number,
	context: CompletionContext,
	grammar: LessonGrammar
): CompletionResult | null {
	const key = /^([a-z]*)$/.exec(before);
	if (key) {
		if (key[1] === '' && !context.explicit) return null;
		return {
			from: lineStart,
			options: grammar.fields.map((field): Completion => ({
				label: field.written,
				type: 'property',
				detail: field.required ? m.workshop_completion_required() : undefined,
				info: fieldExplanations[field.name](),
				apply: `${field.written}: `
			})),
			validFor: /^[a-z]*$/
		};
	}
	// `themes: [polarisatie, ide|` or `kind: le|`: one of the field's allowed values.
	const value = /^([a-z]+):[ \t]*\[?(?:[^,\]]*,[ \t]*)*([\w-]*)$/.exec(before);
	const field =
		value &&
		grammar.fields.find(
			(candidate) => candidate.name === value[1] || candidate.written === value[1]
		);
	if (!value || !field?.allowed) return null;
	if (value[2] === '' && !context.explicit && !/[:,[][ \t]*$/.test(before)) return null;
	return {
		from: context.pos - value[2].length,
		options: field.allowed.map((label) => ({ label, type: 'enum' })),
		validFor: word
	};
}
