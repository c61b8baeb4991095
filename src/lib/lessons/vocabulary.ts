// The closed word lists of the lesson format: what authors may write in frontmatter and
// block headers. Labels for each word live in the i18n messages, not here.

export const lessonKinds = ['lesson', 'theatre-followup'] as const;
export type LessonKind = (typeof lessonKinds)[number];

/** Where a theatre module sits around the performance, in the order a class meets them. */
export const theatrePhases = ['voorbereiding', 'nagesprek', 'verwerking'] as const;
export type TheatrePhase = (typeof theatrePhases)[number];

export const themes = [
	'polarisatie',
	'radicalisering',
	'extremisme',
	'democratie',
	'rechtsstaat',
	'vrijheid-van-meningsuiting',
	'identiteit',
	'discriminatie',
	'complotdenken',
	'online-veiligheid',
	'weerbaarheid',
	'signaleren'
] as const;
export type Theme = (typeof themes)[number];

export const audiences = [
	'po-groep-7-8',
	'vo-onderbouw',
	'vo-bovenbouw',
	'mbo',
	'professionals'
] as const;
export type Audience = (typeof audiences)[number];

export const languages = ['nl', 'en'] as const;
export type Language = (typeof languages)[number];

export const sensitivities = ['low', 'medium', 'high'] as const;
export type Sensitivity = (typeof sensitivities)[number];

/** Blocks a pupil answers; each one can be opened live by the teacher. */
export const answerBlockTypes = [
	'poll',
	'stelling',
	'positielijn',
	'thermometer',
	'woordwolk',
	'vier-hoeken',
	'lagerhuis',
	'open',
	'stil-debat',
	'vragenbus',
	'casus',
	'exit-ticket'
] as const;
export type AnswerBlockType = (typeof answerBlockTypes)[number];

/** Blocks that are shown but not answered. */
export const boardOnlyBlockTypes = ['gespreksregels'] as const;

/** Blocks only the teacher ever sees: never on the board, never on a phone. */
export const teacherBlockTypes = ['docent', 'vervolgvragen'] as const;
export type TeacherBlockType = (typeof teacherBlockTypes)[number];

export const blockTypes = [...answerBlockTypes, ...boardOnlyBlockTypes, ...teacherBlockTypes] as const;
export type BlockType = (typeof blockTypes)[number];

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
	return typeof value === 'string' && (list as readonly string[]).includes(value);
}
