// The letter to parents and carers about a lesson or a programme (the modules of a performance,
// or a series): written from the lesson files and the deployment's help settings alone, never
// from a teacher note, the introduction or the preparation, in the language the teacher picks.
// What each kind of block makes pupils do is one B1 sentence per block type; whether their words
// are read first or by the teacher alone comes from the table of block kinds.

import { languageLabel, phaseLabel, themeLabel } from '../i18n/labels.ts';
import * as m from '../paraglide/messages.js';
import { kindOf, type BoardBlockType } from './kinds.ts';
import type { BoardBlock, Lesson, LessonMeta } from './model.ts';
import { forPupils, type Language } from './vocabulary.ts';

type Sentence = (inputs?: Record<string, never>, options?: { locale?: Language }) => string;

/** What pupils do in a block of each type, in one plain sentence. */
const activities: Record<BoardBlockType, Sentence> = {
	gespreksregels: m.letter_activity_gespreksregels,
	poll: m.letter_activity_poll,
	stelling: m.letter_activity_stelling,
	positielijn: m.letter_activity_positielijn,
	thermometer: m.letter_activity_thermometer,
	woordwolk: m.letter_activity_woordwolk,
	'vier-hoeken': m.letter_activity_vier_hoeken,
	lagerhuis: m.letter_activity_lagerhuis,
	casus: m.letter_activity_casus,
	open: m.letter_activity_open,
	'stil-debat': m.letter_activity_stil_debat,
	vragenbus: m.letter_activity_vragenbus,
	'exit-ticket': m.letter_activity_exit_ticket,
	tweegesprek: m.letter_activity_tweegesprek
};

/** Where the letter sends parents and pupils for help: the deployment's settings. */
export interface LetterContacts {
	/** The municipality's name, or ''. */
	municipality: string;
	/** The municipality's address for worries about radicalisation, or ''. */
	signalEmail: string;
	signalSubject: string;
	/** The number to call in acute danger, or '' to leave the sentence out. */
	acuteNumber: string;
	/** Where pupils can get help (HELP_LINES). */
	helpLines: readonly { label: string; contact: string }[];
	/** Where parents and carers can turn (PARENTS_CONTACT). */
	parentsContacts: readonly { label: string; contact: string }[];
	retentionDays: number;
}

/** What the teacher filled in; '' leaves a line to write on. */
export interface LetterFill {
	klas: string;
	datum: string;
	afzender: string;
}

/** Text from a lesson file keeps its own language, which may not be the letter's. */
export interface LessonText {
	text: string;
	lang: Language;
}

/** A labelled line at the head or foot of the letter: filled in, or '' for a blank line. */
export interface LetterField {
	label: string;
	value: string;
}

export interface LetterLessonPart {
	title: LessonText;
	/** '(phase ·) duration'. */
	facts: string;
	summary: LessonText;
	/** Said when the lesson is in another language than the letter, else null. */
	languageNote: string | null;
	goals: LessonText[];
}

export type LetterContent = { paragraph: string } | { list: string[] };

export interface LetterSection {
	heading: string;
	content: LetterContent[];
}

export interface ParentsLetter {
	language: Language;
	/** What the letter is about: its heading. */
	subject: string;
	fields: LetterField[];
	salutation: string;
	opening: string[];
	goalsHeading: string;
	lessons: LetterLessonPart[];
	sections: LetterSection[];
	closing: string;
	signature: LetterField;
}

/**
 * A letter to parents belongs to lessons for pupils, not to trainings for professionals nor to a
 * parents' evening: its audience are the parents themselves.
 */
export const writesToParents = (meta: Pick<LessonMeta, 'audience'>): boolean => forPupils(meta.audience);

/** The letter about one lesson. */
export function lessonLetter(
	lesson: Lesson,
	contacts: LetterContacts,
	fill: LetterFill,
	language: Language
): ParentsLetter {
	return writeLetter({ title: lesson.meta.title, lessons: [lesson], single: true }, contacts, fill, language);
}

/**
 * The letter about a programme: `lessons` in the order a class meets them, under `title` (the
 * performance's name when every lesson is one of its modules, else the series' title).
 */
