// The municipality's overview as a workbook: the same figures as the coordinator's page, made
// from the same suppressed overview, so the file can hold nothing the page would not show.

import { sheetName, type ExportCell, type ExportSheet } from './export.ts';
import type { ComparedStelling, ProgrammeOverview } from '../overview.ts';

export interface OverviewWorkbookLabels {
	/** The first sheet's name. */
	overview: string;
	programme: string;
	period: string;
	/** The period in words, as the coordinator reads dates. */
	periodValue: string;
	minimum: string;
	minimumValue: string;
	sessions: string;
	classes: string;
	pupils: string;
	answers: string;
	tooFewPupils: string;
	tooFew: string;
	/** A compared stelling's sheet: 'Stelling 1'. */
	stelling: (number: number) => string;
	beforeLesson: (lesson: string) => string;
	afterLesson: (lesson: string) => string;
	answer: string;
	count: string;
	percentage: string;
	before: string;
	after: string;
	shift: string;
}

const heading = (text: string): ExportCell => ({ heading: text });
const percent = (whole: number): ExportCell => ({ percentage: whole / 100 });

function comparisonRows(
	comparison: ComparedStelling,
	labels: OverviewWorkbookLabels
): ExportCell[][] {
	const rows: ExportCell[][] = [
		[heading(comparison.prompt)],
		[labels.beforeLesson(comparison.beforeLesson)],
		[labels.afterLesson(comparison.afterLesson)],
		[]
	];
	if (!comparison.figures.shown) return [...rows, [labels.tooFew]];
	const figures = comparison.figures.value;
	return [
		...rows,
		[
			heading(labels.answer),
			heading(`${labels.before}: ${labels.count}`),
			heading(`${labels.before}: ${labels.percentage}`),
			heading(`${labels.after}: ${labels.count}`),
			heading(`${labels.after}: ${labels.percentage}`),
			heading(labels.shift)
		],
		...figures.options.map((option) => [
			option.label,
			option.before,
			percent(option.beforeShare),
			option.after,
			percent(option.afterShare),
			{ points: option.shift / 100 }
		]),
		[],
		[labels.answers, figures.answersBefore, null, figures.answersAfter],
		[labels.classes, figures.classesBefore, null, figures.classesAfter]
	];
}

export function overviewWorkbook(
	overview: ProgrammeOverview,
	labels: OverviewWorkbookLabels
): ExportSheet[] {
	const taken = new Set<string>();
	const first = sheetName(labels.overview, taken);
	const comparisons = overview.comparisons.map((comparison, index) => ({
		name: sheetName(labels.stelling(index + 1), taken),
		comparison
	}));
	const totals: ExportCell[][] = overview.totals.shown
		? [
				[labels.sessions, overview.totals.value.sessions],
				[labels.classes, overview.totals.value.classes],
				[labels.pupils, overview.totals.value.pupilsJoined]
			]
		: [[labels.tooFewPupils]];
	return [
		{
			name: first,
			rows: [
				[heading(labels.programme), overview.programmeTitle],
				[heading(labels.period), labels.periodValue],
				[heading(labels.minimum), labels.minimumValue],
				[],
				...totals,
				...(comparisons.length > 0 ? [[]] : []),
				...comparisons.map(({ name, comparison }) => [name, comparison.prompt])
			]
		},
		...comparisons.map(({ name, comparison }) => ({
			name,
			rows: comparisonRows(comparison, labels)
		}))
	];
}
