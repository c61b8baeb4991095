import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BoardBlock, Lesson } from '../../../src/lib/lessons/model.ts';
import { parseLesson } from '../../../src/lib/lessons/parse.ts';
import {
	blockCsv,
	csvCell,
	exportableBlocks,
	type ExportLabels
} from '../../../src/lib/server/export.ts';
import { ResponseFilter } from '../../../src/lib/server/moderation/filter.ts';
import { Moderation } from '../../../src/lib/server/moderation/moderation.ts';
import { Sessions } from '../../../src/lib/server/sessions.ts';
import { SqliteStore } from '../../../src/lib/server/store/sqlite.ts';
import type { SessionRecord } from '../../../src/lib/server/store/store.ts';

const lesson = parseLesson(
	readFileSync(new URL('../../fixtures/lessons/alle-blokken.md', import.meta.url), 'utf8'),
	'alle-blokken'
).lesson as Lesson;

const labels: ExportLabels = {
	answerLabels: (block: BoardBlock) =>
		block.type === 'stelling'
			? ['weet niet', '1', '2', '3', '4', '5']
			: block.options.map((option) => option.text),
	header: {
		answer: 'antwoord',
		count: 'aantal',
		percentage: 'procent',
		response: 'reactie',
		votes: 'herkend',
		question: 'vraag'
	},
	pass: 'pas',
	tooFew: (minimum) => `te weinig antwoorden (minimaal ${minimum})`
};

let directory: string;
let store: SqliteStore;
let sessions: Sessions;
let moderation: Moderation;
let session: SessionRecord;
const pupils: string[] = [];

function ok<T>(outcome: { ok: true; value: T } | { ok: false; error: string }): T {
	if (!outcome.ok) throw new Error(outcome.error);
	return outcome.value;
}

function block(id: string): BoardBlock {
	return exportableBlocks(sessions, session).find((candidate) => candidate.id === id)!;
}

beforeEach(() => {
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-export-'));
	store = new SqliteStore(join(directory, 'store.sqlite'));
	sessions = new Sessions({ store, findLesson: () => lesson, retentionDays: 30 });
	moderation = new Moderation({ store, sessions, filter: new ResponseFilter() });
	session = ok(sessions.start('alle-blokken')).session;
	pupils.length = 0;
	for (let index = 0; index < 5; index += 1) {
		const { pupilToken } = ok(sessions.join(session.joinCode));
		pupils.push(ok(sessions.asPupil(session.id, pupilToken)).pupilKey);
	}
});
afterEach(() => {
	store.close();
	rmSync(directory, { recursive: true, force: true });
});

describe('exporting a session', () => {
	it('gives totals for a poll, with passes, and no identifiers', async () => {
		session = ok(sessions.openBlock(session, 'bronnen'));
		const choices = [[0], [0, 1], [2], [0]];
		for (const [index, options] of choices.entries())
			ok(await sessions.answer(session, pupils[index], 'bronnen', { kind: 'choice', options }));
		ok(await sessions.answer(session, pupils[4], 'bronnen', { kind: 'pass' }));
		const csv = blockCsv(sessions, moderation, session, block('bronnen'), labels);
		expect(csv).toBe(
			[
				'antwoord,aantal,procent',
				'Sociale media,3,75',
				'Televisie,1,25',
				'Vrienden,1,25',
				'pas,1,',
				''
			].join('\r\n')
		);
		for (const key of pupils) expect(csv).not.toContain(key);
	});

	it('withholds the distribution of fewer answers than the minimum', async () => {
		session = ok(sessions.openBlock(session, 'voor'));
		ok(
			await sessions.answer(session, pupils[0], 'voor', {
				kind: 'scale',
				value: 5,
				reason: 'geheim'
			})
		);
		expect(blockCsv(sessions, moderation, session, block('voor'), labels)).toBe(
			['antwoord,aantal', 'te weinig antwoorden (minimaal 5),1', ''].join('\r\n')
		);
	});

	it('gives a stelling’s totals but never the reasons', async () => {
		session = ok(sessions.openBlock(session, 'voor'));
		for (const [index, key] of pupils.entries())
			ok(
				await sessions.answer(session, key, 'voor', {
					kind: 'scale',
					value: index % 2 ? 4 : 0,
					reason: 'mijn reden'
				})
			);
		const csv = blockCsv(sessions, moderation, session, block('voor'), labels);
		expect(csv).toBe(
			[
				'antwoord,aantal,procent',
				'weet niet,3,60',
				'1,0,0',
				'2,0,0',
				'3,0,0',
				'4,2,40',
				'5,0,0',
				'pas,0,',
				''
			].join('\r\n')
		);
		expect(csv).not.toContain('mijn reden');
	});

	it('lists approved responses only, as plain text that no spreadsheet runs', () => {
		session = ok(sessions.openBlock(session, 'waarom'));
		const write = (index: number, text: string) =>
			ok(
				moderation.submit(session, pupils[index], {
					blockId: 'waarom',
					text,
					clientId: `c${index}`
				})
			);
		const shown = write(0, 'Omdat we elkaar niet kennen');
		const formula = write(1, '=HYPERLINK("https://example.org","klik")');
		const quoted = write(2, 'Hij zei: "wij, zij", snap je');
		const hidden = write(3, 'verborgen tekst');
		write(4, 'nog niet bekeken');
		for (const response of [shown, formula, quoted]) ok(moderation.approve(session, response.id));
		ok(moderation.hide(session, hidden.id));
		expect(blockCsv(sessions, moderation, session, block('waarom'), labels)).toBe(
			[
				'reactie,herkend',
				'Omdat we elkaar niet kennen,0',
				`"'=HYPERLINK(""https://example.org"",""klik"")",0`,
				'"Hij zei: ""wij, zij"", snap je",0',
				''
			].join('\r\n')
		);
	});

	it('escapes every cell that a spreadsheet would read as a formula', () => {
		for (const start of ['=', '+', '-', '@']) expect(csvCell(`${start}1+1`)).toBe(`'${start}1+1`);
		expect(csvCell('gewoon')).toBe('gewoon');
		expect(csvCell(12)).toBe('12');
	});
});
