import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import readExcelFile from 'read-excel-file/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BoardBlock, Lesson } from '../../../src/lib/lessons/model.ts';
import { parseLesson } from '../../../src/lib/lessons/parse.ts';
import {
	exportableBlocks,
	lessonWorkbook,
	neutraliseFormula,
	sheetName,
	workbookXlsx,
	type ExportLabels
} from '../../../src/lib/server/export.ts';
import { ResponseFilter } from '../../../src/lib/server/moderation/filter.ts';
import { Moderation } from '../../../src/lib/server/moderation/moderation.ts';
import { Sessions } from '../../../src/lib/server/sessions.ts';
import { SqliteStore } from '../../../src/lib/server/store/sqlite.ts';
import type { SessionRecord } from '../../../src/lib/server/store/store.ts';
import { allBlocksLesson } from '../../fixtures/all-blocks.ts';
import { methodsLesson } from '../../fixtures/methods.ts';

const lesson = allBlocksLesson;

const labels: ExportLabels = {
	answerLabels: (block: BoardBlock) =>
		block.type === 'stelling'
			? ['weet niet', 'helemaal oneens', 'oneens', 'neutraal', 'eens', 'helemaal eens']
			: block.options.map((option) => option.text),
	blockType: (type) =>
		(({ 'exit-ticket': 'Exit ticket', positielijn: 'Positielijn' }) as Record<string, string>)[
			type
		] ?? type,
	header: {
		answer: 'Antwoord',
		count: 'Aantal',
		percentage: 'Percentage',
		response: 'Reactie',
		votes: 'Herkend',
		question: 'Vraag',
		position: 'Positie',
		reason: 'Reden',
		status: 'Status',
		flags: 'Markering',
		before: 'Eerst',
		after: 'Nu',
		shift: 'Verschuiving',
		sheet: 'Tabblad',
		answers: 'Antwoorden',
		passes: 'Pas',
		lesson: 'Les',
		date: 'Datum'
	},
	overview: 'Overzicht',
	approvedReasons: 'Goedgekeurde redenen per positie',
	agreed: 'Doet mee met de afspraken',
	suggestions: 'Voorstellen van de klas',
	pairGroups: 'Groepjes',
	pairPupils: 'Leerlingen in een groepje',
	median: 'Middelste positie',
	pass: 'pas',
	tooFew: (minimum) => `te weinig antwoorden (minimaal ${minimum})`,
	status: { pending: 'wacht', approved: 'getoond', hidden: 'verborgen', returned: 'teruggestuurd' },
	received: 'ontvangen',
	flags: (flags) => flags.map((flag) => flag.kind).join(', '),
	date: '1 december 2025',
	earlierRun: (from) =>
		`${from.phase === 'voorbereiding' ? 'Voor de voorstelling' : from.lessonTitle}, 12 maart`
};

let directory: string;
let store: SqliteStore;
let sessions: Sessions;
let moderation: Moderation;
let session: SessionRecord;
const pupils: string[] = [];
let clientIds = 0;

function ok<T>(outcome: { ok: true; value: T } | { ok: false; error: string }): T {
	if (!outcome.ok) throw new Error(outcome.error);
	return outcome.value;
}

const write = async (index: number, blockId: string, text: string, question?: number) =>
	ok(
		await moderation.submit(session, pupils[index], {
			blockId,
			text,
			clientId: `c${(clientIds += 1)}`,
			...(question === undefined ? {} : { question })
		})
	);

/** The workbook as Excel would open it, read back with read-excel-file. */
async function readBack() {
	const file = await workbookXlsx(await lessonWorkbook(sessions, moderation, session, labels));
	const sheets = await readExcelFile(file);
	return {
		file,
		names: sheets.map((sheet) => sheet.sheet),
		/** A sheet's rows without the empty cells a reader pads them with. */
		sheet: (name: string) =>
			sheets
				.find((sheet) => sheet.sheet === name)!
				.data.map((row) => {
					const cells = [...row];
					while (cells.length > 0 && cells.at(-1) === null) cells.pop();
					return cells;
				})
	};
}

