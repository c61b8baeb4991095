// A session's results for after the lesson: one CSV per block with totals (answer blocks) or
// the approved texts (written blocks). Never an identifier, never a hidden or waiting response,
// never a distribution of fewer answers than the block's minimum.

import type { BoardBlock } from '../lessons/model.ts';
import { choiceCount } from '../lessons/answers.ts';
import type { Moderation } from './moderation/moderation.ts';
import { blocksOf, type Sessions } from './sessions.ts';
import type { SessionRecord } from './store/store.ts';

export interface ExportLabels {
	/** Labels of each answer position of a block, as the board names them. */
	answerLabels: (block: BoardBlock) => string[];
	header: {
		answer: string;
		count: string;
		percentage: string;
		response: string;
		votes: string;
		question: string;
	};
	pass: string;
	tooFew: (minimum: number) => string;
}

/** One CSV cell: quoted where needed, and never read as a formula by a spreadsheet. */
export function csvCell(value: string | number): string {
	let text = String(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csv = (rows: (string | number)[][]) =>
	rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';

export function blockCsv(
	sessions: Sessions,
	moderation: Moderation,
	session: SessionRecord,
	block: BoardBlock,
	labels: ExportLabels
): string {
	if (['open', 'stil-debat', 'vragenbus', 'exit-ticket'].includes(block.type)) {
		const approved = moderation
			.queue(session, block.id)
			.filter((response) => response.status === 'approved');
		const questions =
			block.type === 'exit-ticket' ? block.options.map((option) => option.text) : null;
		return csv([
			questions
				? [labels.header.question, labels.header.response]
				: [labels.header.response, labels.header.votes],
			...approved.map((response) =>
				questions
					? [questions[response.question ?? 0] ?? '', response.text]
					: [response.text, response.votes]
			)
		]);
	}

	const results = sessions.results(session, block.id, true);
	if (!results) return csv([[labels.header.answer, labels.header.count]]);
	if (results.withheld === 'too-few' || !results.distribution) {
		return csv([
			[labels.header.answer, labels.header.count],
			[labels.tooFew(block.settings.minAnswers), results.answered]
		]);
	}
	const distribution = results.distribution;
	const percentage = (count: number) =>
		results.answered === 0 ? 0 : Math.round((count / results.answered) * 100);
	let rows: (string | number)[][];
	if (distribution.kind === 'words') {
		rows = distribution.words.map(({ word, count }) => [word, count, percentage(count)]);
	} else if (distribution.kind === 'position') {
		rows = distribution.buckets.map((count, index) => [
			`${index * 10}-${index * 10 + (index === 9 ? 10 : 9)}`,
			count,
			percentage(count)
		]);
	} else {
		const names = labels.answerLabels(block);
		const counts =
			distribution.kind === 'scale' && block.type === 'thermometer'
				? distribution.counts.slice(1)
				: distribution.counts;
		rows = counts
			.slice(0, Math.max(counts.length, choiceCount(block)))
			.map((count, index) => [names[index] ?? String(index + 1), count, percentage(count)]);
	}
	return csv([
		[labels.header.answer, labels.header.count, labels.header.percentage],
		...rows,
		[labels.pass, results.passes, '']
	]);
}

export function exportableBlocks(sessions: Sessions, session: SessionRecord): BoardBlock[] {
	const lesson = sessions.lessonOf(session);
	return lesson
		? blocksOf(lesson)
				.map(({ block }) => block)
				.filter((block) => block.type !== 'gespreksregels')
		: [];
}