export function programmeLetter(
	title: string,
	lessons: readonly Lesson[],
	contacts: LetterContacts,
	fill: LetterFill,
	language: Language
): ParentsLetter {
	if (lessons.length === 0) throw new Error('A programme letter needs at least one lesson');
	return writeLetter({ title, lessons, single: false }, contacts, fill, language);
}

interface Subject {
	title: string;
	lessons: readonly Lesson[];
	/** One lesson's own letter, rather than a programme's. */
	single: boolean;
}

function writeLetter(subject: Subject, contacts: LetterContacts, fill: LetterFill, locale: Language): ParentsLetter {
	const options = { locale };
	const { title, lessons, single } = subject;
	const performance = !single && lessons.every((lesson) => lesson.meta.performance === title);
	const themes = themeList(lessons, locale);

	const dateLabel = single
		? m.letter_field_date_lesson({}, options)
		: performance
			? m.letter_field_date_performance({}, options)
			: m.letter_field_date_series({}, options);
	const heading = single
		? m.letter_subject_lesson({ themes }, options)
		: performance
			? m.letter_subject_performance({ title }, options)
			: m.letter_subject_series({ title }, options);
	const opening = single
		? m.letter_opening_lesson({ themes }, options)
		: performance
			? m.letter_opening_performance({ title, themes }, options)
			: m.letter_opening_series({ title, themes }, options);

	return {
		language: locale,
		subject: heading,
		fields: [
			{ label: m.letter_field_class({}, options), value: fill.klas },
			{ label: dateLabel, value: fill.datum }
		],
		salutation: m.letter_salutation({}, options),
		opening: [opening, m.letter_opening_why({}, options)],
		goalsHeading: m.letter_goals_heading({}, options),
		lessons: lessons.map((lesson) => lessonPart(lesson, locale)),
		sections: [
			{
				heading: m.letter_activities_heading({}, options),
				content: [
					{
						paragraph: single
							? m.letter_activities_intro_lesson({}, options)
							: m.letter_activities_intro_programme({}, options)
					},
					{ list: pupilActivities(lessons, locale) }
				]
			},
			{
				heading: m.letter_anonymous_heading({}, options),
				content: [
					m.letter_anonymous_devices({}, options),
					m.letter_anonymous_no_name({}, options),
					m.letter_anonymous_pass({}, options),
					`${m.letter_anonymous_deleted({ days: contacts.retentionDays }, options)} ${m.letter_anonymous_teacher_notes({}, options)}`
				].map((paragraph) => ({ paragraph }))
			},
			{
				heading: m.letter_talk_heading({}, options),
				content: [m.letter_talk_rules({}, options), m.letter_talk_confidential({}, options)].map(
					(paragraph) => ({ paragraph })
				)
			},
			{
				heading: m.letter_home_heading({}, options),
				content: [m.letter_home_talk({}, options), m.letter_home_questions({}, options)].map(
					(paragraph) => ({ paragraph })
				)
			},
			{ heading: m.letter_help_heading({}, options), content: helpContent(contacts, locale) }
		],
		closing: m.letter_closing({}, options),
		signature: { label: m.letter_signature({}, options), value: fill.afzender }
	};
}

/** The themes of all lessons, each once, in running text: 'polarisatie, identiteit en discriminatie'. */
function themeList(lessons: readonly Lesson[], locale: Language): string {
	const themes = [...new Set(lessons.flatMap((lesson) => lesson.meta.themes))];
	const names = themes.map((theme) => {
		const label = themeLabel(theme, locale);
		return label.charAt(0).toLocaleLowerCase(locale) + label.slice(1);
	});
	// British usage for the English letter: 'a, b and c', no serial comma.
	const listLocale = locale === 'en' ? 'en-GB' : locale;
	return new Intl.ListFormat(listLocale, { type: 'conjunction' }).format(names);
}