/** The number format Excel applies to one cell, as the file's styles declare it. */
function formatOf(file: Buffer, sheetNumber: number, ref: string): string | null {
	const files = unzipSync(file);
	const sheet = strFromU8(files[`xl/worksheets/sheet${sheetNumber}.xml`]);
	const style = Number(sheet.match(new RegExp(`<c r="${ref}"[^>]*? s="(\\d+)"`))?.[1] ?? 0);
	const styles = strFromU8(files['xl/styles.xml']);
	const xf = [...styles.split('<cellXfs')[1].matchAll(/<xf ?([^>]*)>/g)][style]?.[1] ?? '';
	const id = xf.match(/numFmtId="(\d+)"/)?.[1];
	return id
		? (styles.match(new RegExp(`numFmtId="${id}" formatCode="([^"]*)"`))?.[1] ?? null)
		: null;
}

beforeEach(async () => {
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-export-'));
	store = new SqliteStore(join(directory, 'store.sqlite'));
	sessions = new Sessions({ store, findLesson: () => lesson, retentionDays: 30 });
	moderation = new Moderation({ store, sessions, filter: new ResponseFilter() });
	session = ok(await sessions.start('alle-blokken')).session;
	pupils.length = 0;
	for (let index = 0; index < 5; index += 1) {
		const { pupilToken } = ok(await sessions.join(session.joinCode));
		pupils.push(ok(await sessions.asPupil(session.id, pupilToken)).pupilKey);
	}
});
afterEach(async () => {
	await store.close();
	rmSync(directory, { recursive: true, force: true });
});

