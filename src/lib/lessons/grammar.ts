// The lesson format's words as plain data, for an editor that offers them while an author types:
// block types with their attributes, and frontmatter fields with their allowed values. Built here
// from the owners (vocabulary.ts, blocks.ts, frontmatter.ts) and sent to the browser as data, so
// the editor needs none of the parser's code.

import { attributeAliases, attributeParsers, blockRules, isBoardBlockType, type AttributeName } from './blocks.ts';
import { fieldNames, fields, knownThemes, writtenName, type FormatOptions } from './frontmatter.ts';
import { kindOf } from './kinds.ts';
import type { LessonMeta } from './model.ts';
import { blockTypeNames, blockTypes, type BlockType } from './vocabulary.ts';

export interface AttributeGrammar {
	name: AttributeName;
	/** What the value may be, as the validator says it: 'manual, live', '1-50', 'id'. */
	expected: string;
	/** The values when they are a closed list; null for ranges and ids. */
	values: string[] | null;
	/** Dutch names an author may write instead. */
	aliases: readonly string[];
}

export interface LessonGrammar {
	/** `names`: what an author may write after `:::`, the Dutch name first (`peiling`, `poll`). */
	/** `pairable`: a tweegesprek may pair across its answers (`na=` offers its ids). */
	blocks: {
		type: BlockType;
		names: readonly string[];
		onBoard: boolean;
		pairable: boolean;
		attributes: AttributeGrammar[];
	}[];
	/** `written`: what an author writes, the Dutch name where a field has one (`reeks`). */
	fields: { name: keyof LessonMeta; written: string; required: boolean; allowed: string[] | null }[];
}

function attribute(name: AttributeName): AttributeGrammar {
	const expected = attributeParsers[name].expected;
	const values = /^[a-z]+(, [a-z]+)+$/.test(expected) ? expected.split(', ') : null;
	return { name, expected, values, aliases: attributeAliases[name] };
}

export function lessonGrammar(options: FormatOptions = {}): LessonGrammar {
	return {
		blocks: blockTypes.map((type) => ({
			type,
			names: blockTypeNames(type),
			onBoard: isBoardBlockType(type),
			pairable: isBoardBlockType(type) && kindOf(type).pairable,
			attributes: isBoardBlockType(type) ? blockRules[type].attributes.map(attribute) : []
		})),
		fields: fieldNames.map((name) => ({
			name,
			written: writtenName(name),
			required: fields[name].required,
			allowed: name === 'themes' ? knownThemes(options) : (fields[name].allowed?.slice() ?? null)
		}))
	};
}
