import readExcelFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import type { BoardBlock } from '../../../src/lib/lessons/model.ts';
import { programmesOf } from '../../../src/lib/lessons/programmes.ts';
import { workbookXlsx } from '../../../src/lib/server/export.ts';
import { loadLessonLibrary } from '../../../src/lib/server/library.ts';
import {
	overviewWorkbook,
	type OverviewWorkbookLabels
} from '../../../src/lib/server/overview-workbook.ts';
import { programmeOverview } from '../../../src/lib/server/overview.ts';
import type { RunRecord } from '../../../src/lib/server/store/store.ts';

// The overview's workbook holds what the coordinator's page shows, and nothing it hides.

const library = loadLessonLibrary('tests/fixtures/programme-lessons');
const [programme] = programmesOf([...library.catalogue]);
const answerLabels = (block: BoardBlock) =>
	block.type === 'stelling'
		? ['weet niet', 'helemaal oneens', 'oneens', 'neutraal', 'eens', 'helemaal eens']
		: block.options.map((option) => option.text);

const labels: OverviewWorkbookLabels = {
	overview: 'Overzicht',
	programme: 'Programma',
	period: 'Periode',
	periodValue: '1 augustus 2025 tot en met 31 juli 2026',
	minimum: 'Minimum per cijfer',
	minimumValue: '5 klassen en 50 antwoorden',
	sessions: 'Lessen gegeven',
	classes: 'Klassen',
	pupils: 'Leerlingen die meededen',
	answers: 'Antwoorden',
	tooFewPupils: 'Te weinig klassen om iets te tonen (minstens 5 klassen en 50 leerlingen)',
	tooFew: 'Te weinig klassen om iets te tonen (minstens 5 klassen en 50 antwoorden)',
	stelling: (number) => `Stelling ${number}`,
	beforeLesson: (lesson) => `Voor: ${lesson}`,
	afterLesson: (lesson) => `Na: ${lesson}`,
	answer: 'Antwoord',
	count: 'Aantal',
	percentage: 'Percentage',
	before: 'Voor',
	after: 'Na',
	shift: 'Verschuiving (procentpunten)'
};

/** `n` classes, each with 11 answers before (2 'weet niet') and 12 after. */
const runs = (n: number): RunRecord[] =>
	Array.from({ length: n }, (_, index) => [
		{
			sessionId: `sessie-voor-${index}`,
			teacherKey: `docent-${index}`,
			classId: `klas-${index}`,
			lessonSlug: 'de-brug-voorbereiding',
			ranAt: new Date(2025, 9, 1).getTime(),
			pupilsJoined: 13,
			countsInOverview: true,
			blocks: [{ blockId: 'samen', counts: [2, 1, 2, 3, 2, 1] }]
		},
		{
			sessionId: `sessie-na-${index}`,
			teacherKey: `docent-${index}`,
			classId: `klas-${index}`,
			lessonSlug: 'de-brug-verwerking',
			ranAt: new Date(2026, 0, 20).getTime(),
			pupilsJoined: 12,
			countsInOverview: true,
			blocks: [{ blockId: 'samen-na', counts: [0, 2, 2, 3, 3, 2] }]
		}
	]).flat();

const overviewOf = (n: number) =>
	programmeOverview(
		{
			programme,
			lessonBySlug: (slug) => library.lessons.get(slug),
			period: { from: '2025-08-01', to: '2026-07-31' },
			minimum: { classes: 5, answers: 50 },
			answerLabels
		},
		runs(n)
	);

async function readBack(n: number) {
	const sheets = await readExcelFile(await workbookXlsx(overviewWorkbook(overviewOf(n), labels)));
	return Object.fromEntries(
		sheets.map(({ sheet, data }) => [
			sheet,
			data.map((row) => {
				const cells = [...row];
				while (cells.length > 0 && cells.at(-1) === null) cells.pop();
				return cells;
			})
		])
	);
}

describe("the overview's workbook", () => {
	it('holds the figures of 5 classes: reach, and each stelling before and after', async () => {
		const book = await readBack(5);
		expect(Object.keys(book)).toEqual(['Overzicht', 'Stelling 1']);
		expect(book['Overzicht']).toEqual([
			['Programma', 'De Brug'],
			['Periode', '1 augustus 2025 tot en met 31 juli 2026'],
			['Minimum per cijfer', '5 klassen en 50 antwoorden'],
			[],
			['Lessen gegeven', 10],
			['Klassen', 5],
			['Leerlingen die meededen', 125],
			[],
			['Stelling 1', 'Mensen met een andere mening kun je beter uit de weg gaan.']
		]);
		const stelling = book['Stelling 1'];
		expect(stelling.slice(0, 3)).toEqual([
			['Mensen met een andere mening kun je beter uit de weg gaan.'],
			['Voor: De Brug: voorbereidende les'],
			['Na: De Brug: verwerkingsles']
		]);
		expect(stelling[5]).toEqual([
			'helemaal oneens',
			5,
			expect.closeTo(0.09, 2),
			10,
			expect.closeTo(0.17, 2),
			expect.closeTo(0.08, 2)
		]);
		expect(stelling.at(-2)).toEqual(['Antwoorden', 55, null, 60]);
		expect(stelling.at(-1)).toEqual(['Klassen', 5, null, 5]);
	});

	it('holds no figure of 4 classes, and no identifier at all', async () => {
		const book = await readBack(4);
		expect(book['Overzicht'].slice(4)).toEqual([
			['Te weinig klassen om iets te tonen (minstens 5 klassen en 50 leerlingen)'],
			[],
			['Stelling 1', 'Mensen met een andere mening kun je beter uit de weg gaan.']
		]);
		expect(book['Stelling 1'].slice(4)).toEqual([
			['Te weinig klassen om iets te tonen (minstens 5 klassen en 50 antwoorden)']
		]);
		const cells = Object.values(book).flat(2);
		expect(cells.filter((cell) => typeof cell === 'number')).toEqual([]);
		expect(JSON.stringify(await readBack(6))).not.toMatch(/sessie-|docent-|klas-/);
	});
});
