// A file of secret keys, one a line, that grants a role (authors who publish, coordinators who
// read the municipality's overview). Only SHA-256 digests are held in memory; the file is
// reread when it changes, so a key is revoked without restart, and a missing file grants no one.

import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/**
 * Keys from a file of one key per line; `#` starts a comment (`key  # Anne`). Keys shorter
 * than `minLength` are ignored and counted, so the log can say so once.
 */
export function readKeys(text: string, minLength: number): { keys: string[]; tooShort: number } {
	const keys: string[] = [];
	let tooShort = 0;
	for (const line of text.split(/\r?\n/)) {
		const key = line.replace(/#.*$/, '').trim();
		if (key === '') continue;
		if (key.length < minLength) tooShort += 1;
		else keys.push(key);
	}
	return { keys, tooShort };
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export interface KeyFileOptions {
	/** The file, or '' for none: then nobody holds the role. */
	file: string;
	minLength: number;
	/** What the keys are, for the log: 'author key', 'coordinator key'. */
	noun: string;
	/** What a file that cannot be read means, for the log: 'publishing is off'. */
	whenMissing: string;
	log: (line: string) => void;
}

/** The keys file, reread whenever its size or time changes. */
export class KeyFile {
	private stamp = '';
	private digestList: Buffer[] = [];
	private readonly options: KeyFileOptions;

	constructor(options: KeyFileOptions) {
		this.options = options;
	}

	/** The digests of the keys as the file has them now. */
	digests(): readonly Buffer[] {
		const { file, minLength, noun, whenMissing, log } = this.options;
		if (file === '') return [];
		let stamp: string;
		try {
			const stat = statSync(file);
			stamp = `${stat.size}:${stat.mtimeMs}`;
			if (stamp === this.stamp) return this.digestList;
			const { keys, tooShort } = readKeys(readFileSync(file, 'utf8'), minLength);
			if (tooShort > 0)
				log(`${file}: ${tooShort} ${noun}(s) shorter than ${minLength} characters ignored`);
			this.digestList = keys.map(digest);
		} catch {
			// A missing file means no keys, as an empty one does.
			stamp = 'missing';
			if (this.stamp !== stamp) log(`${file}: ${noun}s file cannot be read, ${whenMissing}`);
			this.digestList = [];
		}
		this.stamp = stamp;
		return this.digestList;
	}

	get enabled(): boolean {
		return this.digests().length > 0;
	}

	/**
	 * The digest of the key that matches `key`, or null. Compares against every key in constant
	 * time for its length: digests have one length, and a match does not stop the loop.
	 */
	match(key: string): Buffer | null {
		const given = digest(key);
		let found: Buffer | null = null;
		for (const known of this.digests()) if (timingSafeEqual(given, known)) found ??= known;
		return found;
	}

	accepts(key: string): boolean {
		return this.match(key) !== null;
	}
}
