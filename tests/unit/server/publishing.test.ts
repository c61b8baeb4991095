import {
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	utimesSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maxPublishedLessonBytes } from '../../../src/lib/server/limits.ts';
import { slugForLesson } from '../../../src/lib/lessons/slug.ts';
import { Publishing, readAuthorKeys } from '../../../src/lib/server/publishing.ts';
import { lessonWithBody } from '../lessons/lesson-source.ts';

const key = 'anne-0123456789-abcdef';
const otherKey = 'bram-9876543210-fedcba';
const lesson = (title = 'Wat is nepnieuws?') =>
	lessonWithBody('## Stap\nTekst.\n').replace('title: Testles', `title: ${title}`);

let root: string;
let lessons: string;
let keysFile: string;
let publishing: Publishing;
let logged: string[];

/** Every file below the lessons folder, to prove a refusal wrote nothing. */
const filesIn = (directory: string) =>
	readdirSync(directory, { recursive: true }).map(String).sort();

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'klasgesprek-publish-'));
	lessons = join(root, 'lessons');
	mkdirSync(lessons);
	keysFile = join(root, 'author-keys');
	writeFileSync(keysFile, `# Auteurs van de gemeente\n${key}  # Anne\n\n${otherKey} # Bram\n`);
	logged = [];
	publishing = new Publishing({
		lessonsDirectory: lessons,
		authorKeysFile: keysFile,
		log: (line) => logged.push(line),
		now: () => new Date('2025-03-04T05:06:07.089Z')
	});
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const publish = (request: Partial<Parameters<Publishing['publish']>[0]> = {}) =>
	publishing.publish({ source: lesson(), key, address: '10.0.0.1', ...request });

describe('author keys', () => {
	it('reads one key per line with comments and labels', () => {
		expect(readAuthorKeys(`# kop\n${key}  # Anne\n  ${otherKey}\n\nkort # te kort\n`)).toEqual({
			keys: [key, otherKey],
			tooShort: 1
		});
	});

	it('is off without a keys file, with a missing one, or with only short keys', () => {
		expect(new Publishing({ lessonsDirectory: lessons, authorKeysFile: '' }).enabled).toBe(false);
		const missing = new Publishing({
			lessonsDirectory: lessons,
			authorKeysFile: join(root, 'nergens'),
			log: (line) => logged.push(line)
		});
		expect(missing.enabled).toBe(false);
		expect(logged).toEqual([expect.stringContaining('publishing is off')]);
		writeFileSync(keysFile, 'kort\n');
		expect(publishing.enabled).toBe(false);
		expect(publish()).toEqual({ ok: false, error: 'publishing-off' });
		expect(filesIn(lessons)).toEqual([]);
	});

	it('rereads the file when it changes, so a revoked key stops working without restart', () => {
		expect(publish().ok).toBe(true);
		writeFileSync(keysFile, `${otherKey}\n`);
		utimesSync(keysFile, new Date(), new Date(Date.now() + 5_000));
		expect(publish({ source: lesson('Een tweede les') })).toEqual({
			ok: false,
			error: 'key-wrong'
		});
		expect(publish({ source: lesson('Een tweede les'), key: otherKey }).ok).toBe(true);
	});
});

