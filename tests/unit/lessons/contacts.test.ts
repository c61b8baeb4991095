// Facts a coordinator can defend: every phone number and website the sample lessons and the
// teacher guide name is in the one checked list (content/contacts.ts), and every file that names a
// number says when it was last checked, with the list's date.

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contacts, lastChecked, phoneDigits, rules } from '../../../content/contacts.ts';

const root = new URL('../../../', import.meta.url);
const files = [
	...readdirSync(new URL('lessons/', root))
		.filter((name) => name.endsWith('.md'))
		.map((name) => `lessons/${name}`),
	'content/guide.nl.md',
	'content/guide.en.md'
];
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');

/**
 * Dutch phone numbers as lessons write them: 0800-0432, 0900-111 3 111, 088 20 80 080, 030 123 4567,
 * +31 …, and the short numbers 112, 113 and 116 xxx. A date like 07-12-2026 is not one.
 */
function phoneNumbersIn(text: string): string[] {
	const long = [...text.matchAll(/(?<![\w\d+-])(?:\+31[\s-]?|0)\d(?:[\s-]?\d){6,10}(?![\d])/g)]
		.map((match) => match[0])
		.filter((number) => !/^\d{1,2}-\d{1,2}-\d{4}$/.test(number));
	const short = [...text.matchAll(/(?<![\w\d.,/-])(112|113|116\s?\d{3})(?![\w\d/-]|[.,]\d)/g)].map(
		(match) => match[1]
	);
	return [...long, ...short];
}

/** Websites a text names: in a link or bare (kindertelefoon.nl, www.113.nl). */
function websitesIn(text: string): string[] {
	return [
		...new Set(
			[...text.matchAll(/\b(?:https?:\/\/)?(?:www\.)?((?:[a-z0-9-]+\.)+(?:nl|org|com|eu|be))\b/gi)].map(
				(match) => match[1].toLowerCase()
			)
		)
	];
}

const knownPhones = new Set(contacts.flatMap((contact) => contact.phones.map(phoneDigits)));
const knownSites = new Set(contacts.flatMap((contact) => contact.websites));
/** The list's date as a lesson writes it: '7 december 2026', '7 December 2026'. */
const dateIn = (locale: 'nl' | 'en') =>
	new Date(`${lastChecked}T12:00:00Z`).toLocaleDateString(locale === 'nl' ? 'nl-NL' : 'en-GB', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	});

describe('the checked list of contacts', () => {
	it('gives every organisation a purpose, an official source and the day it was checked', () => {
		for (const entry of [...contacts, ...rules]) {
			expect(entry.sources.length, JSON.stringify(entry)).toBeGreaterThan(0);
			for (const source of entry.sources) expect(source).toMatch(/^https:\/\//);
			expect(entry.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			expect(entry.note.length).toBeGreaterThan(10);
		}
		for (const contact of contacts) expect(contact.purpose.length).toBeGreaterThan(10);
	});

	it('writes its date as lessons do', () => {
		expect([dateIn('nl'), dateIn('en')]).toEqual(['7 december 2026', '7 December 2026']);
	});

	it('says the LSE gives advice and Meld Misdaad Anoniem takes crimes only', () => {
		const lse = contacts.find((contact) => contact.name.includes('Landelijk Steunpunt Extremisme'))!;
		expect(lse.purpose).toMatch(/advies/i);
		expect(lse.purpose).toMatch(/anoniem/i);
		const mma = contacts.find((contact) => contact.name.includes('Meld Misdaad Anoniem'))!;
		expect(mma.purpose).toMatch(/misdrijf/);
		expect(mma.purpose).toMatch(/niet voor zorgen/i);
	});

	it('finds numbers in the forms lessons write them, and no dates or article numbers', () => {
		expect(
			phoneNumbersIn('Bel 0800-0432, 0900-111 3 111 of 088 20 80 080; acuut 112, of 113.').map(phoneDigits)
		).toEqual(['08000432', '09001113111', '0882080080', '112', '113']);
		expect(phoneNumbersIn('Artikel 120 en 137c, op 07-12-2026, 40.000 handtekeningen.')).toEqual([]);
		expect(websitesIn('Zie [de site](https://www.schoolenveiligheid.nl) of 113.nl.')).toEqual([
			'schoolenveiligheid.nl',
			'113.nl'
		]);
	});
});

describe.each(files)('%s', (file) => {
	const text = read(file);

	it('names only phone numbers and websites from the checked list', () => {
		expect(phoneNumbersIn(text).filter((number) => !knownPhones.has(phoneDigits(number)))).toEqual([]);
		expect(websitesIn(text).filter((site) => !knownSites.has(site))).toEqual([]);
	});

	it("leaves the municipality's route to the deployment: no mail address, no subject of its own", () => {
		expect(text).not.toMatch(/[\w.-]+@[\w-]+\.[a-z]{2,}/i);
		expect(text).not.toMatch(/signaal radicalisering/i);
	});
});

const filesWithNumbers = files.filter((file) => phoneNumbersIn(read(file)).length > 0);

describe('every lesson or guide that names a phone number', () => {
	it('includes the guide and the lessons that send pupils, parents or teachers to a line', () => {
		expect(filesWithNumbers).toEqual(
			expect.arrayContaining([
				'content/guide.nl.md',
				'content/guide.en.md',
				'lessons/signalen-herkennen-en-bespreken.md',
				'lessons/wij-en-zij-vooroordelen.md'
			])
		);
	});

	it.each(filesWithNumbers)('%s says when its numbers were last checked, with the list’s date', (file) => {
		const text = read(file);
		const english = file.endsWith('.en.md') || /^language:\s*en\b/m.test(text);
		const said = english
			? /last\s+checked:?\s+(?:on\s+)?(\d{1,2}\s+[A-Z][a-z]+\s+\d{4})/i.exec(text)
			: /laatst\s+gecontroleerd:?\s+(?:op\s+)?(\d{1,2}\s+[a-z]+\s+\d{4})/i.exec(text);
		const names = phoneNumbersIn(text).join(', ');
		expect(said?.[1].replace(/\s+/g, ' '), `${file} names ${names}`).toBe(
			dateIn(english ? 'en' : 'nl')
		);
	});
});
