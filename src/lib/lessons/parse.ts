// Reads one lesson file: frontmatter, then steps (`## Title`), each with Markdown for the
// board, blocks (`:::type {#id}` … `:::`) and teacher notes. Every problem found carries the
// line it is on, so the validator can point an author straight at it.

import { Marked, type Token, type TokensList } from 'marked';
import {
	blockRules,
	buildBoardBlock,
	comparable,
	isBoardBlockType,
	isTeacherBlockType,
	suggestBlockType
} from './blocks.ts';
import { directiveExtension, parseDirectiveHeader, strayCloseExtension, type DirectiveToken } from './directive.ts';
import {
	parseFrontmatter,
	splitFrontmatter,
	type FieldLines,
	type FormatOptions
} from './frontmatter.ts';
import { kindOf } from './kinds.ts';
import type {
	BoardBlock,
	BoardPart,
	Lesson,
	LessonProblem,
	LessonStep,
	LessonWarning,
	TeacherNote
} from './model.ts';
import { findUnsafeHtml, findUnsafeUrl, sanitizeBlockHtml, stripHtml } from './safety.ts';
import { findSelfDisclosure } from './never-asks.ts';
import { checkTiming } from './timing.ts';
import { allBlockTypeNames, blockTypeNamed, blockTypes } from './vocabulary.ts';

export interface ParseResult {
	lesson: Lesson | null;
	problems: LessonProblem[];
	/** What an author should look at but does not keep the lesson out (minutes that do not add up). */
	warnings?: LessonWarning[];
	/** Where each frontmatter field is, for what only the library can check (parts of a series). */
	lines?: FieldLines;
}

function createMarked(): Marked {
	return new Marked({ gfm: true, extensions: [directiveExtension, strayCloseExtension] as never });
}

export type { FormatOptions };

export function parseLesson(source: string, slug: string, options: FormatOptions = {}): ParseResult {
	const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
	const split = splitFrontmatter(text);
	if ('code' in split) return { lesson: null, problems: [split] };

	const { meta, problems, lines = {} } = parseFrontmatter(split.yaml, 2, options);
	const body = new BodyReader(createMarked(), problems);
	const { introduction, introductionNotes, steps } = body.read(split.body, split.bodyLine);

	problems.sort((a, b) => a.line - b.line);
	// A lesson with problems is still built where its frontmatter allows, already sanitised,
	// so that it renders inert; whoever serves lessons decides to leave it out.
	if (meta === null) return { lesson: null, problems, lines };
	const lesson: Lesson = { slug, meta, introduction, introductionNotes, steps };
	const warnings = [
		...checkTiming(text, lesson, split.bodyLine, lines.duration ?? 1),
		...findSelfDisclosure(split.body, split.bodyLine)
	].sort((a, b) => a.line - b.line);
	return { lesson, problems, warnings, lines };
}

interface StepDraft {
	title: string;
	line: number;
	board: BoardPart[];
	teacher: TeacherNote[];
	markdown: Token[];
	/** Held a block, even a broken one: then an empty board is not worth a second report. */
	hadBlock: boolean;
}

class BodyReader {
	private readonly blocks: BoardBlock[] = [];
	private readonly firstLineOfId = new Map<string, number>();
	private readonly onceSeen = new Map<string, number>();
	private links: TokensList['links'] = {};

	private readonly marked: Marked;
	private readonly problems: LessonProblem[];

	constructor(marked: Marked, problems: LessonProblem[]) {
		this.marked = marked;
		this.problems = problems;
	}

	read(body: string, firstLine: number) {
		const tokens = this.marked.lexer(body);
		this.links = tokens.links;
		const introduction: StepDraft = { title: '', line: firstLine, board: [], teacher: [], markdown: [], hadBlock: false };
		const steps: StepDraft[] = [];
		let current = introduction;

		for (const { token, line } of withLines(tokens, firstLine)) {
			this.checkSafety(token, line);
			if (token.type === 'heading' && token.depth === 1) {
				this.problems.push({ line, code: 'heading-level-one', params: {} });
			} else if (token.type === 'heading' && token.depth === 2) {
				this.flushMarkdown(current);
				current = { title: stripHtml(this.marked.parseInline(token.text) as string), line, board: [], teacher: [], markdown: [], hadBlock: false };
				steps.push(current);
			} else if (token.type === 'directive') {
				this.flushMarkdown(current);
				current.hadBlock = true;
				this.readDirective(token as DirectiveToken, line, current, current === introduction);
			} else if (token.type === 'directiveClose') {
				this.problems.push({ line, code: 'block-stray-close', params: {} });
			} else if (token.type !== 'space') {
				current.markdown.push(token);
			}
		}
		this.flushMarkdown(current);
		this.checkComparisons();
		this.checkPairs();

		if (steps.length === 0) this.problems.push({ line: firstLine, code: 'no-steps', params: {} });
		for (const step of steps) {
			if (step.board.length === 0 && step.teacher.length === 0 && !step.hadBlock) {
				this.problems.push({ line: step.line, code: 'step-empty', params: { title: step.title } });
			}
		}

		const introductionHtml = introduction.board
			.map((part) => (part.kind === 'markdown' ? part.html : ''))
			.join('');
		return {
			introduction: introductionHtml,
			introductionNotes: introduction.teacher,
			steps: steps.map(
				(step, index): LessonStep => ({
					number: index + 1,
					title: step.title,
					line: step.line,
					board: step.board,
					teacher: step.teacher
				})
			)
		};
	}

