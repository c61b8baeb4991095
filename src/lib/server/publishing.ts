// Publishing from the workshop: an author with a key saves a valid lesson into LESSONS_DIR,
// where the library picks it up. Every refusal is a value and writes nothing. Keys live in a
// file (AUTHOR_KEYS_FILE) that is reread when it changes, so a key is revoked without restart.

import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { slugPattern, type FormatOptions } from '../lessons/frontmatter.ts';
import type { LessonProblem } from '../lessons/model.ts';
import { parseLesson } from '../lessons/parse.ts';
import { slugForLesson } from '../lessons/slug.ts';
import { AttemptCounter } from './attempt-counter.ts';
import { KeyFile, readKeys } from './key-file.ts';
import { findLessonFiles, slugOfFile } from './library.ts';
import {
	authorKeyFailuresPerAddress,
	authorKeyFailureWindowMs,
	maxPublishedLessonBytes,
	minAuthorKeyLength
} from './limits.ts';

export type PublishError =
	| 'publishing-off'
	| 'too-large'
	| 'request-invalid'
	| 'too-many-attempts'
	| 'key-wrong'
	| 'lesson-invalid'
	| 'slug-invalid'
	| 'exists';

export type PublishResult =
	| { ok: true; value: { slug: string; replaced: boolean } }
	| { ok: false; error: PublishError; problems?: LessonProblem[] };

export interface PublishRequest {
	source: string;
	key: string;
	overwrite?: boolean;
	/** The client's network address, for the limit on wrong keys. */
	address: string;
}

/** Author keys from the file's text: see `readKeys`. */
export const readAuthorKeys = (text: string) => readKeys(text, minAuthorKeyLength);

/** Reads the slug a source declares without trusting it: the validator has not spoken yet. */
function declaredSlug(source: string): string | null {
	const match = /^slug[ \t]*:[ \t]*(.*)$/m.exec(source.split(/\n---/)[0] ?? '');
	return match ? match[1].trim().replace(/^(['"])(.*)\1$/, '$2') : null;
}

export interface PublishingOptions {
	lessonsDirectory: string;
	authorKeysFile: string;
	format?: FormatOptions;
	log?: (line: string) => void;
	now?: () => Date;
}

export class Publishing {
	private readonly keys: KeyFile;
	private readonly wrongKeys = new AttemptCounter(
		authorKeyFailuresPerAddress,
		authorKeyFailureWindowMs
	);
	private readonly directory: string;
	private readonly format: FormatOptions;
	private readonly now: () => Date;

	constructor(options: PublishingOptions) {
		this.directory = resolve(options.lessonsDirectory);
		this.format = options.format ?? {};
		this.now = options.now ?? (() => new Date());
		this.keys = new KeyFile({
			file: options.authorKeysFile,
			minLength: minAuthorKeyLength,
			noun: 'author key',
			whenMissing: 'publishing is off',
			log: options.log ?? ((line) => console.warn(line))
		});
	}

	get enabled(): boolean {
		return this.keys.enabled;
	}

	publish(request: PublishRequest): PublishResult {
		if (!this.keys.enabled) return { ok: false, error: 'publishing-off' };
		if (Buffer.byteLength(request.source, 'utf8') > maxPublishedLessonBytes)
			return { ok: false, error: 'too-large' };
		if (this.wrongKeys.exhausted(request.address)) return { ok: false, error: 'too-many-attempts' };
		// An empty key is a forgotten one, not a guess: it does not count against the address.
		if (request.key === '') return { ok: false, error: 'key-wrong' };
		if (!this.keys.accepts(request.key)) {
			this.wrongKeys.count(request.address);
			return { ok: false, error: 'key-wrong' };
		}

		// A slug that would leave the folder is refused before the lesson's other problems,
		// so the author hears the one thing that matters.
		const declared = declaredSlug(request.source);
		if (declared !== null && !slugPattern.test(declared))
			return { ok: false, error: 'slug-invalid' };
		const parsed = parseLesson(request.source, declared ?? 'workshop', this.format);
		if (parsed.lesson === null || parsed.problems.length > 0) {
			return { ok: false, error: 'lesson-invalid', problems: parsed.problems };
		}
		const slug = slugForLesson(parsed.lesson.meta.slug, parsed.lesson.meta.title);
		if (!slugPattern.test(slug)) return { ok: false, error: 'slug-invalid' };

		const existing = findLessonFiles(this.directory).find((path) => slugOfFile(path) === slug);
		const target = existing ?? join(this.directory, `${slug}.md`);
		// Belt and braces: the pattern allows no separators, and the path must still be inside.
		const inside = relative(this.directory, resolve(target));
		if (
			inside.startsWith('..') ||
			inside.includes(`..${sep}`) ||
			resolve(target) === this.directory
		) {
			return { ok: false, error: 'slug-invalid' };
		}
		if (existing && request.overwrite !== true) return { ok: false, error: 'exists' };

		if (existing) {
			// Kept beside the library, which skips folders starting with `_`.
			const previous = join(this.directory, '_previous');
			mkdirSync(previous, { recursive: true });
			const stamp = this.now().toISOString().replace(/[:.]/g, '-');
			copyFileSync(existing, join(previous, `${slug}.${stamp}.md`));
		}
		// Written beside and renamed, so the watcher never reads half a lesson.
		const temporary = join(dirname(target), `.${slug}.${process.pid}.tmp`);
		writeFileSync(temporary, request.source.replace(/^\uFEFF/, ''), 'utf8');
		renameSync(temporary, target);
		return { ok: true, value: { slug, replaced: existing !== undefined } };
	}
}
