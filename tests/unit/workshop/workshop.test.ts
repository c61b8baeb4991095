import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { blockRules } from '../../../src/lib/lessons/blocks.ts';
import { blockTypeNamed, blockTypeNames, blockTypes } from '../../../src/lib/lessons/vocabulary.ts';
import { lessonCompletions } from '../../../src/lib/components/workshop/completions.ts';
import { LessonDraft } from '../../../src/lib/components/workshop/draft.svelte.ts';
import { slugFromTitle } from '../../../src/lib/lessons/slug.ts';
import { lessonGrammar } from '../../../src/lib/lessons/grammar.ts';
import { parseLesson, type ParseResult } from '../../../src/lib/lessons/parse.ts';
import { MemoryStorage } from '../../fixtures/memory-storage.ts';

const template = readFileSync(
	new URL('../../../src/lib/components/workshop/template.md', import.meta.url),
	'utf8'
);

/** What the editor would offer with the cursor at `|` in `text`. */
function complete(text: string, explicit = false) {
	const pos = text.indexOf('|');
	const state = EditorState.create({ doc: text.replace('|', '') });
	const result = lessonCompletions(lessonGrammar({ extraThemes: ['nepnieuws'] }))(
		new CompletionContext(state, pos, explicit)
	);
	return (
		result && {
			from: result.from,
			labels: result.options.map((option) => option.label),
			options: result.options
		}
	);
}

const frontmatter = '---\ntitle: Test\n';

/** The validator read directly, as the worker does on the page. */
const read = (source: string, slug: string) => parseLesson(source, slug);

describe('the workshop template', () => {
	it('is a lesson without problems that uses every block type', async () => {
		const draft = new LessonDraft(template, read, { storage: null });
		expect(draft.result.problems).toEqual([]);
		const used = new Set(
			template.match(/^:::([a-z-]+)/gm)!.map((line) => blockTypeNamed(line.slice(3)))
		);
		expect([...used].sort()).toEqual([...blockTypes].sort());
	});
});

describe('completions', () => {
	it('offers every block type after ::: by each of its names, with an explanation, and an id to fill in', () => {
		const result = complete(`${frontmatter}---\n## Stap\n:::st|`)!;
		expect(result.labels).toEqual(blockTypes.flatMap(blockTypeNames));
		expect(result.labels.indexOf('peiling')).toBeLessThan(result.labels.indexOf('poll'));
		const peiling = result.options.find((option) => option.label === 'peiling')!;
		expect(peiling.info).toBe(result.options.find((option) => option.label === 'poll')!.info);
		expect(peiling.boost).toBeGreaterThan(
			result.options.find((option) => option.label === 'poll')!.boost ?? 0
		);
		const stelling = result.options.find((option) => option.label === 'stelling')!;
		expect(stelling.info).toMatch(/eens|agree/i);
		// A board block is inserted as a snippet that waits for its id; a teacher note has none.
		expect(stelling.apply).toBeTypeOf('function');
		expect(result.options.find((option) => option.label === 'docent')!.apply).toBeUndefined();
	});

	it('offers the attributes of the block type being written, and only those', () => {
		const result = complete(`${frontmatter}---\n:::stelling {#een |`)!;
		expect(result.labels).toEqual([...blockRules.stelling.attributes]);
		expect(
			result.options.every((option) => typeof option.info === 'string' && option.info.length > 5)
		).toBe(true);
		expect(complete(`${frontmatter}---\n:::woordwolk {#w wo|`)!.labels).toContain('words');
		expect(complete(`${frontmatter}---\n:::woordwolk {#w wo|`)!.labels).not.toContain('reason');
		expect(complete(`${frontmatter}---\n:::docent {|`)).toBeNull();
		expect(complete(`${frontmatter}---\n:::onbekend {#x |`)).toBeNull();
	});

	it('offers the attributes of a block written by its Dutch name', () => {
		expect(complete(`${frontmatter}---\n:::peiling {#p |`)!.labels).toEqual([
			...blockRules.poll.attributes
		]);
		expect(complete(`${frontmatter}---\n:::open-vraag {#o |`)!.labels).toEqual([
			...blockRules.open.attributes
		]);
	});

	it('offers the values of a closed attribute, and earlier ids for compare', () => {
		expect(complete(`${frontmatter}---\n:::stelling {#a reveal=|`)!.labels).toEqual([
			'manual',
			'live'
		]);
		expect(complete(`${frontmatter}---\n:::stelling {#a min=|`)).toBeNull();
		// The Dutch name an author writes has the same values.
		expect(complete(`${frontmatter}---\n:::stelling {#a toon=|`)!.labels).toEqual([
			'manual',
			'live'
		]);
		const compare = complete(
			`${frontmatter}---\n:::stelling {#voor}\nX\n:::\n:::stelling {#na compare=|`
		)!;
		expect(compare.labels).toContain('voor');
	});

	it('offers the new methods: tweegesprek after a stelling, denktijd on answers, instemmen on the rules', () => {
		const types = complete(`${frontmatter}---\n## Stap\n:::twee|`)!;
		expect(types.labels).toContain('tweegesprek');
		expect(types.labels).toContain('pairs');
		const lesson = `${frontmatter}---\n:::stelling {#mening}\nX\n:::\n:::peiling {#keuze}\nY\n- a\n- b\n:::\n:::positielijn {#lijn}\nZ\n- a\n- b\n:::\n`;
		// `na=` offers only the blocks whose answers lie on a line: not the poll.
		const from = complete(`${lesson}:::tweegesprek {#praat na=|`)!;
		expect(from.labels).toEqual(['mening', 'lijn']);
		expect(complete(`${lesson}:::tweegesprek {#praat |`)!.labels).toEqual(['from', 'timer']);
		expect(complete(`${frontmatter}---\n:::stelling {#a |`)!.labels).toContain('think-time');
		expect(complete(`${frontmatter}---\n:::gespreksregels {#r instemmen=|`)!.labels).toEqual([
			'true',
			'false'
		]);
	});

	it('offers frontmatter fields, marking the required ones, and their allowed values', () => {
		const fieldsOffered = complete(`---\ntitle: Test\nsu|\n---\n`)!;
		expect(fieldsOffered.labels).toContain('summary');
		expect(fieldsOffered.labels).toContain('sensitivity');
		expect(fieldsOffered.options.find((option) => option.label === 'summary')!.detail).toMatch(
			/verplicht|required/
		);
		expect(
			fieldsOffered.options.find((option) => option.label === 'materials')!.detail
		).toBeUndefined();
		expect(complete(`---\nkind: |\n---\n`)!.labels).toEqual(['lesson', 'theatre-followup']);
		expect(complete(`---\nthemes: [polarisatie, ide|]\n---\n`)!.labels).toContain('identiteit');
		expect(complete(`---\naudience: [mbo, |]\n---\n`)!.labels).toContain('ouders');
		// The deployment's own themes (LESSON_THEMES) too.
		expect(complete(`---\nthemes: [nep|]\n---\n`)!.labels).toContain('nepnieuws');
		expect(complete(`---\ntitle: |\n---\n`)).toBeNull();
	});

	it('offers no frontmatter field in the body', () => {
		expect(complete(`---\ntitle: Test\n---\nsu|`)).toBeNull();
	});
});

