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
	'ouders',
	'professionals'
] as const;
export type Audience = (typeof audiences)[number];

/** Audiences of grown-ups: parents and carers at a parents' evening, professionals in a training. */
export const adultAudiences = ['ouders', 'professionals'] as const satisfies readonly Audience[];

/** A lesson is for pupils when one of its audiences is not a grown-up one. */
export const forPupils = (audience: readonly Audience[]): boolean =>
	audience.some((each) => !isOneOf(adultAudiences, each));

/** A lesson for parents and carers, and not for pupils: a parents' evening. */
export const forParents = (audience: readonly Audience[]): boolean =>
	audience.includes('ouders') && !forPupils(audience);

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

/**
 * Blocks on the board that pupils do not answer with a result of their own: the ground rules
 * (which a class may agree to, `agree`) and the tweegesprek, where pupils talk in pairs.
 */
export const boardOnlyBlockTypes = ['gespreksregels', 'tweegesprek'] as const;
export type BoardOnlyBlockType = (typeof boardOnlyBlockTypes)[number];

/** Every block the board shows: what the teacher opens, and the ground rules. */
export type BoardBlockType = AnswerBlockType | BoardOnlyBlockType;

/** Blocks only the teacher ever sees: never on the board, never on a phone. */
export const teacherBlockTypes = ['docent', 'vervolgvragen'] as const;
export type TeacherBlockType = (typeof teacherBlockTypes)[number];

export const blockTypes = [...answerBlockTypes, ...boardOnlyBlockTypes, ...teacherBlockTypes] as const;
export type BlockType = (typeof blockTypes)[number];

/**
 * The one owner of block names. Authors write a block by the name the interface shows it by
 * (`:::peiling`, the Dutch name, first in each list) or by another name listed here (`:::poll`);
 * every name reads as the type id, which is what the rest of the code uses. Types missing here
 * have one name, their id.
 */
const blockTypeNameLists: Partial<Record<BlockType, readonly [string, ...string[]]>> = {
	poll: ['peiling', 'poll'],
	open: ['open-vraag', 'open'],
	tweegesprek: ['tweegesprek', 'pairs'],
	docent: ['docent', 'docentnotitie']
};

/** Every name an author may write for a block type, the one the interface shows first. */
export const blockTypeNames = (type: BlockType): readonly string[] => blockTypeNameLists[type] ?? [type];

/** The name a block type is shown by to authors: its Dutch name where it has one. */
export const blockTypeName = (type: BlockType): string => blockTypeNames(type)[0];

const blockTypeOfName = new Map<string, BlockType>(
	blockTypes.flatMap((type) => blockTypeNames(type).map((name) => [name, type] as const))
);

/** The block type a name an author wrote stands for (`peiling` → `poll`), or null when none. */
export function blockTypeNamed(word: string): BlockType | null {
	return blockTypeOfName.get(word.toLowerCase()) ?? null;
}

/** All names of all block types, for suggesting the one an unknown name most likely meant. */
export const allBlockTypeNames: readonly string[] = blockTypes.flatMap(blockTypeNames);

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
	return typeof value === 'string' && (list as readonly string[]).includes(value);
}
