// What a lesson never asks (docs/authoring.md): no sentence that makes a pupil give themselves away.
// The detector is proved on the examples the review found, then run over every sample lesson and
// the teacher guide.

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findSelfDisclosure, sentencesOf } from '../../../src/lib/lessons/never-asks.ts';

const codesOf = (text: string) => findSelfDisclosure(text).map((warning) => warning.code);

describe('the never-asks detector', () => {
	it.each([
		// The review's examples, as the lessons had them.
		"Vraag: 'Wie heeft iets anders gekozen dan de eerste keer? Wat heeft je aan het denken gezet?'",
		"Ask: 'Who chose differently this time? What made you think again?'",
		'Vraag wie er wisselde, en waarom.',
		"Laat leerlingen wisselen als ze overtuigd worden, en vraag wie er wisselde: 'Wat deed je van mening veranderen?'",
		"Vraag: 'Wie heeft een van de eerste vier aangevinkt? Wat maakte dat je twijfelde?'",
		"Begin bij de middengroep: 'Wie koos het midden of weet niet? Waar twijfel je over?'",
		"Vraag de klas: 'Wie denkt er anders over?'",
		"Then ask the class: 'Who sees this differently?'",
		'Wie heeft er voor gestemd?',
		'Who voted against it?',
		'Who switched sides, and why?'
	])('flags asking who chose: %s', (text) => {
		expect(codesOf(text)).toContain('asks-who');
	});

	it.each([
		'- Wat je vertelt over familie of vrienden, blijft in de klas.',
		'- Wat hier persoonlijk gedeeld wordt, blijft hier.',
		'- Wat iemand uit eigen praktijk vertelt, blijft in deze ruimte.',
		'- Wat iemand over zichzelf vertelt, vertellen we niet verder.',
		'What is shared personally stays in the classroom.',
		'What we say here stays between us.',
		'We houden het geheim.'
	])('flags secrecy promised without the safety exception: %s', (text) => {
		expect(codesOf(text)).toEqual(['secrecy-promise']);
	});

	it.each([
		// Asking about reasons, or forbidding the question, is what a lesson should do.
		"Vraag naar redenen, niet naar personen: 'Wat kan iemand aan het denken hebben gezet?'",
		'Vraag niet wie er van mening veranderd is.',
		'Vraag nooit wie iets koos, wie van mening veranderde of wie een woord instuurde.',
		'Never ask who chose what or who changed their mind.',
		"Begin bij twijfel: 'Wat kan een reden zijn om te twijfelen?' Wie iets zegt, hoeft niet te zeggen wat hij koos.",
		'Er is geen manier om te zien wie wat koos.',
		"Vraag: 'Wie is hier aanjager? Wie meeloper?'",
		'Vraag de klas: \'Hoe kun je hier ook naar kijken?\'',
		// The honest rule, in one sentence or two.
		'- Wat iemand hier over zichzelf vertelt, blijft in de klas. Behalve als de docent zich zorgen maakt over iemands veiligheid: dan zegt de docent dat eerst tegen jou.',
		'What someone shares about themselves stays in the class, unless the teacher is worried about someone’s safety.',
		'Beloof geen geheimhouding die je niet kunt waarmaken.',
		// Secrets as a subject are no promise.
		"Soms wordt een gerucht een complotverhaal: 'Er zit een geheim plan achter.'"
	])('lets this pass: %s', (text) => {
		expect(codesOf(text)).toEqual([]);
	});

	it('points at the line a sentence starts on, across wrapped lines', () => {
		const body = 'Eerste zin.\n\nDan vraag je: \'Wie heeft\niets anders gekozen?\'\n';
		expect(findSelfDisclosure(body, 10)).toEqual([
			expect.objectContaining({ line: 12, code: 'asks-who' })
		]);
		expect(sentencesOf('- Een.\n- Twee\nloopt door.', 1)).toEqual([
			{ text: '- Een.', line: 1 },
			{ text: '- Twee loopt door.', line: 2 }
		]);
	});
});

describe('the sample lessons and the guide', () => {
	const root = new URL('../../../', import.meta.url);
	const files = [
		...readdirSync(new URL('lessons/', root))
			.filter((name) => name.endsWith('.md'))
			.map((name) => `lessons/${name}`),
		'content/guide.nl.md',
		'content/guide.en.md'
	];

	it.each(files)('%s never asks who chose, and promises no secrecy it cannot keep', (file) => {
		const text = readFileSync(new URL(file, root), 'utf8');
		const found = findSelfDisclosure(text).map(
			(warning) => `${file}:${warning.line}: ${warning.code} ${warning.params.fragment}`
		);
		expect(found).toEqual([]);
	});
});