describe('the lesson workbook', () => {
	it('has an overview and one uniquely named sheet per block, in lesson order', async () => {
		const { names, sheet } = await readBack();
		const blocks = exportableBlocks(sessions, session);
		expect(names).toHaveLength(blocks.length + 1);
		expect(names[0]).toBe('Overzicht');
		expect(names[names.length - 1]).toBe(`${blocks.length}. Exit ticket`);
		expect(new Set(names).size).toBe(names.length);
		for (const name of names) expect(name.length).toBeLessThanOrEqual(31);
		const overview = sheet('Overzicht');
		expect(overview[0]).toEqual(['Les', 'Alle blokken']);
		expect(overview[3]).toEqual(['Tabblad', 'Vraag', 'Antwoorden', 'Pas']);
		expect(overview.slice(4).map((row) => row[0])).toEqual(names.slice(1));
	});

	it('gives totals for a poll as numbers, with percentages formatted as such', async () => {
		session = ok(await sessions.openBlock(session.id, 'bronnen'));
		const choices = [[0], [0, 1], [2], [0]];
		for (const [index, options] of choices.entries())
			ok(await sessions.answer(session.id, pupils[index], 'bronnen', { kind: 'choice', options }));
		ok(await sessions.answer(session.id, pupils[4], 'bronnen', { kind: 'pass' }));
		const { file, sheet } = await readBack();
		expect(sheet('3. poll')).toEqual([
			['poll'],
			['Waar haal je nieuws vandaan?'],
			[],
			['Antwoord', 'Aantal', 'Percentage'],
			['Sociale media', 3, 0.75],
			['Televisie', 1, 0.25],
			['Vrienden', 1, 0.25],
			['pas', 1]
		]);
		expect(formatOf(file, 4, 'C5')).toBe('0%');
		expect(formatOf(file, 4, 'B5')).toBeNull();
	});

	it('withholds the distribution of fewer answers than the minimum', async () => {
		session = ok(await sessions.openBlock(session.id, 'voor'));
		ok(
			await sessions.answer(session.id, pupils[0], 'voor', {
				kind: 'scale',
				value: 5,
				reason: 'geheim'
			})
		);
		const rows = (await readBack()).sheet('4. stelling');
		expect(rows.slice(3)).toEqual([
			['Antwoord', 'Aantal'],
			['te weinig antwoorden (minimaal 5)', 1]
		]);
		expect(JSON.stringify(rows)).not.toContain('geheim');
	});

	it('groups a stelling’s approved reasons by position and leaves out the rest', async () => {
		session = ok(await sessions.openBlock(session.id, 'voor'));
		const values = [4, 1, 4, 0, 2];
		const reasons = [
			'Vrijheid telt',
			'Woorden doen pijn',
			'Iedereen een stem',
			'Weet ik niet',
			'nog niet bekeken'
		];
		const stelling = exportableBlocks(sessions, session).find((block) => block.id === 'voor')!;
		for (const [index, key] of pupils.entries()) {
			ok(
				await sessions.answer(session.id, key, 'voor', {
					kind: 'scale',
					value: values[index],
					reason: reasons[index]
				})
			);
			// As the transport does: the reason joins the teacher's queue, tagged with its position.
			await moderation.submitReason(session, key, stelling, values[index], reasons[index]);
		}
		const queued = await moderation.queue(session, 'voor');
		for (const text of ['Iedereen een stem', 'Woorden doen pijn', 'Vrijheid telt'])
			ok(await moderation.approve(session, queued.find((response) => response.text === text)!.id));
		ok(
			await moderation.hide(
				session,
				queued.find((response) => response.text === 'Weet ik niet')!.id
			)
		);
		const rows = (await readBack()).sheet('4. stelling');
		expect(rows.slice(3, 11).map((row) => row.slice(0, 3))).toEqual([
			['Antwoord', 'Aantal', 'Percentage'],
			['weet niet', 1, 0.2],
			['helemaal oneens', 1, 0.2],
			['oneens', 1, 0.2],
			['neutraal', 0, 0],
			['eens', 2, 0.4],
			['helemaal eens', 0, 0],
			['pas', 0]
		]);
		expect(rows.slice(12).map((row) => row.slice(0, 2))).toEqual([
			['Goedgekeurde redenen per positie'],
			['Positie', 'Reden'],
			['helemaal oneens', 'Woorden doen pijn'],
			['eens', 'Vrijheid telt'],
			['eens', 'Iedereen een stem']
		]);
		const text = JSON.stringify(rows);
		expect(text).not.toContain('Weet ik niet');
		expect(text).not.toContain('nog niet bekeken');
	});

	it('names the poles of the position line', async () => {
		session = ok(await sessions.openBlock(session.id, 'vertrouwen'));
		for (const [index, key] of pupils.entries())
			ok(
				await sessions.answer(session.id, key, 'vertrouwen', {
					kind: 'position',
					value: index * 25
				})
			);
		const rows = (await readBack()).sheet('5. Positielijn');
		expect(rows[4].slice(0, 3)).toEqual(['0-9 (Geen)', 1, 0.2]);
		expect(rows[13].slice(0, 3)).toEqual(['90-100 (Veel)', 1, 0.2]);
		expect(rows.at(-1)?.slice(0, 2)).toEqual(['Middelste positie', 50]);
	});

	it('shows the shift between the stelling before and after', async () => {
		session = ok(await sessions.openBlock(session.id, 'voor'));
		for (const [index, key] of pupils.entries())
			ok(
				await sessions.answer(session.id, key, 'voor', { kind: 'scale', value: index < 4 ? 2 : 4 })
			);
		session = ok(await sessions.openBlock(session.id, 'na'));
		for (const [index, key] of pupils.entries())
			ok(await sessions.answer(session.id, key, 'na', { kind: 'scale', value: index < 1 ? 2 : 4 }));
		const { names, sheet } = await readBack();
		const rows = sheet(names.find((name) => name.startsWith('12.'))!);
		expect(rows[3]).toEqual([
			'Antwoord',
			'Eerst: Aantal',
			'Eerst: Percentage',
			'Nu: Aantal',
			'Nu: Percentage',
			'Verschuiving'
		]);
		expect(rows[6]).toEqual(['oneens', 4, 0.8, 1, 0.2, expect.closeTo(-0.6)]);
		expect(rows[8]).toEqual(['eens', 1, 0.2, 4, 0.8, expect.closeTo(0.6)]);
	});

	it('lists approved written responses only, as text that no spreadsheet runs', async () => {
		session = ok(await sessions.openBlock(session.id, 'waarom'));
		const shown = await write(0, 'waarom', 'Omdat we elkaar niet kennen');
		const formula = await write(1, 'waarom', '=HYPERLINK("https://example.org","klik")');
		const hidden = await write(3, 'waarom', 'verborgen tekst');
		await write(4, 'waarom', 'nog niet bekeken');
		for (const response of [shown, formula]) ok(await moderation.approve(session, response.id));
		ok(await moderation.hide(session, hidden.id));
		const { file, sheet } = await readBack();
		expect(sheet('8. open').slice(3)).toEqual([
			['Reactie', 'Herkend'],
			['Omdat we elkaar niet kennen', 0],
			[`'=HYPERLINK("https://example.org","klik")`, 0]
		]);
		const xml = Object.entries(unzipSync(file))
			.filter(([path]) => path.endsWith('.xml'))
			.map(([, content]) => strFromU8(content))
			.join('');
		expect(xml).not.toMatch(/<f>/);
	});

	it('gives every exit-ticket answer as received, never waiting, with the filter’s flags; the overview names its questions', async () => {
		session = ok(await sessions.openBlock(session.id, 'afsluiting'));
		await write(0, 'afsluiting', 'Dat je mag passen', 0);
		const threat = await write(1, 'afsluiting', 'Ik maak je af', 0);
		await write(2, 'afsluiting', 'Bel me op 06-12345678', 1);
		const withdrawn = await write(3, 'afsluiting', 'Toch maar niet', 1);
		ok(await moderation.withdraw(session, pupils[3], withdrawn.id));
		ok(await moderation.hide(session, threat.id));
		const rows = (await readBack()).sheet('13. Exit ticket');
		expect(rows.slice(3)).toEqual([
			['Vraag', 'Reactie', 'Status', 'Markering'],
			['Wat neem je mee?', 'Dat je mag passen', 'ontvangen'],
			['Wat neem je mee?', 'Ik maak je af', 'verborgen', 'threat'],
			['Wat wil je nog weten?', 'Bel me op 06-12345678', 'ontvangen', 'phone']
		]);
		const overview = (await readBack()).sheet('Overzicht');
		expect(overview.at(-1)).toEqual([
			'13. Exit ticket',
			'Wat neem je mee? · Wat wil je nog weten?',
			3
		]);
	});

	it('holds no pupil key, response id or token anywhere', async () => {
		session = ok(await sessions.openBlock(session.id, 'afsluiting'));
		const answers = [
			await write(0, 'afsluiting', 'Een', 0),
			await write(1, 'afsluiting', 'Twee', 1)
		];
		const xml = Object.values(unzipSync((await readBack()).file))
			.map((content) => strFromU8(content))
			.join('');
		for (const secret of [
			...pupils,
			...answers.map((answer) => answer.id),
			session.id,
			session.joinCode
		])
			expect(xml).not.toContain(secret);
	});
});

