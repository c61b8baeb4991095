import { describe, expect, it } from 'vitest';
import { loadLessonLibrary } from '../../../src/lib/server/library.ts';
import { readConfig } from '../../../src/lib/server/config.ts';
import {
	letterAboutLesson,
	letterAboutPerformance,
	letterContacts,
	readLetterRequest
} from '../../../src/lib/server/parents-letters.ts';

const library = loadLessonLibrary('lessons');
const config = readConfig({
	SIGNAL_MUNICIPALITY: 'Almere',
	SIGNAL_EMAIL: 'signaal@almere.example',
	HELP_LINES: 'Kindertelefoon: 0800-0432',
	PARENTS_CONTACT: 'Wijkteam: 036 000 0000',
	RETENTION_DAYS: '21'
});
const request = (query = '') => readLetterRequest(new URLSearchParams(query), 'nl');

describe('a letter to parents as the site serves it', () => {
	it("takes the municipality's settings for its help", () => {
		expect(letterContacts(config)).toEqual({
			municipality: 'Almere',
			signalEmail: 'signaal@almere.example',
			signalSubject: 'signaal radicalisering',
			acuteNumber: '112',
			helpLines: [{ label: 'Kindertelefoon', contact: '0800-0432' }],
			parentsContacts: [{ label: 'Wijkteam', contact: '036 000 0000' }],
			retentionDays: 21
		});
	});

	it("reads the letter's language, else the interface's, and what the teacher filled in", () => {
		expect(request('taal=en&klas=3B&datum=12%20maart&afzender=J.%20de%20Vries')).toEqual({
			language: 'en',
			fill: { klas: '3B', datum: '12 maart', afzender: 'J. de Vries' }
		});
		expect(request('taal=de')).toEqual({
			language: 'nl',
			fill: { klas: '', datum: '', afzender: '' }
		});
		expect(readLetterRequest(new URLSearchParams(''), 'en').language).toBe('en');
	});

	it('keeps a filled-in line to one short line of plain text', () => {
		const { fill } = request(
			`klas=${encodeURIComponent(' 3B\n\u202eevil\u0000 ')}&afzender=${'x'.repeat(500)}`
		);
		expect(fill.klas).toBe('3B evil');
		expect(fill.afzender).toHaveLength(60);
	});

	it('writes the letter of a lesson for pupils, and refuses a training or an unknown lesson', () => {
		const found = letterAboutLesson(library, config, 'complotdenken-herkennen', request('klas=3B'));
		expect(found.ok && found.value.title).toBe('Complotdenken herkennen');
		expect(found.ok && found.value.letter.fields[0]).toEqual({ label: 'Klas', value: '3B' });
		expect(
			letterAboutLesson(library, config, 'signalen-herkennen-en-bespreken', request())
		).toEqual({
			ok: false,
			error: 'letter-not-for-adults'
		});
		expect(letterAboutLesson(library, config, 'bestaat-niet', request())).toEqual({
			ok: false,
			error: 'lesson-not-found'
		});
	});

	it("writes a performance's letter from its modules in order, found by the slug of its name", () => {
		const found = letterAboutPerformance(library, config, 'wij-tegen-de-rest', request('taal=en'));
		expect(found.ok).toBe(true);
		if (!found.ok) return;
		expect(found.value.title).toBe('Wij tegen De Rest');
		expect(found.value.letter.language).toBe('en');
		expect(found.value.letter.lessons.map((part) => part.title.text)).toEqual([
			'Wij tegen De Rest: voorbereidende les',
			'Wij tegen De Rest: nagesprek',
			'Wij tegen De Rest: verwerkingsles'
		]);
		expect(letterAboutPerformance(library, config, 'complotdenken-herkennen', request())).toEqual({
			ok: false,
			error: 'performance-not-found'
		});
	});
});
