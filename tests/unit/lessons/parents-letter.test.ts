import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockKinds } from '../../../src/lib/lessons/kinds.ts';
import type { Lesson } from '../../../src/lib/lessons/model.ts';
import { parseLesson } from '../../../src/lib/lessons/parse.ts';
import {
	lessonLetter,
	programmeLetter,
	pupilActivities,
	writesToParents,
	type LetterContacts,
	type LetterFill,
	type ParentsLetter
} from '../../../src/lib/lessons/parents-letter.ts';

const frontmatter = (fields: string) => `---
title: Testles over wij en zij
summary: Leerlingen praten over wij en zij.
kind: lesson
themes: [polarisatie, identiteit]
audience: [vo-onderbouw]
duration: 45
goals: [Leerlingen kunnen uitleggen wat wij-zij-denken is., Leerlingen luisteren naar andere meningen.]
language: nl
authors: [Test]
licence: CC BY-SA 4.0
version: '1.0'
preparation: GEHEIM-VOORBEREIDING lees de notities.
${fields}---
`;

function parsed(source: string, slug = 'testles'): Lesson {
	const { lesson, problems } = parseLesson(source, slug);
	expect(problems).toEqual([]);
	return lesson!;
}

/** A lesson with one block of each kind, and teacher-only text in every place it can stand. */
const everyKind = parsed(`${frontmatter('')}
GEHEIM-INLEIDING voor de docent.

:::docent
GEHEIM-NOTITIE-INLEIDING
:::

## Beginnen

:::gespreksregels {#regels}
- We luisteren naar elkaar.
:::

:::thermometer {#gevoel}
Hoe gaat het?
:::

:::poll {#peiling}
Wat weet je al?
- Veel
- Weinig
:::

## Mening

:::stelling {#s1 reason}
Iedereen mag alles zeggen.

:::docent
GEHEIM-NOTITIE-IN-BLOK
:::
:::

:::positielijn {#lijn}
Waar sta jij?
- Oneens
- Eens
:::

:::vier-hoeken {#hoeken}
Wat doe je?
- A
- B
- C
- D
:::

:::lagerhuis {#debat}
Sociale media maken ons bozer.
:::

:::tweegesprek {#praten na=s1}
Waarom denk jij er zo over?
:::

:::vervolgvragen
- GEHEIM-VERVOLGVRAAG
:::

## Schrijven

:::woordwolk {#woorden}
Welk woord past bij wij en zij?
:::

:::casus {#casus}
Een vriend stuurt een grap door.
- Ik stuur hem door
- Ik zeg er iets van
:::

:::open {#open}
Wat heb je nodig?
:::

:::stil-debat {#stil}
Mag je alles zeggen?
:::

:::vragenbus {#vragen}
Stel je vraag.
:::

:::exit-ticket {#exit}
- Wat neem je mee?
:::
`);

const lessonAbout = (title: string, fields: string, body: string) =>
	parsed(frontmatter(fields).replace('Testles over wij en zij', title) + body, 'x');

const everything: LetterContacts = {
	municipality: 'Almere',
	signalEmail: 'signaal@almere.example',
	signalSubject: 'signaal radicalisering',
	acuteNumber: '112',
	helpLines: [{ label: 'Kindertelefoon', contact: '0800-0432' }],
	parentsContacts: [
		{ label: 'Opvoedsteunpunt Almere', contact: '036 000 0000' },
		{ label: 'Het wijkteam', contact: '' }
	],
	retentionDays: 14
};

const nothing: LetterContacts = {
	municipality: '',
	signalEmail: '',
	signalSubject: '',
	acuteNumber: '',
	helpLines: [],
	parentsContacts: [],
	retentionDays: 30
};

const blank: LetterFill = { klas: '', datum: '', afzender: '' };

/** Every sentence of a letter, as the reader gets it. */
function sentences(letter: ParentsLetter): string[] {
	return [
		letter.subject,
		...letter.fields.map((field) => field.label),
		letter.salutation,
		...letter.opening,
		letter.goalsHeading,
		...letter.lessons.flatMap((part) => [
			part.title.text,
			part.facts,
			part.summary.text,
			...(part.languageNote ? [part.languageNote] : []),
			...part.goals.map((goal) => goal.text)
		]),
		...letter.sections.flatMap((section) => [
			section.heading,
			...section.content.flatMap((item) => ('list' in item ? item.list : [item.paragraph]))
		]),
		letter.closing,
		letter.signature.label
	];
}