describe('workbook cells', () => {
	it('escapes every text a spreadsheet would read as a formula', async () => {
		for (const start of ['=', '+', '-', '@', '\t', '\r'])
			expect(neutraliseFormula(`${start}1+1`)).toBe(`'${start}1+1`);
		expect(neutraliseFormula('gewoon')).toBe('gewoon');
	});

	it('names sheets within Excel’s 31 characters, without forbidden signs, never twice', async () => {
		const taken = new Set<string>();
		const long = 'Een heel erg lange naam voor een blok: [deel] 1/2?';
		const first = sheetName(long, taken);
		const second = sheetName(long, taken);
		expect(first).toBe('Een heel erg lange naam voor ee');
		expect(second).toBe('Een heel erg lange naam voo (2)');
		for (const name of [first, second]) expect(name).not.toMatch(/[:\\/?*[\]]/);
		expect(sheetName("'''", taken)).toBe('Blad');
		expect(sheetName('blad', taken)).toBe('blad (2)');
	});
});

describe('a stelling compared with an earlier lesson of the programme', () => {
	const programme = ['plein-voor', 'plein-na'].map(
		(slug) =>
			parseLesson(
				readFileSync(new URL(`../../fixtures/programme/${slug}.md`, import.meta.url), 'utf8'),
				slug
			).lesson as Lesson
	);

	/** The class answers in the preparation (ended), then in the follow-up; its workbook. */
	async function followUpWorkbook(before: number[], after: number[]) {
		sessions = new Sessions({
			store,
			findLesson: (slug) => programme.find((each) => each.slug === slug),
			retentionDays: 30
		});
		moderation = new Moderation({ store, sessions, filter: new ResponseFilter() });
		await store.teachers.ensureTeacher('docent-a', Date.now());
		const run = async (slug: string, blockId: string, values: number[]) => {
			let started = ok(
				await sessions.start(slug, { teacherKey: 'docent-a', classId: '3b' })
			).session;
			started = ok(await sessions.openBlock(started.id, blockId));
			for (const value of values) {
				const { pupilToken } = ok(await sessions.join(started.joinCode));
				const { pupilKey } = ok(await sessions.asPupil(started.id, pupilToken));
				ok(await sessions.answer(started.id, pupilKey, blockId, { kind: 'scale', value }));
			}
			return started;
		};
		ok(await sessions.end((await run('plein-voor', 'plein', before)).id));
		await new Promise((resolve) => setTimeout(resolve, 5));
		session = await run('plein-na', 'plein-na', after);
		return readBack();
	}

	it('holds the class’s earlier result beside today’s, named by when it was, with the shift', async () => {
		const { sheet } = await followUpWorkbook([1, 2, 2, 4, 5], [4, 4, 5, 5, 5]);
		expect(sheet('1. stelling').slice(3)).toEqual([
			[
				'Antwoord',
				'Voor de voorstelling, 12 maart: Aantal',
				'Voor de voorstelling, 12 maart: Percentage',
				'Nu: Aantal',
				'Nu: Percentage',
				'Verschuiving'
			],
			['weet niet', 0, 0, 0, 0, 0],
			['helemaal oneens', 1, 0.2, 0, 0, -0.2],
			['oneens', 2, 0.4, 0, 0, -0.4],
			['neutraal', 0, 0, 0, 0, 0],
			['eens', 1, 0.2, 2, 0.4, 0.2],
			['helemaal eens', 1, 0.2, 3, 0.6, expect.closeTo(0.4)],
			['pas', 0, null, 0]
		]);
	});

	it('says the earlier result had too few answers, and shows none of it', async () => {
		const { sheet } = await followUpWorkbook([1, 2], [4, 4, 5, 5, 5]);
		const rows = sheet('1. stelling').slice(3);
		expect(rows[0]).toEqual(['Antwoord', 'Aantal', 'Percentage']);
		expect(rows.at(-1)).toEqual([
			'Voor de voorstelling, 12 maart',
			'te weinig antwoorden (minimaal 5)',
			2
		]);
	});
});

