// The lessons folder as the site sees it: every valid lesson by slug with the version (a hash of
// its file) it was read from, the catalogue, and every problem found, so the site, the validator
// and the live session all see the same library. `LiveLessonLibrary` follows the folder while
// the server runs and keeps the versions live sessions started with.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { summariseLesson, type LessonSummary } from '../lessons/catalogue.ts';
import { slugPattern, type FieldLines, type FormatOptions } from '../lessons/frontmatter.ts';
import type { Lesson, LessonProblem, LessonWarning } from '../lessons/model.ts';
import { parseLesson } from '../lessons/parse.ts';
import { formatProblem } from '../lessons/problem-messages.ts';
import { checkProgrammes } from '../lessons/programmes.ts';
import { guarded } from './guard.ts';
import { lessonRescanMs, lessonWatchDebounceMs, retainedLessonVersionMs } from './limits.ts';

export interface FileProblem extends LessonProblem {
	file: string;
	/** The slug the file would have, so a page can show a broken lesson's problems. */
	slug: string;
}

/** A warning in a file: reported by `lessons:check`, but the lesson is served. */
export interface FileWarning extends LessonWarning {
	file: string;
	slug: string;
}

/** A lesson as the library serves it: the parsed lesson and the version of the file it came from. */
export interface VersionedLesson extends Lesson {
	/** The first 16 hex digits of the SHA-256 of the file's contents. */
	version: string;
}

export interface LessonLibrary {
	lessons: ReadonlyMap<string, VersionedLesson>;
	catalogue: LessonSummary[];
	/** Files read, valid or not. */
	fileCount: number;
	problems: FileProblem[];
	/** Kept apart from problems: a lesson with warnings only is in the library. */
	warnings: FileWarning[];
}

/** Markdown files below `directory`, except README.md and files or folders starting with `_` or `.`. */
export function findLessonFiles(directory: string): string[] {
	const entries = readdirSync(directory, { withFileTypes: true, recursive: true });
	return entries
		.filter((entry) => entry.isFile() && entry.name.endsWith('.md') && entry.name !== 'README.md')
		.map((entry) => join(entry.parentPath, entry.name))
		.filter(
			(path) =>
				!relative(directory, path)
					.split(sep)
					.some((part) => /^[_.]/.test(part))
		)
		.sort();
}

/** The slug a lesson file gets: its name without `.md`. */
export function slugOfFile(path: string): string {
	return path.split(sep).at(-1)!.replace(/\.md$/, '');
}

export function lessonVersion(source: string): string {
	return createHash('sha256').update(source).digest('hex').slice(0, 16);
}

/** One file as last read: what its stat said, and what parsing its contents gave. */
interface ReadFile {
	stamp: string;
	version: string;
	lesson: VersionedLesson | null;
	problems: LessonProblem[];
	warnings: LessonWarning[];
	/** Where its frontmatter fields are, for problems only the whole library shows. */
	lines: FieldLines;
}

type FileCache = Map<string, ReadFile>;

interface ReadResult {
	library: LessonLibrary;
	cache: FileCache;
	/** Files whose contents are new or differ from the cache's. */
	changed: string[];
	removed: string[];
}