const allText = (letter: ParentsLetter) => sentences(letter).join('\n');

const section = (letter: ParentsLetter, heading: string) => {
	const found = letter.sections.find((candidate) => candidate.heading === heading);
	expect(found, heading).toBeDefined();
	return found!.content.flatMap((item) => ('list' in item ? item.list : [item.paragraph]));
};

describe('what pupils do, per kind of block', () => {
	it('gives every kind of block its own sentence, in Dutch and in English', () => {
		for (const locale of ['nl', 'en'] as const) {
			const activities = pupilActivities([everyKind], locale);
			expect(activities).toHaveLength(Object.keys(blockKinds).length);
			expect(new Set(activities).size).toBe(activities.length);
			for (const activity of activities) expect(activity).toMatch(/^\p{Lu}.+\.$/u);
		}
		expect(pupilActivities([everyKind], 'en')).not.toEqual(pupilActivities([everyKind], 'nl'));
	});

	it('names each kind once, in the order pupils first meet it', () => {
		const activities = pupilActivities([everyKind], 'nl');
		expect(activities[0]).toMatch(/^Ze maken samen afspraken over hoe ze met elkaar praten\./);
		expect(activities[1]).toMatch(/^Ze laten zien hoe ze zich voelen\./);
		expect(activities.at(-1)).toMatch(/^Aan het eind schrijven ze kort op/);
		const twice = lessonAbout('Twee stellingen', '', '## Stap\n\n:::stelling {#a}\nA\n:::\n\n:::stelling {#b}\nB\n:::\n');
		expect(pupilActivities([twice], 'nl')).toEqual([
			'Ze geven hun mening over een stelling: eens, oneens of iets ertussenin.'
		]);
	});

	it('says from the table of kinds who reads what pupils write', () => {
		const [open, exit] = ['Ze schrijven een kort antwoord', 'Aan het eind schrijven'].map((start) =>
			pupilActivities([everyKind], 'nl').find((activity) => activity.startsWith(start))
		);
		expect(open).toContain('De docent leest het eerst en kiest wat op het bord komt, zonder naam.');
		expect(exit).toContain('Alleen de docent leest dit.');
		expect(exit).not.toContain('op het bord');
		const exitEn = pupilActivities([everyKind], 'en').at(-1);
		expect(exitEn).toBe('At the end they write briefly what they think of the lesson. Only the teacher reads this.');
	});

	it('mentions a reason only where a block of that kind asks for one', () => {
		const activities = pupilActivities([everyKind], 'nl');
		const stelling = activities.find((activity) => activity.startsWith('Ze geven hun mening'));
		const hoeken = activities.find((activity) => activity.startsWith('Ze kiezen een van vier'));
		expect(stelling).toContain('Wie wil, geeft een korte reden. De docent leest die eerst.');
		expect(hoeken).not.toContain('korte reden');
	});

	it('gathers the kinds of every lesson of a programme, each once', () => {
		const first = lessonAbout('Eerste', '', '## A\n\n:::poll {#p}\nVraag?\n- Ja\n- Nee\n:::\n');
		const second = lessonAbout('Tweede', '', '## B\n\n:::poll {#q}\nVraag?\n- Ja\n- Nee\n:::\n\n:::open {#o}\nWat?\n:::\n');
		const activities = pupilActivities([first, second], 'nl');
		expect(activities).toHaveLength(2);
		expect(activities[0]).toBe('Ze kiezen een antwoord op een vraag.');
		expect(activities[1]).toMatch(/^Ze schrijven een kort antwoord op een vraag\./);
	});
});

