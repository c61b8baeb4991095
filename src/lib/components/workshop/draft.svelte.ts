// The lesson an author is writing: its text, kept in the browser so a reload loses nothing,
// and the validator's reading of it, refreshed a moment after the author stops typing. The
// editor, the problem list and the preview all read this one parse.

import type { FormatOptions } from '$lib/lessons/frontmatter';
import { parseLesson, type ParseResult } from '$lib/lessons/parse';

const draftKey = 'klasgesprek:workshop:draft';
const previousKey = 'klasgesprek:workshop:previous';

/**
 * The file name a lesson gets: its `slug` field, else made from its title, as the publish
 * endpoint derives it (src/lib/server/publishing.ts, which the browser cannot import).
 */
export function slugFromTitle(title: string): string {
	return title
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.slice(0, 60)
		.replace(/^-+|-+$/g, '');
}

/** A top-level frontmatter field's plain value, quotes taken off. */
function fieldOf(source: string, field: string): string {
	const frontmatter = source.split(/\n---/)[0] ?? '';
	const match = new RegExp(`^${field}[ \t]*:[ \t]*(.*)$`, 'm').exec(frontmatter);
	return match ? match[1].trim().replace(/^(['"])(.*)\1$/, '$2') : '';
}

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

	readonly slug = $derived(
		fieldOf(this.source, 'slug') || slugFromTitle(fieldOf(this.source, 'title')) || 'les'
	);

	private readonly storage: Storage | null;
	private readonly delay: number;
	private readonly format: FormatOptions;
	private timer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		fallback: string,
		{
			storage = usableStorage(),
			delay = 300,
			format = {}
		}: { storage?: Storage | null; delay?: number; format?: FormatOptions } = {}
	) {
		this.storage = storage;
		this.delay = delay;
		this.format = format;
		this.kept = storage !== null;
		this.source = this.read(draftKey) ?? fallback;
		this.previous = this.read(previousKey);
		this.parseNow();
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
		this.result = parseLesson(this.source, this.slug, this.format);
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