/** Reads the folder, parsing only files whose size, time or contents changed since `cache`. */
function readLibrary(
	directory: string,
	displayRoot: string,
	format: FormatOptions,
	cache: FileCache = new Map()
): ReadResult {
	const lessons = new Map<string, VersionedLesson>();
	const fileOfSlug = new Map<string, string>();
	const problems: FileProblem[] = [];
	const warnings: FileWarning[] = [];
	const next: FileCache = new Map();
	const changed: string[] = [];
	const files = findLessonFiles(directory);

	for (const path of files) {
		const file = relative(displayRoot, path) || path;
		const slug = slugOfFile(path);
		// A file left out for its name is remembered as unread, so it is reported once and read
		// as soon as its name is fine.
		const leaveOut = (problem: FileProblem) => {
			problems.push(problem);
			if (!cache.has(path)) changed.push(file);
			next.set(path, {
				stamp: '',
				version: '',
				lesson: null,
				problems: [],
				warnings: [],
				lines: {}
			});
		};
		if (!slugPattern.test(slug)) {
			leaveOut({ file, slug, line: 1, code: 'file-name-invalid', params: {} });
			continue;
		}
		const other = fileOfSlug.get(slug);
		if (other !== undefined) {
			leaveOut({ file, slug, line: 1, code: 'slug-duplicate', params: { slug, other } });
			continue;
		}
		fileOfSlug.set(slug, file);
		const read = readLessonFile(path, slug, format, cache.get(path));
		if (read === null) continue; // gone between listing and reading: the next scan sees it
		if (read.version !== cache.get(path)?.version) changed.push(file);
		next.set(path, read);
		problems.push(...read.problems.map((problem) => ({ ...problem, file, slug })));
		warnings.push(...read.warnings.map((warning) => ({ ...warning, file, slug })));
		if (read.lesson) lessons.set(slug, read.lesson);
	}
	// Parts of a series and comparisons across lessons: the lessons stay served (each is fine
	// on its own), the problems are reported, and a comparison that does not hold shows nothing.
	const pathOfSlug = new Map([...next].map(([path]) => [slugOfFile(path), path]));
	for (const { slug, problem } of checkProgrammes(lessons, {
		lineOf: (of, field) => next.get(pathOfSlug.get(of) ?? '')?.lines[field] ?? 1,
		fileOf: (of) => fileOfSlug.get(of) ?? `${of}.md`
	}))
		problems.push({ ...problem, file: fileOfSlug.get(slug) ?? `${slug}.md`, slug });

	return {
		library: {
			lessons,
			catalogue: [...lessons.values()].map(summariseLesson),
			fileCount: files.length,
			problems,
			warnings
		},
		cache: next,
		changed,
		removed: [...cache.keys()]
			.filter((path) => !next.has(path))
			.map((path) => relative(displayRoot, path) || path)
	};
}

function readLessonFile(
	path: string,
	slug: string,
	format: FormatOptions,
	cached: ReadFile | undefined
): ReadFile | null {
	let stamp: string;
	let source: string;
	try {
		const stat = statSync(path);
		stamp = `${stat.size}:${stat.mtimeMs}`;
		if (cached?.stamp === stamp) return cached;
		source = readFileSync(path, 'utf8');
	} catch {
		return null;
	}
	const version = lessonVersion(source);
	if (cached?.version === version) return { ...cached, stamp };
	const result = parseLesson(source, slug, format);
	const problems = [...result.problems];
	const lines = result.lines ?? {};
	const declared = result.lesson?.meta.slug;
	if (declared && declared !== slug) {
		const line = source.split('\n').findIndex((text) => /^slug\s*:/.test(text)) + 1;
		problems.push({
			line: Math.max(line, 1),
			code: 'slug-mismatch',
			params: { slug: declared, file: `${slug}.md` }
		});
	}
	const lesson = result.lesson && problems.length === 0 ? { ...result.lesson, version } : null;
	return { stamp, version, lesson, problems, warnings: result.warnings ?? [], lines };
}

export function loadLessonLibrary(
	directory: string,
	displayRoot = process.cwd(),
	format: FormatOptions = {}
): LessonLibrary {
	return readLibrary(directory, displayRoot, format).library;
}

export interface LiveLibraryOptions {
	displayRoot?: string;
	format?: FormatOptions;
	/** Language of the log lines about broken files. */
	locale?: 'nl' | 'en';
	log?: (line: string) => void;
	now?: () => number;
}

/**
 * The library of a running server. `reload()` rereads what changed; `watch()` makes it follow
 * the folder by itself. Versions replaced or removed are kept for as long as someone keeps
 * asking for them, so a live session goes on with the lesson it started with.
 */
export class LiveLessonLibrary {
	private snapshot: LessonLibrary;
	private cache: FileCache = new Map();
	private readonly earlier = new Map<string, { lesson: VersionedLesson; lastUsed: number }>();
	private watcher: FSWatcher | null = null;
	private rescan: ReturnType<typeof setInterval> | null = null;
	private debounce: ReturnType<typeof setTimeout> | null = null;
	private failing = false;