describe('the letter about a lesson', () => {
	const letter = lessonLetter(everyKind, everything, blank, 'nl');

	it('is written from the lesson: title, summary, goals, themes by name and duration', () => {
		expect(letter.subject).toBe('Een les over polarisatie en identiteit');
		expect(letter.opening[0]).toBe('Binnenkort krijgt de klas van uw kind een les over polarisatie en identiteit.');
		expect(letter.lessons).toEqual([
			{
				title: { text: 'Testles over wij en zij', lang: 'nl' },
				facts: '45 minuten',
				summary: { text: 'Leerlingen praten over wij en zij.', lang: 'nl' },
				languageNote: null,
				goals: [
					{ text: 'Leerlingen kunnen uitleggen wat wij-zij-denken is.', lang: 'nl' },
					{ text: 'Leerlingen luisteren naar andere meningen.', lang: 'nl' }
				]
			}
		]);
	});

	it('never says what only the teacher may read: notes, follow-up questions, introduction, preparation', () => {
		for (const locale of ['nl', 'en'] as const) {
			const json = JSON.stringify(lessonLetter(everyKind, everything, blank, locale));
			expect(json).not.toMatch(/GEHEIM/);
		}
	});

	it('says answers are anonymous, that pupils may pass and need no phone of their own, and when answers go', () => {
		const anonymous = section(letter, 'Anoniem meedoen').join(' ');
		expect(anonymous).toContain('Ze vullen geen naam in en maken geen account.');
		expect(anonymous).toContain('Niemand kan zien wie wat heeft geantwoord');
		expect(anonymous).toContain('Een eigen telefoon is dus niet nodig.');
		expect(anonymous).toContain('Een leerling mag altijd ‘pas’ kiezen of niets zeggen.');
		expect(anonymous).toContain('De antwoorden worden na 14 dagen gewist.');
		expect(anonymous).toContain('De aanwijzingen voor de docent staan er niet in.');
	});

	it("names the deployment's help: parents' contacts, the municipality's address, pupils' help lines, the acute number", () => {
		const help = section(letter, 'Waar kunt u terecht?');
		expect(help).toEqual([
			'Voor ouders en verzorgers in Almere:',
			'Opvoedsteunpunt Almere: 036 000 0000',
			'Het wijkteam',
			'Maakt u zich zorgen dat uw kind of iemand anders radicaliseert, dus steeds extremere ideeën krijgt? Praat er dan over met de mentor of de school. U kunt ook de gemeente Almere mailen: signaal@almere.example. Zet als onderwerp: ‘signaal radicalisering’.',
			'Uw kind kan ook zelf praten met de mentor of de vertrouwenspersoon op school, of terecht bij:',
			'Kindertelefoon: 0800-0432',
			'Is er direct gevaar? Bel 112.'
		]);
	});

	it('leaves out what a deployment did not set, without an empty sentence', () => {
		const bare = lessonLetter(everyKind, nothing, blank, 'nl');
		expect(section(bare, 'Waar kunt u terecht?')).toEqual([
			'Maakt u zich zorgen dat uw kind of iemand anders radicaliseert, dus steeds extremere ideeën krijgt? Praat er dan over met de mentor of de school.',
			'Uw kind kan ook zelf praten met de mentor of de vertrouwenspersoon op school.'
		]);
		const noName = lessonLetter(everyKind, { ...nothing, signalEmail: 'zorg@gemeente.example' }, blank, 'en');
		expect(section(noName, 'Where can you get help?')[0]).toBe(
			'Are you worried that your child or someone else is becoming radicalised, taking up more and more extreme ideas? Talk about it with the form tutor or the school. You can also e-mail the municipality: zorg@gemeente.example.'
		);
		const noMunicipality = lessonLetter(everyKind, { ...everything, municipality: '' }, blank, 'nl');
		expect(section(noMunicipality, 'Waar kunt u terecht?')[0]).toBe('Voor ouders en verzorgers:');

		for (const contacts of [nothing, everything, { ...nothing, signalEmail: 'a@b.example' }]) {
			for (const locale of ['nl', 'en'] as const) {
				for (const text of sentences(lessonLetter(everyKind, contacts, blank, locale))) {
					expect(text.trim(), text).not.toBe('');
					expect(text).not.toMatch(/\{|\}|undefined|null|‘’|''|:\s*[.,]|\s{2}|\s[.,:]/);
				}
			}
		}
	});

	it('leaves class, date and sender to fill in, or takes what the teacher gave', () => {
		expect(letter.fields).toEqual([
			{ label: 'Klas', value: '' },
			{ label: 'Datum van de les', value: '' }
		]);
		expect(letter.signature).toEqual({ label: 'Naam en school', value: '' });
		const filled = lessonLetter(everyKind, everything, { klas: '3B', datum: 'dinsdag 12 maart', afzender: 'Mevr. Jansen' }, 'nl');
		expect(filled.fields.map((field) => field.value)).toEqual(['3B', 'dinsdag 12 maart']);
		expect(filled.signature.value).toBe('Mevr. Jansen');
	});

	it('is written in English when asked, quoting the lesson in its own language', () => {
		const english = lessonLetter(everyKind, everything, blank, 'en');
		expect(english.language).toBe('en');
		expect(english.subject).toBe('A lesson about polarisation and identity');
		expect(english.salutation).toBe('Dear parent or carer,');
		expect(english.lessons[0].title).toEqual({ text: 'Testles over wij en zij', lang: 'nl' });
		expect(english.lessons[0].facts).toBe('45 minutes');
		expect(english.lessons[0].languageNote).toBe(
			'This lesson is taught in Dutch. Its title, summary and goals are given here as its authors wrote them.'
		);
		// Only the lesson's own words stay Dutch.
		const own = allText({ ...lessonLetter(everyKind, nothing, blank, 'en'), lessons: [] });
		expect(own).not.toMatch(/\b(de|het|een|uw|les)\b/i);
	});
});

