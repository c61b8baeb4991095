// The lesson an author is writing: its text, kept in the browser so a reload loses nothing,
// and the validator's reading of it, refreshed a moment after the author stops typing. The
// editor, the problem list and the preview all read this one parse.

import type { ParseResult } from '$lib/lessons/parse';
import { lessonSlug } from './slug.ts';

/** The validator, wherever it runs: in a worker on the page, directly in tests and on the server. */
export type LessonReader = (source: string, slug: string) => ParseResult | Promise<ParseResult>;

const draftKey = 'klasgesprek:workshop:draft';
const previousKey = 'klasgesprek:workshop:previous';

/** localStorage when this browser lets us use it (private modes and policies may not). */
function usableStorage(): Storage | null {
	try {
		const storage = globalThis.localStorage;
		if (!storage) return null;
		storage.setItem(`${draftKey}:probe`, '1');
		storage.removeItem(`${draftKey}:probe`);
		return storage;
	} catch {
		return null;
	}
}

export class LessonDraft {
	source = $state('');
	/** The validator's reading of `source` as it was when last parsed. */
	result: ParseResult = $state.raw({ lesson: null, problems: [] });
	/** False when the browser refused to keep the draft: the page says so. */
	kept = $state(true);
	/** The draft a copy or the template replaced, until the author restores or edits on. */
	previous: string | null = $state(null);

	readonly slug = $derived(lessonSlug(this.source));

	private readonly storage: Storage | null;
	private readonly delay: number;
	private readonly reader: LessonReader;
	private reading = 0;
	private timer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		fallback: string,
		reader: LessonReader,
		{
			storage = usableStorage(),
			delay = 300,
			initial
		}: {
			storage?: Storage | null;
			delay?: number;
			/** The server's reading of `fallback`, so the first render needs no parser. */
			initial?: ParseResult;
		} = {}
	) {
		this.storage = storage;
		this.delay = delay;
		this.reader = reader;
		this.kept = storage !== null;
		this.source = this.read(draftKey) ?? fallback;
		this.previous = this.read(previousKey);
		if (initial && this.source === fallback) this.result = initial;
		else this.parseNow();
	}

	/** The author typed: keep the text at once, read it again once they pause. */
	edit(source: string) {
		if (source === this.source) return;
		this.source = source;
		this.write(draftKey, source);
		clearTimeout(this.timer);
		this.timer = setTimeout(() => this.parseNow(), this.delay);
	}

	/** Starts from other text (a copy or the template); the current draft stays restorable. */
	startFrom(source: string) {
		if (source === this.source) return;
		this.previous = this.source;
		this.write(previousKey, this.source);
		this.edit(source);
		this.parseNow();
	}

	restorePrevious() {
		if (this.previous === null) return;
		const previous = this.previous;
		this.forgetPrevious();
		this.edit(previous);
		this.parseNow();
	}

	forgetPrevious() {
		this.previous = null;
		this.storage?.removeItem(previousKey);
	}

	parseNow() {
		clearTimeout(this.timer);
		const reading = ++this.reading;
		const result = this.reader(this.source, this.slug);
		if (!(result instanceof Promise)) {
			this.result = result;
			return;
		}
		// Only the reading of the latest text is shown; a failed one leaves the last good one.
		result.then(
			(read) => {
				if (reading === this.reading) this.result = read;
			},
			() => {}
		);
	}

	dispose() {
		clearTimeout(this.timer);
	}

	private read(key: string): string | null {
		try {
			return this.storage?.getItem(key) ?? null;
		} catch {
			return null;
		}
	}

	private write(key: string, value: string) {
		if (!this.storage) return;
		try {
			this.storage.setItem(key, value);
			this.kept = true;
		} catch {
			// Full or refused: the text is still in the editor, and the page says it is not kept.
			this.kept = false;
		}
	}
}
