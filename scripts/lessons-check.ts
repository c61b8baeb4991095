// `npm run lessons:check [folder]`: validates every lesson and prints each problem as
// `file:line: message`. Exits 1 when any lesson has a problem. Warnings (minutes that do not add
// up) are printed as `file:line: waarschuwing: message` and do not change the exit code.

import { resolve } from 'node:path';
import { formatProblem, formatWarning } from '../src/lib/lessons/problem-messages.ts';
import { readThemeList } from '../src/lib/server/config.ts';
import { loadLessonLibrary } from '../src/lib/server/library.ts';
import * as m from '../src/lib/paraglide/messages.js';

const directory = resolve(process.argv[2] ?? process.env.LESSONS_DIR ?? 'lessons');
const locale =
	(process.env.KLASGESPREK_LANGUAGE ?? process.env.DEFAULT_LANGUAGE) === 'en' ? 'en' : 'nl';

// The deployment's own themes count here as they do on its server.
const extraThemes = readThemeList(process.env.LESSON_THEMES ?? '');
const library = loadLessonLibrary(directory, process.cwd(), { extraThemes });
for (const problem of library.problems) console.error(formatProblem(problem.file, problem, locale));
for (const warning of library.warnings) console.warn(formatWarning(warning.file, warning, locale));

const filesWithProblems = new Set(library.problems.map((problem) => problem.file)).size;
if (library.problems.length > 0) {
	console.error(
		m.check_failed(
			{
				problems: m.check_problems({ count: library.problems.length }, { locale }),
				files: filesWithProblems,
				count: library.fileCount
			},
			{ locale }
		)
	);
	process.exitCode = 1;
} else {
	console.log(m.check_ok({ count: library.fileCount }, { locale }));
}

if (library.warnings.length > 0) {
	console.warn(
		m.check_warnings(
			{
				warnings: m.check_warning_count({ count: library.warnings.length }, { locale }),
				files: new Set(library.warnings.map((warning) => warning.file)).size,
				count: library.fileCount
			},
			{ locale }
		)
	);
}