function lessonPart(lesson: Lesson, locale: Language): LetterLessonPart {
	const { meta } = lesson;
	const minutes = m.letter_lesson_minutes({ minutes: meta.duration }, { locale });
	return {
		title: { text: meta.title, lang: meta.language },
		facts: meta.phase ? `${phaseLabel(meta.phase, locale)} · ${minutes}` : minutes,
		summary: { text: meta.summary, lang: meta.language },
		languageNote:
			meta.language === locale
				? null
				: m.letter_lesson_language({ language: languageLabel(meta.language, locale) }, { locale }),
		goals: meta.goals.map((goal) => ({ text: goal, lang: meta.language }))
	};
}

/** The blocks pupils meet, in the order they meet them. */
function boardBlocks(lessons: readonly Lesson[]): BoardBlock[] {
	return lessons.flatMap((lesson) =>
		lesson.steps.flatMap((step) => step.board.flatMap((part) => (part.kind === 'block' ? [part.block] : [])))
	);
}

/**
 * One sentence per kind of block the lessons use, in the order pupils first meet it, followed
 * by what becomes of their words: the kinds table says whether the teacher reads them first or
 * alone; a reason counts when any block of that kind asks for one.
 */
export function pupilActivities(lessons: readonly Lesson[], locale: Language): string[] {
	const types: BoardBlockType[] = [];
	const withReason = new Set<BoardBlockType>();
	const agreed = new Set<BoardBlockType>();
	for (const block of boardBlocks(lessons)) {
		if (!types.includes(block.type)) types.push(block.type);
		if (block.settings.reason) withReason.add(block.type);
		if (block.settings.agree) agreed.add(block.type);
	}
	return types.map((type) =>
		[
			activities[type]({}, { locale }),
			fateOfWords(type, { reason: withReason.has(type), agree: agreed.has(type) }, locale)
		]
			.filter(Boolean)
			.join(' ')
	);
}

function fateOfWords(
	type: BoardBlockType,
	{ reason, agree }: { reason: boolean; agree: boolean },
	locale: Language
): string {
	const kind = kindOf(type);
	const options = { locale };
	if (kind.agreement && agree) return m.letter_fate_agreement({}, options);
	if (kind.answer === 'written') {
		if (kind.teacherOnly) return m.letter_fate_teacher_only({}, options);
		return kind.wall ? m.letter_fate_read_first_wall({}, options) : m.letter_fate_read_first({}, options);
	}
	if (kind.answer === 'tap' && reason && kind.responses !== null) {
		return kind.responses === 'read'
			? m.letter_fate_reason_teacher_only({}, options)
			: m.letter_fate_reason_read_first({}, options);
	}
	return '';
}

const contactLine = (line: { label: string; contact: string }) =>
	line.contact ? `${line.label}: ${line.contact}` : line.label;

/** Where to turn, each sentence only when the settings give it something to say. */
function helpContent(contacts: LetterContacts, locale: Language): LetterContent[] {
	const options = { locale };
	const content: LetterContent[] = [];
	const municipality = contacts.municipality;

	if (contacts.parentsContacts.length > 0) {
		content.push({
			paragraph: municipality
				? m.letter_help_parents_municipality({ municipality }, options)
				: m.letter_help_parents({}, options)
		});
		content.push({ list: contacts.parentsContacts.map(contactLine) });
	}

	const worry = [m.letter_help_worry({}, options)];
	if (contacts.signalEmail) {
		const email = contacts.signalEmail;
		worry.push(
			municipality
				? m.letter_help_worry_email_municipality({ municipality, email }, options)
				: m.letter_help_worry_email({ email }, options)
		);
		if (contacts.signalSubject) worry.push(m.letter_help_worry_subject({ subject: contacts.signalSubject }, options));
	}
	content.push({ paragraph: worry.join(' ') });

	if (contacts.helpLines.length > 0) {
		content.push({ paragraph: m.letter_help_child_lines({}, options) });
		content.push({ list: contacts.helpLines.map(contactLine) });
	} else {
		content.push({ paragraph: m.letter_help_child({}, options) });
	}

	if (contacts.acuteNumber) content.push({ paragraph: m.letter_help_acute({ number: contacts.acuteNumber }, options) });
	return content;
}
