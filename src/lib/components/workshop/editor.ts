// The workshop's CodeMirror 6 editor: Markdown with YAML frontmatter, `:::` blocks marked out,
// completion of the format's words, and the validator's problems at their lines. Only the
// workshop page imports this module, and only dynamically, so no other page carries its weight.

import {
	autocompletion,
	closeBrackets,
	closeBracketsKeymap,
	completionKeymap
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { markdownLanguage } from '@codemirror/lang-markdown';
import { yamlFrontmatter } from '@codemirror/lang-yaml';
import { HighlightStyle, LanguageSupport, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState, RangeSetBuilder, type Extension } from '@codemirror/state';
import {
	Decoration,
	EditorView,
	drawSelection,
	highlightActiveLine,
	highlightActiveLineGutter,
	keymap,
	lineNumbers,
	ViewPlugin,
	type DecorationSet,
	type ViewUpdate
} from '@codemirror/view';
import { tags } from '@lezer/highlight';
import type { LessonGrammar } from '$lib/lessons/grammar';
import type { LessonProblem, LessonWarning } from '$lib/lessons/model';
import { lessonCompletions } from './completions.ts';

// Colours from the design tokens, so contrast is checked once, in tokens.css.
const highlightStyle = HighlightStyle.define([
	{ tag: tags.heading, fontWeight: '700', color: 'var(--colour-brand)' },
	{ tag: tags.strong, fontWeight: '700' },
	{ tag: tags.emphasis, fontStyle: 'italic' },
	{
		tag: [tags.propertyName, tags.definition(tags.propertyName)],
		color: 'var(--colour-brand)',
		fontWeight: '600'
	},
	{
		tag: [tags.meta, tags.processingInstruction, tags.contentSeparator],
		color: 'var(--colour-ink-muted)'
	},
	{ tag: [tags.string, tags.number, tags.bool], color: 'var(--colour-ink)' },
	{ tag: tags.list, color: 'var(--colour-ink)' },
	{ tag: tags.link, textDecoration: 'underline' },
	{ tag: tags.comment, color: 'var(--colour-ink-muted)', fontStyle: 'italic' }
]);

const opening = /^(:{3,})[ \t]*([A-Za-z][\w-]*)([ \t]*.*)$/;
const closing = /^:{3,}[ \t]*$/;
const blockLine = Decoration.line({ class: 'cm-lesson-block' });
const blockName = Decoration.mark({ class: 'cm-lesson-block-name' });
const blockHeader = Decoration.mark({ class: 'cm-lesson-block-header' });

/** Marks `:::type {…}` and `:::` lines, which Markdown itself reads as plain paragraphs. */
function blockDecorations(view: EditorView): DecorationSet {
	const builder = new RangeSetBuilder<Decoration>();
	for (const { from, to } of view.visibleRanges) {
		for (let position = from; position <= to;) {
			const line = view.state.doc.lineAt(position);
			const open = opening.exec(line.text);
			if (open) {
				builder.add(line.from, line.from, blockLine);
				const nameStart = line.from + line.text.indexOf(open[2], open[1].length);
				builder.add(nameStart, nameStart + open[2].length, blockName);
				if (open[3].trim() !== '') builder.add(nameStart + open[2].length, line.to, blockHeader);
			} else if (closing.test(line.text)) {
				builder.add(line.from, line.from, blockLine);
			}
			position = line.to + 1;
		}
	}
	return builder.finish();
}

const lessonBlocks = ViewPlugin.fromClass(
	class {
		decorations: DecorationSet;
		constructor(view: EditorView) {
			this.decorations = blockDecorations(view);
		}
		update(update: ViewUpdate) {
			if (update.docChanged || update.viewportChanged)
				this.decorations = blockDecorations(update.view);
		}
	},
	{ decorations: (plugin) => plugin.decorations }
);

const theme = EditorView.theme({
	'&': {
		height: '100%',
		fontSize: 'var(--text-small)',
		backgroundColor: 'var(--colour-surface)',
		color: 'var(--colour-ink)'
	},
	'&.cm-focused': { outline: '3px solid var(--colour-focus)', outlineOffset: '-3px' },
	'.cm-scroller': {
		fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
		lineHeight: '1.5'
	},
	'.cm-content': { caretColor: 'var(--colour-ink)' },
	'.cm-gutters': {
		backgroundColor: 'var(--colour-paper)',
		color: 'var(--colour-ink-muted)',
		border: 'none'
	},
	'.cm-activeLine, .cm-activeLineGutter': {
		backgroundColor: 'color-mix(in srgb, var(--colour-brand) 7%, transparent)'
	},
	'.cm-lesson-block': {
		backgroundColor: 'color-mix(in srgb, var(--colour-brand) 10%, transparent)'
	},
	'.cm-lesson-block-name': { color: 'var(--colour-brand)', fontWeight: '700' },
	'.cm-lesson-block-header': { color: 'var(--colour-ink)' },
	'.cm-tooltip': { fontSize: 'var(--text-small)' },
	'.cm-tooltip.cm-completionInfo': { maxWidth: '22rem', padding: 'var(--space-2)' },
	'.cm-diagnostic': { padding: 'var(--space-2)', maxWidth: '32rem' }
});

export interface LessonEditor {
	view: EditorView;
	/**
	 * Shows the validator's problems (errors) and warnings at their lines; `describe` words them
	 * in the interface language.
	 */
	showProblems(
		problems: readonly LessonProblem[],
		describe: (problem: LessonProblem) => string,
		warnings?: readonly LessonWarning[],
		describeWarning?: (warning: LessonWarning) => string
	): void;
	/** Puts the cursor on a line and the focus in the editor. */
	goToLine(line: number): void;
	/** Replaces the whole text, as one step the author can undo. */
	replace(source: string): void;
	destroy(): void;
}

export function createLessonEditor(
	parent: HTMLElement,
	options: {
		source: string;
		label: string;
		describedBy: string;
		grammar: LessonGrammar;
		onChange: (source: string) => void;
	}
): LessonEditor {
	const extensions: Extension[] = [
		lineNumbers(),
		highlightActiveLineGutter(),
		history(),
		drawSelection(),
		highlightActiveLine(),
		closeBrackets(),
		EditorView.lineWrapping,
		yamlFrontmatter({ content: new LanguageSupport(markdownLanguage) }),
		syntaxHighlighting(highlightStyle),
		lessonBlocks,
		autocompletion({ override: [lessonCompletions(options.grammar)], icons: false }),
		lintGutter(),
		keymap.of([
			...closeBracketsKeymap,
			...defaultKeymap,
			...historyKeymap,
			...completionKeymap,
			...lintKeymap,
			indentWithTab
		]),
		EditorView.contentAttributes.of({
			'aria-label': options.label,
			'aria-describedby': options.describedBy,
			// Focusable by name, not only by being editable, so the scrolling region counts as reachable.
			tabindex: '0',
			spellcheck: 'true'
		}),
		theme,
		EditorView.updateListener.of((update) => {
			if (update.docChanged) options.onChange(update.state.doc.toString());
		})
	];
	const view = new EditorView({
		parent,
		state: EditorState.create({ doc: options.source, extensions })
	});

	return {
		view,
		showProblems(problems, describe, warnings = [], describeWarning) {
			const doc = view.state.doc;
			const at = (number: number) => doc.line(Math.min(Math.max(number, 1), doc.lines));
			const diagnostics: Diagnostic[] = [
				...problems.map((problem): Diagnostic => {
					const line = at(problem.line);
					return { from: line.from, to: line.to, severity: 'error', message: describe(problem) };
				}),
				...(describeWarning ? warnings : []).map((warning): Diagnostic => {
					const line = at(warning.line);
					return {
						from: line.from,
						to: line.to,
						severity: 'warning',
						message: describeWarning!(warning)
					};
				})
			];
			view.dispatch(setDiagnostics(view.state, diagnostics));
		},
		goToLine(number) {
			const doc = view.state.doc;
			const line = doc.line(Math.min(Math.max(number, 1), doc.lines));
			view.dispatch({
				selection: { anchor: line.from },
				effects: EditorView.scrollIntoView(line.from, { y: 'center' })
			});
			view.focus();
		},
		replace(source) {
			// Other text is another lesson: start reading it from the top.
			view.dispatch({
				changes: { from: 0, to: view.state.doc.length, insert: source },
				selection: { anchor: 0 },
				effects: EditorView.scrollIntoView(0)
			});
		},
		destroy() {
			view.destroy();
		}
	};
}