describe('the letter about a programme', () => {
	const sample = (slug: string) => parsed(readFileSync(`lessons/${slug}.md`, 'utf8'), slug);
	const modules = [sample('het-stille-plein-voorbereiding'), sample('het-stille-plein-nagesprek')];

	it("names the performance and each of its lessons in order, with its phase, and the themes of all", () => {
		const letter = programmeLetter('Het Stille Plein', modules, everything, blank, 'nl');
		expect(letter.subject).toBe('De voorstelling ‘Het Stille Plein’ en de lessen erbij');
		expect(letter.opening[0]).toMatch(/^Binnenkort gaat de klas van uw kind naar de theatervoorstelling ‘Het Stille Plein’\./);
		expect(letter.opening[0]).toContain('polarisatie, complotdenken en discriminatie');
		expect(letter.fields[1].label).toBe('Datum van de voorstelling');
		expect(letter.lessons.map((part) => part.title.text)).toEqual([
			'Het Stille Plein: voorbereidende les',
			'Het Stille Plein: nagesprek'
		]);
		expect(letter.lessons.map((part) => part.facts)).toEqual(['Voorbereidende les · 40 minuten', 'Nagesprek · 40 minuten']);
		expect(section(letter, 'Wat doen de leerlingen?')[0]).toBe('Dit doen de leerlingen in de lessen:');
	});

	it('reads as a series when its lessons are not the modules of one performance', () => {
		const letter = programmeLetter('Samen in gesprek', [everyKind, modules[0]], nothing, blank, 'en');
		expect(letter.subject).toBe('The lessons ‘Samen in gesprek’');
		expect(letter.opening[0]).toBe(
			'Soon your child\'s class will have a series of lessons: ‘Samen in gesprek’. They are about polarisation, identity, conspiracy thinking and discrimination.'
		);
		expect(letter.fields[1].label).toBe('Date of the first lesson');
	});

	it('keeps the teacher notes of the sample modules out', () => {
		const letter = programmeLetter('Het Stille Plein', modules, everything, blank, 'nl');
		const json = JSON.stringify(letter);
		const notes = modules.flatMap((lesson) => [
			...lesson.introductionNotes,
			...lesson.steps.flatMap((step) => step.teacher)
		]);
		expect(notes.length).toBeGreaterThan(5);
		for (const note of notes) {
			const words = note.html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 40);
			expect(json).not.toContain(words);
		}
		expect(json).not.toContain(modules[0].meta.preparation!.slice(0, 40));
	});

	it('needs at least one lesson', () => {
		expect(() => programmeLetter('Leeg', [], nothing, blank, 'nl')).toThrow();
	});
});

describe('who gets a letter', () => {
	it('writes to parents about lessons for pupils, not about trainings for professionals', () => {
		expect(writesToParents({ audience: ['vo-onderbouw'] })).toBe(true);
		expect(writesToParents({ audience: ['professionals', 'mbo'] })).toBe(true);
		expect(writesToParents({ audience: ['professionals'] })).toBe(false);
	});

	it('writes no letter about a parents’ evening: the parents are its audience', () => {
		expect(writesToParents({ audience: ['ouders'] })).toBe(false);
		expect(writesToParents({ audience: ['ouders', 'professionals'] })).toBe(false);
		expect(writesToParents({ audience: ['ouders', 'vo-onderbouw'] })).toBe(true);
	});
});
