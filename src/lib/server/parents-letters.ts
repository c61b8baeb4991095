// The letters to parents as the site serves them: the lesson or performance an address names,
// the deployment's help settings, and what the teacher filled in (`?taal=&klas=&datum=&afzender=`).

import type { LessonSummary } from '../lessons/catalogue.ts';
import { programmesOf } from '../lessons/programmes.ts';
import type { Lesson } from '../lessons/model.ts';
import {
	lessonLetter,
	programmeLetter,
	writesToParents,
	type LetterContacts,
	type LetterFill,
	type ParentsLetter
} from '../lessons/parents-letter.ts';
import { isOneOf, languages, type Language } from '../lessons/vocabulary.ts';
import { maxLetterFieldLength } from '../limits.ts';
import type { Config } from './config.ts';

export interface LetterRequest {
	language: Language;
	fill: LetterFill;
}

export type LetterError = 'lesson-not-found' | 'performance-not-found' | 'letter-not-for-adults';

export type LetterResult =
	{ ok: true; value: { letter: ParentsLetter; title: string } } | { ok: false; error: LetterError };

interface Library {
	lessons: ReadonlyMap<string, Lesson>;
	catalogue: readonly LessonSummary[];
}

export function letterContacts(config: Config): LetterContacts {
	return {
		municipality: config.signalling.municipality,
		signalEmail: config.signalling.email,
		signalSubject: config.signalling.subject,
		acuteNumber: config.signalling.acuteNumber,
		helpLines: config.helpLines,
		parentsContacts: config.parentsContacts,
		retentionDays: config.retentionDays
	};
}

/** A line the teacher filled in: one line of plain text, cut to what fits on the letter. */
function filled(value: string | null): string {
	return (value ?? '')
		.replace(/\p{C}+/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, maxLetterFieldLength)
		.trim();
}

/** The letter's language (`taal`, else `fallback`: the interface's) and what was filled in. */
export function readLetterRequest(params: URLSearchParams, fallback: Language): LetterRequest {
	const language = params.get('taal');
	return {
		language: isOneOf(languages, language) ? language : fallback,
		fill: {
			klas: filled(params.get('klas')),
			datum: filled(params.get('datum')),
			afzender: filled(params.get('afzender'))
		}
	};
}

export function letterAboutLesson(
	library: Library,
	config: Config,
	slug: string,
	request: LetterRequest
): LetterResult {
	const lesson = library.lessons.get(slug);
	if (!lesson) return { ok: false, error: 'lesson-not-found' };
	if (!writesToParents(lesson.meta)) return { ok: false, error: 'letter-not-for-adults' };
	const letter = lessonLetter(lesson, letterContacts(config), request.fill, request.language);
	return { ok: true, value: { letter, title: lesson.meta.title } };
}

/** The letter about a programme (a performance's modules, a series), in the order a class meets them. */
export function letterAboutPerformance(
	library: Library,
	config: Config,
	slug: string,
	request: LetterRequest
): LetterResult {
	const programme = programmesOf(library.catalogue).find((each) => each.slug === slug);
	const lessons = (programme?.lessons ?? [])
		.map((summary) => library.lessons.get(summary.slug))
		.filter((lesson): lesson is Lesson => lesson !== undefined && writesToParents(lesson.meta));
	if (!programme || lessons.length === 0) return { ok: false, error: 'performance-not-found' };
	const letter = programmeLetter(
		programme.title,
		lessons,
		letterContacts(config),
		request.fill,
		request.language
	);
	return { ok: true, value: { letter, title: programme.title } };
}
