// What a coordinator may see of the municipality's overview: the one contract between the
// domain (server/overview.ts), the coordinator's page and its workbook. Numbers are sums over
// classes; strings come from lesson files and the period asked for. No field is meant for, or
// could be filled with, a teacher, class, session or pupil.

/** A period of whole days, both included, as `YYYY-MM-DD`. */
export interface Period {
	from: string;
	to: string;
}

/** The least a figure needs behind it (OVERVIEW_MIN_CLASSES, OVERVIEW_MIN_ANSWERS). */
export interface OverviewMinimum {
	classes: number;
	answers: number;
}

/** A figure, or only the fact that too few classes or answers stand behind it. */
export type Figure<T> = { shown: true; value: T } | { shown: false };

export interface ProgrammeTotals {
	/** Sessions of the programme's lessons that counted. */
	sessions: number;
	/** Distinct classes among them; a session without a class is a class of its own. */
	classes: number;
	pupilsJoined: number;
}

/** One answer of a compared stelling: how often it was chosen before and after. */
export interface ComparedOption {
	label: string;
	before: number;
	/** Whole percent of the answers before. */
	beforeShare: number;
	after: number;
	afterShare: number;
	/** afterShare − beforeShare, in percentage points. */
	shift: number;
}

export interface ComparisonFigures {
	classesBefore: number;
	classesAfter: number;
	answersBefore: number;
	answersAfter: number;
	options: ComparedOption[];
}

/** A block compared with a block of an earlier lesson, summed over every class that did either. */
export interface ComparedStelling {
	/** The later block's prompt as plain text. */
	prompt: string;
	beforeLesson: string;
	afterLesson: string;
	figures: Figure<ComparisonFigures>;
}

export interface ProgrammeOverview {
	programmeTitle: string;
	period: Period;
	minimum: OverviewMinimum;
	totals: Figure<ProgrammeTotals>;
	comparisons: ComparedStelling[];
}
