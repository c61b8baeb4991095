// Labels for the lesson format's closed word lists, through the i18n messages. Block types have
// their own module, block-labels.ts, so a pupil's phone loads none of these.

import {
	isOneOf,
	themes,
	type Audience,
	type Language,
	type LessonKind,
	type Sensitivity,
	type TheatrePhase,
	type Theme
} from '../lessons/vocabulary.ts';
import type { ProgrammeKind } from '../lessons/programmes.ts';
import * as m from '../paraglide/messages.js';

/** A label in the interface's language, or in `locale` (the letter to parents has its own). */
type Labels<T extends string> = Record<
	T,
	(inputs?: Record<string, never>, options?: { locale?: Language }) => string
>;

const themeLabels: Labels<Theme> = {
	polarisatie: m.theme_polarisatie,
	radicalisering: m.theme_radicalisering,
	extremisme: m.theme_extremisme,
	democratie: m.theme_democratie,
	rechtsstaat: m.theme_rechtsstaat,
	'vrijheid-van-meningsuiting': m.theme_vrijheid_van_meningsuiting,
	identiteit: m.theme_identiteit,
	discriminatie: m.theme_discriminatie,
	complotdenken: m.theme_complotdenken,
	'online-veiligheid': m.theme_online_veiligheid,
	weerbaarheid: m.theme_weerbaarheid,
	signaleren: m.theme_signaleren
};

const audienceLabels: Labels<Audience> = {
	'po-groep-7-8': m.audience_po_groep_7_8,
	'vo-onderbouw': m.audience_vo_onderbouw,
	'vo-bovenbouw': m.audience_vo_bovenbouw,
	mbo: m.audience_mbo,
	ouders: m.audience_ouders,
	professionals: m.audience_professionals
};

const kindLabels: Labels<LessonKind> = {
	lesson: m.kind_lesson,
	'theatre-followup': m.kind_theatre_followup
};

const phaseLabels: Labels<TheatrePhase> = {
	voorbereiding: m.phase_voorbereiding,
	nagesprek: m.phase_nagesprek,
	verwerking: m.phase_verwerking
};

const sensitivityLabels: Labels<Sensitivity> = {
	low: m.sensitivity_low,
	medium: m.sensitivity_medium,
	high: m.sensitivity_high
};

const languageLabels: Labels<Language> = { nl: m.language_nl, en: m.language_en };

/** A deployment's own theme (LESSON_THEMES) has no translation: it reads as written. */
export const themeLabel = (theme: string, locale?: Language) =>
	isOneOf(themes, theme) ? themeLabels[theme]({}, { locale }) : theme.replaceAll('-', ' ');
export const audienceLabel = (audience: Audience) => audienceLabels[audience]();
export const kindLabel = (kind: LessonKind) => kindLabels[kind]();
export const phaseLabel = (phase: TheatrePhase, locale?: Language) =>
	phaseLabels[phase]({}, { locale });
export const sensitivityLabel = (sensitivity: Sensitivity) => sensitivityLabels[sensitivity]();
export const languageLabel = (language: Language, locale?: Language) =>
	languageLabels[language]({}, { locale });

const programmeKindLabels: Labels<ProgrammeKind> = {
	performance: m.programme_kind_performance,
	series: m.programme_kind_series
};

export const programmeKindLabel = (kind: ProgrammeKind) => programmeKindLabels[kind]();

/** A programme's name as its heading says it: 'Voorstelling: Het Stille Plein', 'Reeks: Mediawijs'. */
export const programmeHeading = ({ kind, title }: { kind: ProgrammeKind; title: string }) =>
	kind === 'performance' ? m.library_performance({ title }) : m.library_series({ title });

/** Where a lesson sits in its programme: its phase ('Nagesprek'), its part ('Deel 2'), or its kind. */
export const positionLabel = (lesson: {
	kind: LessonKind;
	phase: TheatrePhase | null;
	part: number | null;
}) =>
	lesson.phase
		? phaseLabel(lesson.phase)
		: lesson.part !== null
			? m.programme_part({ part: lesson.part })
			: kindLabel(lesson.kind);