	private flushMarkdown(step: StepDraft) {
		if (step.markdown.length === 0) return;
		const tokens = Object.assign([...step.markdown], { links: this.links });
		const html = sanitizeBlockHtml(this.marked.parser(tokens));
		if (html.trim() !== '') step.board.push({ kind: 'markdown', html });
		step.markdown = [];
	}

	private readDirective(token: DirectiveToken, line: number, step: StepDraft, beforeFirstStep: boolean) {
		const name = typeNamed(token);
		if (!token.closed) {
			this.problems.push({ line, code: 'block-unclosed', params: { type: name, missing: token.missingCloses } });
		}

		if (isTeacherBlockType(name)) {
			const note = this.readTeacherNote(name, token, line, null);
			if (note) step.teacher.push(note);
			return;
		}
		if (!(blockTypes as readonly string[]).includes(name) || !isBoardBlockType(name as never)) {
			this.problems.push({
				line,
				code: 'block-unknown-type',
				params: { type: token.name, suggestion: suggestBlockType(name, allBlockTypeNames) }
			});
			return;
		}
		const type = name as keyof typeof blockRules;
		if (beforeFirstStep) {
			this.problems.push({ line, code: 'block-outside-step', params: { type } });
			return;
		}

		const attributes = parseDirectiveHeader(token.header);
		if (attributes === null) {
			this.problems.push({ line, code: 'block-header-invalid', params: { type, header: token.header } });
			return;
		}

		const own: Token[] = [];
		const cues: { token: DirectiveToken; line: number }[] = [];
		for (const inner of withLines(token.tokens, line + 1)) {
			if (inner.token.type === 'directive') {
				const nestedName = typeNamed(inner.token as DirectiveToken);
				if (isTeacherBlockType(nestedName)) cues.push({ token: inner.token as DirectiveToken, line: inner.line });
				else this.problems.push({ line: inner.line, code: 'block-nested', params: { type: nestedName, parent: type } });
			} else if (inner.token.type === 'directiveClose') {
				this.problems.push({ line: inner.line, code: 'block-stray-close', params: {} });
			} else {
				own.push(inner.token);
			}
		}

		if (blockRules[type].oncePerLesson) {
			const earlier = this.onceSeen.get(type);
			if (earlier !== undefined) {
				this.problems.push({ line, code: 'block-once-per-lesson', params: { type, first: earlier } });
			} else {
				this.onceSeen.set(type, line);
			}
		}
		if (attributes.id !== null) {
			const earlier = this.firstLineOfId.get(attributes.id);
			if (earlier !== undefined) {
				this.problems.push({ line, code: 'block-id-duplicate', params: { id: attributes.id, first: earlier } });
			} else {
				this.firstLineOfId.set(attributes.id, line);
			}
		}

		const block = buildBoardBlock(type, attributes, { tokens: own, line }, this.marked, this.problems);
		if (block) {
			this.blocks.push(block);
			step.board.push({ kind: 'block', block });
		}
		for (const cue of cues) {
			const note = this.readTeacherNote(
				typeNamed(cue.token) as TeacherNote['type'],
				cue.token,
				cue.line,
				attributes.id
			);
			if (note) step.teacher.push(note);
		}
	}