describe('publishing a lesson', () => {
	it('saves a valid lesson under the slug made from its title', () => {
		expect(publish()).toEqual({ ok: true, value: { slug: 'wat-is-nepnieuws', replaced: false } });
		expect(readFileSync(join(lessons, 'wat-is-nepnieuws.md'), 'utf8')).toBe(lesson());
		expect(filesIn(lessons)).toEqual(['wat-is-nepnieuws.md']);
	});

	it('takes the slug field when the lesson has one', () => {
		const source = lesson().replace('title:', 'slug: nepnieuws-herkennen\ntitle:');
		expect(publish({ source })).toEqual({
			ok: true,
			value: { slug: 'nepnieuws-herkennen', replaced: false }
		});
	});

	it('makes slugs from titles with accents, punctuation and spaces', () => {
		expect(slugForLesson(null, 'Privé — Café & Geloof?')).toBe('prive-cafe-geloof');
		expect(slugForLesson(null, '¿¡!')).toBe('');
		expect(slugForLesson('eigen-naam', 'Titel')).toBe('eigen-naam');
	});

	it('refuses a lesson with problems and says which, writing nothing', () => {
		const result = publish({ source: lessonWithBody('## Stap\n:::stellin {#a}\nx\n:::\n') });
		expect(result).toMatchObject({
			ok: false,
			error: 'lesson-invalid',
			problems: [{ code: 'block-unknown-type', line: 15 }]
		});
		expect(filesIn(lessons)).toEqual([]);
	});

	it.each(['../buiten', '..', 'a/b', 'a\\\\b', '/etc/passwd', 'Hoofd Letters'])(
		'refuses the slug %s that could leave the folder or the address, writing nothing',
		(slug) => {
			const source = lesson().replace('title:', `slug: '${slug}'\ntitle:`);
			expect(publish({ source })).toEqual({ ok: false, error: 'slug-invalid' });
			expect(filesIn(root)).toEqual(['author-keys', 'lessons']);
		}
	);

	it('refuses a title that makes no slug', () => {
		expect(publish({ source: lesson('¿¡!') })).toEqual({ ok: false, error: 'slug-invalid' });
		expect(filesIn(lessons)).toEqual([]);
	});

	it('refuses a source over the size limit before reading it', () => {
		const huge = lesson() + 'x'.repeat(maxPublishedLessonBytes);
		expect(publish({ source: huge })).toEqual({ ok: false, error: 'too-large' });
		expect(publish({ source: 'é'.repeat(maxPublishedLessonBytes / 2 + 1) })).toEqual({
			ok: false,
			error: 'too-large'
		});
		expect(filesIn(lessons)).toEqual([]);
	});

	it('refuses a missing or wrong key', () => {
		expect(publish({ key: '' })).toEqual({ ok: false, error: 'key-wrong' });
		expect(publish({ key: `${key}x` })).toEqual({ ok: false, error: 'key-wrong' });
		expect(publish({ key: key.slice(0, -1) })).toEqual({ ok: false, error: 'key-wrong' });
		expect(filesIn(lessons)).toEqual([]);
	});

	it('stops an address after ten wrong keys, even with the right one, and only that address', () => {
		for (let attempt = 0; attempt < 10; attempt += 1)
			expect(publish({ key: `gok-${attempt}-0123456789abcdef` }).ok).toBe(false);
		expect(publish()).toEqual({ ok: false, error: 'too-many-attempts' });
		expect(publish({ address: '10.0.0.2' }).ok).toBe(true);
		expect(filesIn(lessons)).toEqual(['wat-is-nepnieuws.md']);
	});

	it('does not count forgotten keys as guesses', () => {
		for (let attempt = 0; attempt < 20; attempt += 1) publish({ key: '' });
		expect(publish().ok).toBe(true);
	});

	it('refuses to replace an existing lesson unless asked, then keeps the previous one beside it', () => {
		mkdirSync(join(lessons, 'thema'));
		writeFileSync(join(lessons, 'thema', 'wat-is-nepnieuws.md'), 'de oude versie');
		expect(publish()).toEqual({ ok: false, error: 'exists' });
		expect(publish({ overwrite: false })).toEqual({ ok: false, error: 'exists' });
		expect(filesIn(lessons)).toEqual(['thema', join('thema', 'wat-is-nepnieuws.md')]);

		expect(publish({ overwrite: true })).toEqual({
			ok: true,
			value: { slug: 'wat-is-nepnieuws', replaced: true }
		});
		expect(readFileSync(join(lessons, 'thema', 'wat-is-nepnieuws.md'), 'utf8')).toBe(lesson());
		const kept = join(lessons, '_previous', 'wat-is-nepnieuws.2025-03-04T05-06-07-089Z.md');
		expect(readFileSync(kept, 'utf8')).toBe('de oude versie');
	});

	it('counts a broken lesson file with the same slug as existing', () => {
		writeFileSync(join(lessons, 'wat-is-nepnieuws.md'), 'kapot');
		expect(publish()).toEqual({ ok: false, error: 'exists' });
	});

	it("accepts the deployment's own themes", () => {
		const withTheme = new Publishing({
			lessonsDirectory: lessons,
			authorKeysFile: keysFile,
			format: { extraThemes: ['nepnieuws'] }
		});
		const source = lesson().replace('themes: [polarisatie]', 'themes: [nepnieuws]');
		expect(publish({ source })).toMatchObject({ ok: false, error: 'lesson-invalid' });
		expect(withTheme.publish({ source, key, address: 'a' }).ok).toBe(true);
	});
});
