import { describe, expect, it } from 'vitest';
import { loadLessonLibrary } from '../../../src/lib/server/library.ts';
import { blockTypes, forPupils } from '../../../src/lib/lessons/vocabulary.ts';
import {
	comparisonsOf,
	earlierBlockOf,
	programmesOf
} from '../../../src/lib/lessons/programmes.ts';

// The sample lessons are the product's first impression and the e2e tests' material.
const library = loadLessonLibrary(new URL('../../../lessons', import.meta.url).pathname);
const lessons = [...library.lessons.values()];

describe('the sample lessons', () => {
	it('are all valid', () => {
		expect(library.problems).toEqual([]);
		expect(library.lessons.size).toBe(library.fileCount);
	});

	const dutchClassLessons = lessons.filter(
		(lesson) =>
			lesson.meta.kind === 'lesson' &&
			lesson.meta.language === 'nl' &&
			forPupils(lesson.meta.audience)
	);
	const shortVersions = dutchClassLessons.filter((lesson) => lesson.meta.duration < 45);

	it('give every phase its minutes, and the minutes fit each lesson: lessons:check warns of nothing', () => {
		for (const lesson of lessons) {
			const timeLines = lesson.steps
				.flatMap((step) => step.teacher)
				.filter((note) => /<strong>(Tijd|Time): \d+ (minuten|minutes)/.test(note.html));
			expect(timeLines.length, lesson.slug).toBeGreaterThanOrEqual(4);
		}
		expect(library.warnings).toEqual([]);
	});

	it('say in their materials that phones are used, and that school devices or pairs work too', () => {
		for (const lesson of lessons) {
			const materials = lesson.meta.materials.join(' ');
			expect(materials, lesson.slug).toMatch(/telefoon|phone/i);
			// The 2024 agreement is for primary and secondary schools' classrooms.
			if (lesson.meta.audience.some((audience) => audience.startsWith('po') || audience.startsWith('vo')))
				expect(materials, lesson.slug).toMatch(/2024/);
			expect(materials, lesson.slug).toMatch(/laptop|tablet/i);
			expect(materials, lesson.slug).toMatch(/tweetal|met z'n tweeën|samen met een andere ouder op één apparaat|sharing one device/i);
		}
	});

	it('let no word cloud go live where a word could hurt: every cloud waits for the teacher', () => {
		for (const lesson of lessons) {
			for (const step of lesson.steps) {
				for (const part of step.board) {
					if (part.kind !== 'block' || part.block.type !== 'woordwolk') continue;
					expect(part.block.settings.direct, `${lesson.slug}#${part.block.id}`).toBe(false);
				}
			}
		}
	});

	it('include at least eight Dutch class lessons of 45 to 50 minutes', () => {
		const fullLessons = dutchClassLessons.filter((lesson) => lesson.meta.duration >= 45);
		expect(fullLessons.length).toBeGreaterThanOrEqual(8);
		for (const lesson of dutchClassLessons)
			expect(lesson.meta.duration, lesson.slug).toBeLessThanOrEqual(50);
	});

	it('make a shorter class lesson the short version of a full one, which it names and links', () => {
		// A mentor hour has 25 minutes: the library offers the short version of a lesson, never a
		// lesson that only happens to be short.
		expect(shortVersions.length).toBeGreaterThan(0);
		for (const lesson of shortVersions) {
			expect(lesson.meta.summary, lesson.slug).toMatch(/korte versie/i);
			const linked = [...lesson.introduction.matchAll(/href="\/lessons\/([a-z0-9-]+)"/g)].map(
				([, slug]) => library.lessons.get(slug)
			);
			const full = linked.find((found) => found && found.meta.duration >= 45);
			expect(full, lesson.slug).toBeDefined();
			expect(lesson.meta.summary, lesson.slug).toContain(full!.meta.title);
		}
	});

	it('include two fictional performances, each complete: preparation, post-show talk and processing lesson', () => {
		const performances = new Map<string, Set<string>>();
		for (const lesson of lessons) {
			if (lesson.meta.kind !== 'theatre-followup') continue;
			const phases = performances.get(lesson.meta.performance!) ?? new Set();
			phases.add(lesson.meta.phase ?? '');
			performances.set(lesson.meta.performance!, phases);
		}
		expect(performances.size).toBeGreaterThanOrEqual(2);
		for (const [performance, phases] of performances) {
			expect([...phases].sort(), performance).toEqual(['nagesprek', 'verwerking', 'voorbereiding']);
		}
	});

	it('bring each performance’s preparation stelling back after the performance, for the same class', () => {
		const programmes = programmesOf(library.catalogue).filter(
			(programme) => programme.kind === 'performance'
		);
		for (const programme of programmes) {
			const comparisons = comparisonsOf(programme, (slug) => library.lessons.get(slug));
			expect(comparisons.length, programme.title).toBeGreaterThan(0);
			for (const { lessonSlug, block, earlier } of comparisons) {
				const found = earlierBlockOf(library.lessons.get(lessonSlug)!, block, library.lessons);
				expect(found && 'block' in found && found.block.type, lessonSlug).toBe('stelling');
				expect(library.lessons.get(earlier.lessonSlug)?.meta.phase).toBe('voorbereiding');
			}
		}
		// The tool now brings the earlier result: no note sends the teacher to paper for it.
		for (const lesson of lessons)
			expect(JSON.stringify(lesson), lesson.slug).not.toMatch(/op papier of op het bord/);
	});

	it('include a training module for professionals, a parents’ evening and a lesson in English', () => {
		expect(lessons.some((lesson) => lesson.meta.audience.includes('professionals'))).toBe(true);
		expect(lessons.some((lesson) => lesson.meta.audience.includes('ouders'))).toBe(true);
		expect(lessons.some((lesson) => lesson.meta.language === 'en')).toBe(true);
	});

	it('use think time, a tweegesprek and ground rules the class agrees to', () => {
		const blocks = lessons.flatMap((lesson) =>
			lesson.steps.flatMap((step) =>
				step.board.flatMap((part) => (part.kind === 'block' ? [part.block] : []))
			)
		);
		expect(blocks.some((block) => block.settings.thinkSeconds > 0)).toBe(true);
		expect(blocks.some((block) => block.type === 'gespreksregels' && block.settings.agree)).toBe(
			true
		);
		expect(blocks.some((block) => block.type === 'tweegesprek' && block.settings.pairsFrom)).toBe(
			true
		);
	});

	it('use every block type', () => {
		const used = new Set<string>();
		for (const lesson of lessons) {
			for (const step of [...lesson.steps]) {
				for (const part of step.board) if (part.kind === 'block') used.add(part.block.type);
				for (const note of step.teacher) used.add(note.type);
			}
		}
		expect(blockTypes.filter((type) => !used.has(type))).toEqual([]);
	});

	it('follow the lesson phases and end with where to get help', () => {
		for (const lesson of lessons) {
			expect(lesson.steps.length, lesson.slug).toBeGreaterThanOrEqual(4);
			const blocksOfLastStep = lesson.steps.at(-1)!.board.filter((part) => part.kind === 'block');
			const endsWithReflection = blocksOfLastStep.some(
				(part) => part.kind === 'block' && part.block.type === 'exit-ticket'
			);
			if (lesson.meta.phase !== 'voorbereiding') expect(endsWithReflection, lesson.slug).toBe(true);
		}
	});

	it('tell the teacher at every exit ticket that its answers stay off the board and where to find them', () => {
		for (const lesson of lessons) {
			for (const step of lesson.steps) {
				if (!step.board.some((part) => part.kind === 'block' && part.block.type === 'exit-ticket'))
					continue;
				const notes = step.teacher.map((note) => note.html.replace(/\s+/g, ' ')).join(' ');
				const [board, summary] =
					lesson.meta.language === 'en' ? ['never go on the board', 'summary'] : ['nooit op het bord', 'samenvatting'];
				expect(notes, lesson.slug).toContain(board);
				expect(notes, lesson.slug).toContain(summary);
				expect(notes, lesson.slug).toContain('Excel');
			}
		}
	});
});