	private readonly directory: string;
	private readonly displayRoot: string;
	private readonly format: FormatOptions;
	private readonly locale: 'nl' | 'en';
	private readonly log: (line: string) => void;
	private readonly now: () => number;

	constructor(directory: string, options: LiveLibraryOptions = {}) {
		this.directory = directory;
		this.displayRoot = options.displayRoot ?? process.cwd();
		this.format = options.format ?? {};
		this.locale = options.locale ?? 'nl';
		this.log = options.log ?? ((line) => console.warn(line));
		this.now = options.now ?? Date.now;
		this.snapshot = { lessons: new Map(), catalogue: [], fileCount: 0, problems: [], warnings: [] };
		this.reload();
	}

	get lessons() {
		return this.snapshot.lessons;
	}
	get catalogue() {
		return this.snapshot.catalogue;
	}
	get fileCount() {
		return this.snapshot.fileCount;
	}
	get problems() {
		return this.snapshot.problems;
	}
	get warnings() {
		return this.snapshot.warnings;
	}

	/** That version of the lesson while it is known, else the current one (undefined when none). */
	find(slug: string, version?: string): VersionedLesson | undefined {
		const current = this.snapshot.lessons.get(slug);
		if (!version || current?.version === version) return current;
		const kept = this.earlier.get(`${slug}@${version}`);
		if (!kept) return current;
		kept.lastUsed = this.now();
		return kept.lesson;
	}

	/** Rereads the folder; logs each broken file that changed, as `file:line: message`. */
	reload(): { changed: string[]; removed: string[] } {
		let result: ReadResult;
		try {
			result = readLibrary(this.directory, this.displayRoot, this.format, this.cache);
		} catch (error) {
			// A folder that is briefly gone (a deploy swapping it) keeps the last library served.
			if (!this.failing)
				this.log(`Lessons folder cannot be read, serving the last library: ${String(error)}`);
			this.failing = true;
			return { changed: [], removed: [] };
		}
		this.failing = false;
		this.cache = result.cache;
		if (result.changed.length === 0 && result.removed.length === 0)
			return { changed: [], removed: [] };
		const at = this.now();
		for (const [slug, lesson] of this.snapshot.lessons) {
			if (result.library.lessons.get(slug)?.version !== lesson.version) {
				this.earlier.set(`${slug}@${lesson.version}`, { lesson, lastUsed: at });
			}
		}
		for (const [key, kept] of this.earlier) {
			if (at - kept.lastUsed > retainedLessonVersionMs) this.earlier.delete(key);
		}
		const changed = new Set(result.changed);
		// A problem between lessons may show in a file that did not change (its series partner did).
		const key = (problem: FileProblem) => `${problem.file}:${problem.line}:${problem.code}`;
		const known = new Set(this.snapshot.problems.map(key));
		for (const problem of result.library.problems) {
			if (changed.has(problem.file) || !known.has(key(problem)))
				this.log(formatProblem(problem.file, problem, this.locale));
		}
		this.snapshot = result.library;
		return { changed: result.changed, removed: result.removed };
	}

	/**
	 * Follows the folder: fs.watch for a quick answer, and a rescan every few seconds because
	 * fs.watch misses events on some filesystems (network shares, some containers).
	 */
	watch(): void {
		if (this.rescan) return;
		const reload = guarded('lesson library reload', () => this.reload());
		try {
			this.watcher = watch(this.directory, { recursive: true }, () => {
				if (this.debounce) clearTimeout(this.debounce);
				this.debounce = setTimeout(reload, lessonWatchDebounceMs);
			});
			this.watcher.on('error', () => this.watcher?.close());
		} catch {
			this.watcher = null; // the rescan alone keeps the library following
		}
		this.rescan = setInterval(reload, lessonRescanMs);
		this.rescan.unref();
	}

	close(): void {
		this.watcher?.close();
		this.watcher = null;
		if (this.rescan) clearInterval(this.rescan);
		if (this.debounce) clearTimeout(this.debounce);
		this.rescan = null;
	}
}
