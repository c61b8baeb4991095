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
		expect(result.stdout).toContain('1 les gecontroleerd: alles in orde.');
	});

	it('counts lessons and problems with the right plural, in Dutch and English', () => {
		writeFileSync(join(directory, 'goed.md'), lessonWithBody('## Stap\nTekst.\n'));
		writeFileSync(join(directory, 'ook-goed.md'), lessonWithBody('## Stap\nTekst.\n'));
		expect(check().stdout).toContain('2 lessen gecontroleerd: alles in orde.');
		expect(check('en').stdout).toContain('2 lessons checked: all fine.');
		writeFileSync(
			join(directory, 'kapot.md'),
			lessonWithBody('## Stap\n:::stelling\nTekst.\n:::\n:::poll {#b}\nVraag\n:::\n')
		);
		expect(check().stderr).toContain('2 problemen in 1 van de 3 lessen.');
		expect(check('en').stderr).toContain('2 problems in 1 of 3 lessons.');
	}, 20_000); // four runs of the script, on a machine that may be busy

	it('says 1 problem, not 1 problems', () => {
		writeFileSync(join(directory, 'kapot.md'), '## Geen frontmatter\n');
		expect(check('en').stderr).toContain('1 problem in 1 lesson.');
		expect(check().stderr).toContain('1 probleem in 1 les.');
	});

	it("accepts the deployment's own themes from LESSON_THEMES", () => {
		writeFileSync(
			join(directory, 'nepnieuws.md'),
			lessonWithBody('## Stap\nTekst.\n').replace('themes: [polarisatie]', 'themes: [nepnieuws]')
		);
		expect(check().status).toBe(1);
		const run = spawnSync(process.execPath, ['scripts/lessons-check.ts', directory], {
			cwd: root,
			encoding: 'utf8',
			env: { ...process.env, KLASGESPREK_LANGUAGE: 'nl', LESSON_THEMES: 'nepnieuws, mediawijsheid' }
		});
		expect(run.status, run.stderr).toBe(0);
	});

	it('prints minutes that do not add up as warnings, and still exits 0', () => {
		writeFileSync(
			join(directory, 'te-lang.md'),
			lessonWithBody('## Stap\n\nTekst.\n\n:::docent\n**Tijd: 55 minuten.**\n:::\n')
		);
		const result = check();
		expect(result.status).toBe(0);
		const file = relative(root, join(directory, 'te-lang.md'));
		expect(result.stderr).toContain(
			`${file}:7: waarschuwing: De tijden van de fasen ('Tijd: … minuten') tellen op tot 55 minuten, maar de les duurt 50 minuten (duration).`
		);
		expect(result.stderr).toContain('1 waarschuwing in 1 les.');
		expect(check('en').stderr).toContain('1 warning in 1 lesson.');
	}, 20_000);

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
		expect(result.stderr).toContain('1 probleem in 1 les.');
	});

	it('speaks English when the deployment language is English', () => {
		writeFileSync(join(directory, 'kapot.md'), '## Geen frontmatter\n');
		const result = check('en');
		expect(result.status).toBe(1);
		expect(result.stderr).toContain(':1: The file does not start with frontmatter.');
	});
});
