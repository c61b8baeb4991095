// A session's results for after the lesson, as one workbook: an overview sheet and a sheet per
// block with totals (answer blocks), approved texts (written blocks) or every exit-ticket answer,
// which only the teacher ever sees. Never an identifier, never a distribution of fewer answers
// than the block's minimum, never a cell a spreadsheet would run as a formula.

import writeXlsxFile, { type Cell as XlsxCell } from 'write-excel-file/node';
import type { BoardBlock } from '../lessons/model.ts';
import { choiceCount, isLiveAnswerBlock } from '../lessons/answers.ts';
import { answerOf, blockHeadline, kindOf, wordsWait } from '../lessons/kinds.ts';
import type { BlockResults, Distribution, EarlierRun } from '../lessons/results.ts';
import { stripHtml } from '../lessons/safety.ts';
import type { QueuedResponse } from '../protocol.ts';
import type { Moderation } from './moderation/moderation.ts';
import { blocksOf, type Sessions } from './sessions.ts';
import type { SessionRecord } from './store/store.ts';

export interface ExportLabels {
	/** Labels of each answer position of a block, as the board names them. */
	answerLabels: (block: BoardBlock) => string[];
	blockType: (type: BoardBlock['type']) => string;
	header: {
		answer: string;
		count: string;
		percentage: string;
		response: string;
		votes: string;
		question: string;
		position: string;
		reason: string;
		status: string;
		flags: string;
		before: string;
		after: string;
		shift: string;
		sheet: string;
		answers: string;
		passes: string;
		lesson: string;
		date: string;
	};
	/** The title of the first sheet. */
	overview: string;
	/** 'Goedgekeurde redenen per positie'. */
	approvedReasons: string;
	/** Ground rules: 'Doet mee met de afspraken', and the heading of the suggestions let through. */
	agreed: string;
	suggestions: string;
	/** Tweegesprek: the heads of its counts (groups, pupils in a group); never who. */
	pairGroups: string;
	pairPupils: string;
	median: string;
	pass: string;
	tooFew: (minimum: number) => string;
	status: Record<QueuedResponse['status'], string>;
	/** An answer nobody waits on (an exit ticket's, read by the teacher alone) instead of 'waiting'. */
	received: string;
	flags: (flags: QueuedResponse['flags']) => string;
	/** The session's date, as the teacher reads dates. */
	date: string;
	/**
	 * A class's result from an earlier lesson of the programme, named as the board names it
	 * ('Voor de voorstelling, 12 maart'): the heading of its columns instead of 'Eerst'.
	 */
	earlierRun: (from: EarlierRun) => string;
}

/** A value as the workbook holds it: text, a number, a share shown as a percentage, or a column heading. */
export type ExportCell =
	string | number | null | { percentage: number } | { points: number } | { heading: string };

export interface ExportSheet {
	name: string;
	rows: ExportCell[][];
}