describe('the workbook of the dialogue methods', () => {
	it('counts who agreed to the rules and how many groups talked, never who', async () => {
		const methods = new Sessions({ store, findLesson: () => methodsLesson, retentionDays: 30 });
		const moderated = new Moderation({ store, sessions: methods, filter: new ResponseFilter() });
		const started = ok(await methods.start('gespreksvormen')).session;
		const keys: string[] = [];
		for (let index = 0; index < 5; index += 1) {
			const { pupilToken } = ok(await methods.join(started.joinCode));
			keys.push(ok(await methods.asPupil(started.id, pupilToken)).pupilKey);
		}
		ok(await methods.openBlock(started.id, 'regels'));
		for (const key of keys.slice(0, 3))
			ok(await methods.answer(started.id, key, 'regels', { kind: 'agree' }));
		const open = (await methods.getSession(started.id))!;
		const suggestion = ok(
			await moderated.submit(open, keys[4], {
				blockId: 'regels',
				text: 'We lachen niemand uit.',
				clientId: 'c-rule'
			})
		);
		ok(await moderated.approve(open, suggestion.id));
		ok(await methods.openBlock(started.id, 'mening'));
		for (const [index, key] of keys.entries())
			ok(await methods.answer(started.id, key, 'mening', { kind: 'scale', value: index + 1 }));
		ok(await methods.openBlock(started.id, 'praten'));
		ok(await methods.makePairs(started.id, 'praten'));
		const ended = ok(await methods.end(started.id));

		const file = await workbookXlsx(await lessonWorkbook(methods, moderated, ended, labels));
		const sheets = await readExcelFile(file);
		const rowsOf = (type: string) =>
			sheets
				.find((sheet) => sheet.sheet.includes(type))!
				.data.map((row) => row.filter((cell) => cell !== null));
		expect(rowsOf('gespreksregels')).toEqual(
			expect.arrayContaining([
				['Doet mee met de afspraken', 3],
				['Voorstellen van de klas'],
				['We lachen niemand uit.']
			])
		);
		expect(rowsOf('tweegesprek')).toEqual(
			expect.arrayContaining([
				['Groepjes', 2],
				['Leerlingen in een groepje', 5]
			])
		);
		const everything = JSON.stringify(sheets);
		for (const key of keys) expect(everything).not.toContain(key);
	});
});