	private readTeacherNote(
		type: TeacherNote['type'],
		token: DirectiveToken,
		line: number,
		forBlock: string | null
	): TeacherNote | null {
		const attributes = parseDirectiveHeader(token.header);
		if (attributes === null) {
			this.problems.push({ line, code: 'block-header-invalid', params: { type, header: token.header } });
			return null;
		}
		for (const name of attributes.values.keys()) {
			this.problems.push({
				line,
				code: 'block-attribute-unknown',
				params: { type, attribute: name, allowed: '-', suggestion: '' }
			});
		}
		const own: Token[] = [];
		for (const inner of withLines(token.tokens, line + 1)) {
			if (inner.token.type === 'directive') {
				const nestedName = typeNamed(inner.token as DirectiveToken);
				this.problems.push({ line: inner.line, code: 'block-nested', params: { type: nestedName, parent: type } });
			} else if (inner.token.type !== 'space') {
				own.push(inner.token);
			}
		}
		const html = sanitizeBlockHtml(this.marked.parser(Object.assign(own, { links: this.links })));
		if (stripHtml(html) === '') {
			this.problems.push({ line, code: 'block-prompt-missing', params: { type } });
			return null;
		}
		return { type, line, html, forBlock };
	}

	private checkComparisons() {
		const order = new Map(this.blocks.map((block, index) => [block.id, index]));
		this.blocks.forEach((block, index) => {
			const target = block.settings.compareWith;
			if (target === null) return;
			const targetIndex = order.get(target);
			if (targetIndex === undefined) {
				this.problems.push({ line: block.line, code: 'compare-unknown', params: { id: block.id, target } });
			} else if (targetIndex >= index) {
				this.problems.push({ line: block.line, code: 'compare-not-earlier', params: { id: block.id, target } });
			} else {
				const earlier = this.blocks[targetIndex];
				if (!comparable(earlier, block)) {
					this.problems.push({
						line: block.line,
						code: 'compare-mismatch',
						params: { id: block.id, target, type: earlier.type }
					});
				}
			}
		});
	}

	/** A tweegesprek pairs across the answers of an earlier stelling, thermometer or position line. */
	private checkPairs() {
		const order = new Map(this.blocks.map((block, index) => [block.id, index]));
		this.blocks.forEach((block, index) => {
			const target = block.settings.pairsFrom;
			if (target === null) return;
			const targetIndex = order.get(target);
			const params = { id: block.id, target };
			if (targetIndex === undefined) {
				this.problems.push({ line: block.line, code: 'pairs-from-unknown', params });
			} else if (targetIndex >= index) {
				this.problems.push({ line: block.line, code: 'pairs-from-not-earlier', params });
			} else if (!kindOf(this.blocks[targetIndex].type).pairable) {
				this.problems.push({
					line: block.line,
					code: 'pairs-from-type',
					params: { ...params, type: this.blocks[targetIndex].type }
				});
			}
		});
	}

	/** Reports raw HTML and links that the sanitiser will take out, at their own line. */
	private checkSafety(token: Token, line: number) {
		const raw = token.raw;
		let cursor = 0;
		const lineOf = (fragment: string) => {
			const at = raw.indexOf(fragment, cursor);
			if (at === -1) return line;
			cursor = at;
			return line + countNewlines(raw.slice(0, at));
		};
		const visit = (node: Token) => {
			if (node.type === 'directive') return; // checked when its own tokens are walked
			if (node.type === 'html') this.problems.push(...findUnsafeHtml(node.raw, lineOf(node.raw)));
			if (node.type === 'link' || node.type === 'image') {
				const problem = findUnsafeUrl(node.href, lineOf(node.raw));
				if (problem) this.problems.push(problem);
			}
			for (const child of childTokens(node)) visit(child);
		};
		if (token.type === 'directive') {
			for (const inner of withLines((token as DirectiveToken).tokens, line + 1)) this.checkSafety(inner.token, inner.line);
			return;
		}
		visit(token);
	}
}

/** The block type a directive's name stands for (`peiling` is `poll`); unknown names as written. */
function typeNamed(token: DirectiveToken): string {
	return blockTypeNamed(token.name) ?? token.name.toLowerCase();
}

function childTokens(token: Token): Token[] {
	const children: Token[] = [];
	if ('tokens' in token && Array.isArray(token.tokens)) children.push(...(token.tokens as Token[]));
	if (token.type === 'list') for (const item of token.items) children.push(item);
	if (token.type === 'table') {
		for (const cell of token.header) children.push(...cell.tokens);
		for (const row of token.rows) for (const cell of row) children.push(...cell.tokens);
	}
	return children;
}

/** Pairs each top-level token with the file line it starts on. */
function* withLines(tokens: Token[], firstLine: number): Generator<{ token: Token; line: number }> {
	let line = firstLine;
	for (const token of tokens) {
		// A token's raw may open with blank lines that belong to it; its content starts after them.
		const leading = /^\n*/.exec(token.raw)?.[0].length ?? 0;
		yield { token, line: line + (token.type === 'space' ? 0 : leading) };
		line += countNewlines(token.raw);
	}
}

function countNewlines(text: string): number {
	let count = 0;
	for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count += 1;
	return count;
}