describe('the draft', () => {
	it('keeps every keystroke in storage and reads the lesson again once the author pauses', () => {
		vi.useFakeTimers();
		try {
			const storage = new MemoryStorage();
			const draft = new LessonDraft(template, read, { storage, delay: 300 });
			const broken = template.replace(
				':::peiling {#gehoord multiple}',
				':::pol {#gehoord multiple}'
			);
			draft.edit(broken);
			expect(storage.getItem('klasgesprek:workshop:draft')).toBe(broken);
			expect(draft.result.problems).toEqual([]);
			vi.advanceTimersByTime(299);
			expect(draft.result.problems).toEqual([]);
			vi.advanceTimersByTime(1);
			expect(draft.result.problems.map((problem) => problem.code)).toEqual(['block-unknown-type']);
			expect(new LessonDraft('', read, { storage }).source).toBe(broken);
		} finally {
			vi.useRealTimers();
		}
	});

	it('keeps the replaced draft when starting from a copy, until restored', () => {
		const storage = new MemoryStorage();
		const draft = new LessonDraft(template, read, { storage });
		draft.edit(`${template}\nMijn eigen werk.`);
		draft.startFrom('---\ntitle: Kopie\n---\n');
		expect(draft.source).toBe('---\ntitle: Kopie\n---\n');
		expect(new LessonDraft('', read, { storage }).previous).toBe(`${template}\nMijn eigen werk.`);
		draft.restorePrevious();
		expect(draft.source).toBe(`${template}\nMijn eigen werk.`);
		expect(draft.previous).toBeNull();
		expect(storage.getItem('klasgesprek:workshop:previous')).toBeNull();
	});

	it('says so when the browser refuses to keep the draft, and keeps the text', () => {
		const storage = new MemoryStorage();
		const draft = new LessonDraft(template, read, { storage });
		storage.setItem = () => {
			throw new DOMException('full', 'QuotaExceededError');
		};
		draft.edit('---\ntitle: Nieuw\n---\n');
		expect(draft.kept).toBe(false);
		expect(draft.source).toBe('---\ntitle: Nieuw\n---\n');
	});

	it('shows only the reading of the latest text when readings come back late, and keeps the last good one', async () => {
		const replies: { source: string; settle: (result: ParseResult | null) => void }[] = [];
		const slow = (source: string) =>
			new Promise<ParseResult>((resolve, reject) =>
				replies.push({
					source,
					settle: (result) => (result ? resolve(result) : reject(new Error('worker')))
				})
			);
		const broken = template.replace(':::peiling', ':::pol');
		const draft = new LessonDraft(broken, slow, { storage: null, initial: read(broken, 'x') });
		expect(replies).toHaveLength(0);
		draft.startFrom(`${broken}\nEen.`);
		draft.startFrom(template);
		// The second reading comes back first; the first, stale, comes back after it.
		replies[1].settle(read(replies[1].source, 'x'));
		replies[0].settle(read(replies[0].source, 'x'));
		await Promise.resolve();
		await Promise.resolve();
		expect(draft.result.problems).toEqual([]);
		const latest = draft.result;
		draft.startFrom(broken);
		replies[2].settle(null);
		await Promise.resolve();
		await Promise.resolve();
		expect(draft.result).toBe(latest);
	});

	it('names the file after the title', () => {
		expect(slugFromTitle('Wat is polarisatie?')).toBe('wat-is-polarisatie');
		expect(slugFromTitle('Één café, twee meningen')).toBe('een-cafe-twee-meningen');
		expect(slugFromTitle('../../etc/passwd')).toBe('etc-passwd');
		expect(
			new LessonDraft("---\ntitle: 'Vrijheid & jij'\n---\n", read, { storage: null }).slug
		).toBe('vrijheid-jij');
		expect(new LessonDraft('geen frontmatter', read, { storage: null }).slug).toBe('les');
		expect(
			new LessonDraft('---\ntitle: Iets\nslug: eigen-naam\n---\n', read, { storage: null }).slug
		).toBe('eigen-naam');
		expect(slugFromTitle('a'.repeat(59) + ' b')).toBe('a'.repeat(59));
	});
});
