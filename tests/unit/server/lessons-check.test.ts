import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lessonWithBody } from '../lessons/lesson-source.ts';

const root = new URL('../../../', import.meta.url).pathname;
let directory: string;

function check(language = 'nl') {
	const run = spawnSync(process.execPath, ['scripts/lessons-check.ts', directory], {
		cwd: root,
		encoding: 'utf8',
		env: { ...process.env, KLASGESPREK_LANGUAGE: language }
	});
	return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeEach(() => {
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-check-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('npm run lessons:check', () => {
	it('exits 0 and says so when every lesson is fine', () => {
		writeFileSync(join(directory, 'goed.md'), lessonWithBody('## Stap\nTekst.\n'));
		const result = check();
		expect(result.status).toBe(0);
		expect(result.stdout).toContain('1 lessen gecontroleerd: alles in orde.');
	});

	it('prints each problem as file:line: message and exits 1', () => {
		writeFileSync(
			join(directory, 'kapot.md'),
			lessonWithBody('## Stap\n\n:::vier-hoeken {#h}\nWat?\n- a\n- b\n:::\n')
		);
		const result = check();
		expect(result.status).toBe(1);
		const file = relative(root, join(directory, 'kapot.md'));
		expect(result.stderr).toContain(
			`${file}:16: Het blok 'vier-hoeken' heeft 2 opties, maar moet er 4 hebben.`
		);
		expect(result.stderr).toContain('1 fout(en) in 1 van de 1 lessen.');
	});

	it('speaks English when the deployment language is English', () => {
		writeFileSync(join(directory, 'kapot.md'), '## Geen frontmatter\n');
		const result = check('en');
		expect(result.status).toBe(1);
		expect(result.stderr).toContain(':1: The file does not start with frontmatter.');
	});
});