/** Text that a spreadsheet would read as a formula (= + - @, tab, CR first) is kept as text. */
export function neutraliseFormula(text: string): string {
	return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const sheetNameLength = 31;

/** Excel's rules: at most 31 characters, none of : \ / ? * [ ], no quote at either end, unique. */
export function sheetName(wanted: string, taken: Set<string>): string {
	const clean =
		wanted
			.replace(/[:\\/?*[\]]/g, ' ')
			.replace(/\s+/g, ' ')
			.trim()
			.replace(/^'+|'+$/g, '') || 'Blad';
	let name = clean.slice(0, sheetNameLength).trim();
	for (
		let suffix = 2;
		[...taken].some((other) => other.toLowerCase() === name.toLowerCase());
		suffix += 1
	) {
		const tail = ` (${suffix})`;
		name = clean.slice(0, sheetNameLength - tail.length).trim() + tail;
	}
	taken.add(name);
	return name;
}

const heading = (text: string): ExportCell => ({ heading: text });
const share = (count: number, total: number): ExportCell => ({
	percentage: total === 0 ? 0 : count / total
});

/** The counts of a choice, scale or position distribution with the label of each. */
function countedRows(
	block: BoardBlock,
	distribution: Distribution,
	labels: ExportLabels
): { label: string; count: number }[] {
	if (distribution.kind === 'words')
		return distribution.words.map(({ word, count }) => ({ label: word, count }));
	if (distribution.kind === 'position') {
		const [first, second] = block.options.map((option) => option.text);
		return distribution.buckets.map((count, index) => {
			const range = `${index * 10}-${index * 10 + (index === 9 ? 10 : 9)}`;
			const pole = index === 0 ? first : index === 9 ? second : undefined;
			return { label: pole ? `${range} (${pole})` : range, count };
		});
	}
	const names = labels.answerLabels(block);
	const counts =
		distribution.kind === 'scale'
			? distribution.counts.slice(kindOf(block.type).firstPosition)
			: distribution.counts;
	return counts
		.slice(0, Math.max(counts.length, choiceCount(block)))
		.map((count, index) => ({ label: names[index] ?? String(index + 1), count }));
}

function resultRows(
	block: BoardBlock,
	results: BlockResults,
	labels: ExportLabels
): ExportCell[][] {
	if (results.withheld === 'too-few' || !results.distribution) {
		return [
			[heading(labels.header.answer), heading(labels.header.count)],
			[labels.tooFew(block.settings.minAnswers), results.answered]
		];
	}
	const now = countedRows(block, results.distribution, labels);
	const before =
		results.before?.distribution && results.distribution.kind !== 'words'
			? countedRows(block, results.before.distribution, labels)
			: null;
	const beforeAnswered = results.before?.answered ?? 0;
	const beforeLabel = results.beforeFrom
		? labels.earlierRun(results.beforeFrom)
		: labels.header.before;
	const rows: ExportCell[][] = [];
	if (before) {
		rows.push([
			heading(labels.header.answer),
			heading(`${beforeLabel}: ${labels.header.count}`),
			heading(`${beforeLabel}: ${labels.header.percentage}`),
			heading(`${labels.header.after}: ${labels.header.count}`),
			heading(`${labels.header.after}: ${labels.header.percentage}`),
			heading(labels.header.shift)
		]);
		for (const [index, { label, count }] of now.entries()) {
			const earlier = before[index]?.count ?? 0;
			const afterShare = results.answered === 0 ? 0 : count / results.answered;
			const beforeShare = beforeAnswered === 0 ? 0 : earlier / beforeAnswered;
			rows.push([
				label,
				earlier,
				share(earlier, beforeAnswered),
				count,
				share(count, results.answered),
				{ points: afterShare - beforeShare }
			]);
		}
		rows.push([labels.pass, results.before?.passes ?? 0, null, results.passes]);
	} else {
		rows.push([
			heading(labels.header.answer),
			heading(labels.header.count),
			heading(labels.header.percentage)
		]);
		for (const { label, count } of now) rows.push([label, count, share(count, results.answered)]);
		if (results.distribution.kind !== 'words') rows.push([labels.pass, results.passes]);
		// The class's earlier result had too few answers: said, as the board says it, never shown.
		if (results.beforeFrom && results.before?.withheld === 'too-few')
			rows.push(
				[],
				[beforeLabel, labels.tooFew(block.settings.minAnswers), results.before.answered]
			);
	}
	if (results.distribution.kind === 'position' && results.distribution.median !== null)
		rows.push([], [labels.median, results.distribution.median]);
	return rows;
}

/** Structured dialogue: the reasons the teacher approved, grouped by the position they argue for. */
function approvedReasonRows(
	block: BoardBlock,
	responses: QueuedResponse[],
	labels: ExportLabels
): ExportCell[][] {
	const names = labels.answerLabels(block);
	const positionOf = (question: number) =>
		names[question - kindOf(block.type).firstPosition] ?? String(question);
	const approved = responses
		.filter((response) => response.status === 'approved' && response.question !== null)
		.sort((a, b) => a.question! - b.question! || a.sequence - b.sequence);
	if (approved.length === 0) return [];
	return [
		[],
		[heading(labels.approvedReasons)],
		[heading(labels.header.position), heading(labels.header.reason)],
		...approved.map((response) => [positionOf(response.question!), response.text])
	];
}

interface BlockSheet {
	rows: ExportCell[][];
	answered: number | null;
	passes: number | null;
}

async function blockSheet(
	sessions: Sessions,
	moderation: Moderation,
	session: SessionRecord,
	block: BoardBlock,
	labels: ExportLabels
): Promise<BlockSheet> {
	const responses = await moderation.queue(session, block.id);
	if (kindOf(block.type).answer === 'talk') {
		// How many groups the last round had, and pupils in them: who talked with whom is not kept.
		const counted = session.stage.pairCounts?.[block.id];
		return {
			answered: null,
			passes: null,
			rows: [
				[heading(labels.pairGroups), counted?.groups ?? 0],
				[heading(labels.pairPupils), counted?.pupils ?? 0]
			]
		};
	}
	if (kindOf(block.type).agreement) {
		// How many joined in, never who did not; the suggestions the teacher let through.
		const results = await sessions.results(session, block.id, true);
		const approved = responses.filter((response) => response.status === 'approved');
		return {
			answered: results?.answered ?? 0,
			passes: null,
			rows: [
				[heading(labels.header.answer), heading(labels.header.count)],
				[labels.agreed, results?.answered ?? 0],
				...(approved.length > 0
					? [[], [heading(labels.suggestions)], ...approved.map((response) => [response.text])]
					: [])
			]
		};
	}
	if (kindOf(block.type).questions) {
		// Teacher-only: every answer a pupil sent and did not take back, with the filter's flags.
		const questions = block.options.map((option) => option.text);
		const answers = [...responses].sort(
			(a, b) => (a.question ?? 0) - (b.question ?? 0) || a.sequence - b.sequence
		);
		return {
			answered: answers.length,
			passes: null,
			rows: [
				[
					heading(labels.header.question),
					heading(labels.header.response),
					heading(labels.header.status),
					heading(labels.header.flags)
				],
				...answers.map((response) => [
					questions[response.question ?? 0] ?? '',
					response.text,
					response.status === 'pending' && !wordsWait(block.type)
						? labels.received
						: labels.status[response.status],
					labels.flags(response.flags)
				])
			]
		};
	}
	if (!isLiveAnswerBlock(block)) {
		const approved = responses.filter((response) => response.status === 'approved');
		return {
			answered: approved.length,
			passes: null,
			rows: [
				[heading(labels.header.response), heading(labels.header.votes)],
				...approved.map((response) => [response.text, response.votes])
			]
		};
	}
	const results = await sessions.results(session, block.id, true);
	if (!results) return { answered: null, passes: null, rows: [] };
	return {
		answered: results.answered,
		passes: results.passes,
		rows: [
			...resultRows(block, results, labels),
			...(block.settings.reason ? approvedReasonRows(block, responses, labels) : [])
		]
	};
}

export function exportableBlocks(sessions: Sessions, session: SessionRecord): BoardBlock[] {
	const lesson = sessions.lessonOf(session);
	return lesson
		? blocksOf(lesson)
				.map(({ block }) => block)
				.filter((block) => answerOf(block) !== 'none')
		: [];
}

/** The whole lesson as sheets: the overview first, then one per block in lesson order. */
export async function lessonWorkbook(
	sessions: Sessions,
	moderation: Moderation,
	session: SessionRecord,
	labels: ExportLabels
): Promise<ExportSheet[]> {
	const taken = new Set<string>();
	const overviewName = sheetName(labels.overview, taken);
	const blocks = [];
	// One block after another: names are taken in lesson order, and the store is asked a little at a time.
	for (const [index, block] of exportableBlocks(sessions, session).entries()) {
		const name = sheetName(`${index + 1}. ${labels.blockType(block.type)}`, taken);
		const prompt = stripHtml(block.prompt);
		const sheet = await blockSheet(sessions, moderation, session, block, labels);
		blocks.push({
			block,
			name,
			// The overview names an exit ticket by its questions, every other block by its prompt.
			headline: blockHeadline(block, 200),
			sheet,
			rows: [[heading(labels.blockType(block.type))], [prompt], [], ...sheet.rows]
		});
	}
	const overview: ExportCell[][] = [
		[heading(labels.header.lesson), sessions.lessonOf(session)?.meta.title ?? session.lessonSlug],
		[heading(labels.header.date), labels.date],
		[],
		[
			heading(labels.header.sheet),
			heading(labels.header.question),
			heading(labels.header.answers),
			heading(labels.header.passes)
		],
		...blocks.map(({ name, headline, sheet }) => [name, headline, sheet.answered, sheet.passes])
	];
	return [
		{ name: overviewName, rows: overview },
		...blocks.map(({ name, rows }) => ({ name, rows }))
	];
}

function xlsxCell(cell: ExportCell): XlsxCell {
	if (cell === null) return null;
	if (typeof cell === 'number') return { value: cell, type: Number };
	if (typeof cell === 'string') return { value: neutraliseFormula(cell), type: String };
	if ('heading' in cell)
		return { value: neutraliseFormula(cell.heading), type: String, fontWeight: 'bold' };
	if ('points' in cell) return { value: cell.points, type: Number, format: '+0%;-0%;0%' };
	return { value: cell.percentage, type: Number, format: '0%' };
}

/** The sheets as an .xlsx file, for Excel and LibreOffice alike. */
export async function workbookXlsx(sheets: ExportSheet[]): Promise<Buffer> {
	return writeXlsxFile(
		sheets.map((sheet) => {
			const widths: number[] = [];
			for (const row of sheet.rows)
				for (const [index, cell] of row.entries()) {
					const text =
						typeof cell === 'string'
							? cell
							: cell !== null && typeof cell === 'object' && 'heading' in cell
								? cell.heading
								: '';
					widths[index] = Math.min(60, Math.max(widths[index] ?? 10, text.length + 2));
				}
			return {
				sheet: sheet.name,
				data: sheet.rows.map((row) => row.map(xlsxCell)),
				columns: widths.map((width) => ({ width }))
			};
		})
	).toBuffer();
}
