// Container directives (`:::stelling {#id reveal=live}` … `:::`) as a marked extension.
// Blocks nest by counting openings and closings, so authors never count colons.

import type { Tokens, TokenizerAndRendererExtension } from 'marked';

export interface DirectiveToken extends Tokens.Generic {
	type: 'directive';
	raw: string;
	name: string;
	/** Everything after the name on the opening line, e.g. `{#id reveal=live}`. */
	header: string;
	body: string;
	closed: boolean;
	/** For an unclosed block: how many `:::` lines it lacks (one more per block open inside it). */
	missingCloses: number;
	tokens: Tokens.Generic[];
}

export interface StrayCloseToken extends Tokens.Generic {
	type: 'directiveClose';
	raw: string;
}

const openingLine = /^(:{3,})[ \t]*([A-Za-z][\w-]*)[ \t]*(.*)$/;
const closingLine = /^:{3,}[ \t]*$/;
const stepHeading = /^##[ \t]/;

function lineEnd(src: string, from: number): number {
	const end = src.indexOf('\n', from);
	return end === -1 ? src.length : end + 1;
}

export const directiveExtension: TokenizerAndRendererExtension = {
	name: 'directive',
	level: 'block',
	start(src) {
		return src.match(/^:{3,}[ \t]*[A-Za-z]/m)?.index;
	},
	tokenizer(src) {
		const firstEnd = lineEnd(src, 0);
		const opening = openingLine.exec(src.slice(0, firstEnd).replace(/\n$/, ''));
		if (!opening) return undefined;

		let depth = 1;
		let position = firstEnd;
		let bodyEnd = -1;
		let end = -1;
		while (position < src.length) {
			const next = lineEnd(src, position);
			const line = src.slice(position, next).replace(/\n$/, '');
			if (openingLine.test(line)) depth += 1;
			else if (closingLine.test(line)) depth -= 1;
			// An unclosed block stops at the next step rather than swallowing the rest of the lesson.
			else if (stepHeading.test(line) && depth > 0) break;
			if (depth === 0) {
				bodyEnd = position;
				end = next;
				break;
			}
			position = next;
		}
		const closed = end !== -1;
		if (!closed) {
			bodyEnd = position;
			end = position;
		}
		const body = src.slice(firstEnd, bodyEnd);
		const token: DirectiveToken = {
			type: 'directive',
			raw: src.slice(0, end),
			name: opening[2],
			header: opening[3].trim(),
			body,
			closed,
			missingCloses: closed ? 0 : depth,
			tokens: []
		};
		this.lexer.blockTokens(body, token.tokens);
		return token;
	},
	// Directives never render as Markdown: blocks are drawn by components from parsed data,
	// and teacher notes must not leak into any HTML made from the lesson body.
	renderer() {
		return '';
	}
};

export const strayCloseExtension: TokenizerAndRendererExtension = {
	name: 'directiveClose',
	level: 'block',
	start(src) {
		return src.match(/^:{3,}[ \t]*$/m)?.index;
	},
	tokenizer(src) {
		const match = /^:{3,}[ \t]*(?:\n|$)/.exec(src);
		if (!match) return undefined;
		const token: StrayCloseToken = { type: 'directiveClose', raw: match[0] };
		return token;
	},
	renderer() {
		return '';
	}
};

export type DirectiveAttributes = { id: string | null; values: Map<string, string | true> };

const attributePattern =
	/\s*(?:#([^\s}]+)|([A-Za-z][\w-]*)(?:=(?:"([^"]*)"|'([^']*)'|([^\s"'}]+)))?)/y;

/** Reads `{#id key=value key="two words" flag}`; null when the header is not of that form. */
export function parseDirectiveHeader(header: string): DirectiveAttributes | null {
	const result: DirectiveAttributes = { id: null, values: new Map() };
	if (header === '') return result;
	if (!header.startsWith('{') || !header.endsWith('}')) return null;
	const inner = header.slice(1, -1);
	attributePattern.lastIndex = 0;
	while (attributePattern.lastIndex < inner.length) {
		if (/^\s*$/.test(inner.slice(attributePattern.lastIndex))) break;
		const start = attributePattern.lastIndex;
		const match = attributePattern.exec(inner);
		if (!match || attributePattern.lastIndex === start) return null;
		if (match[1] !== undefined) {
			if (result.id !== null) return null;
			result.id = match[1];
		} else {
			const value = match[3] ?? match[4] ?? match[5];
			result.values.set(match[2], value === undefined ? true : value);
		}
	}
	return result;
}
