// The library's index: a small summary per lesson, and the filters and word search over it.
// Pure functions over plain data, so the same code serves hundreds of lessons in microseconds.
// How lessons group into programmes is programmes.ts's.

import type { Lesson } from './model.ts';
import {
	audiences,
	isOneOf,
	lessonKinds,
	themes,
	type Audience,
	type BlockType,
	type Language,
	type LessonKind,
	type Sensitivity,
	type TheatrePhase
} from './vocabulary.ts';

export interface LessonSummary {
	slug: string;
	title: string;
	summary: string;
	kind: LessonKind;
	performance: string | null;
	phase: TheatrePhase | null;
	series: string | null;
	part: number | null;
	themes: string[];
	audience: Audience[];
	duration: number;
	language: Language;
	sensitivity: Sensitivity;
	stepCount: number;
	blockTypes: BlockType[];
	/** Lower-case text without accents, for word search. */
	searchText: string;
}

export function normaliseForSearch(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase();
}

export function summariseLesson(lesson: Lesson): LessonSummary {
	const { meta } = lesson;
	const blockTypes = new Set<BlockType>();
	for (const step of lesson.steps) {
		for (const part of step.board) if (part.kind === 'block') blockTypes.add(part.block.type);
	}
	const searchable = [
		meta.title,
		meta.summary,
		meta.performance ?? '',
		meta.series ?? '',
		...meta.goals,
		...meta.themes,
		...meta.authors,
		...lesson.steps.map((step) => step.title)
	];
	return {
		slug: lesson.slug,
		title: meta.title,
		summary: meta.summary,
		kind: meta.kind,
		performance: meta.performance,
		phase: meta.phase,
		series: meta.series,
		part: meta.part,
		themes: meta.themes,
		audience: meta.audience,
		duration: meta.duration,
		language: meta.language,
		sensitivity: meta.sensitivity,
		stepCount: lesson.steps.length,
		blockTypes: [...blockTypes],
		searchText: normaliseForSearch(searchable.join(' \n '))
	};
}

export const durationLimits = [30, 50, 90] as const;

export interface CatalogueQuery {
	words: string;
	themes: string[];
	audiences: Audience[];
	kind: LessonKind | null;
	maxDuration: number | null;
}

export const emptyQuery: CatalogueQuery = { words: '', themes: [], audiences: [], kind: null, maxDuration: null };

/**
 * Reads the library's URL (`?q=…&thema=…&doelgroep=…&soort=…&duur=…`); unknown values are
 * dropped. `knownThemes` are the format's themes plus the deployment's own.
 */
export function readCatalogueQuery(params: URLSearchParams, knownThemes: readonly string[] = themes): CatalogueQuery {
	const duration = Number(params.get('duur'));
	const kind = params.get('soort');
	return {
		words: (params.get('q') ?? '').slice(0, 200).trim(),
		themes: params.getAll('thema').filter((value) => knownThemes.includes(value)),
		audiences: params.getAll('doelgroep').filter((value) => isOneOf(audiences, value)),
		kind: isOneOf(lessonKinds, kind) ? kind : null,
		maxDuration: (durationLimits as readonly number[]).includes(duration) ? duration : null
	};
}

export function searchCatalogue(summaries: readonly LessonSummary[], query: CatalogueQuery): LessonSummary[] {
	const words = normaliseForSearch(query.words).split(/\s+/).filter(Boolean);
	return summaries.filter(
		(lesson) =>
			(query.kind === null || lesson.kind === query.kind) &&
			(query.maxDuration === null || lesson.duration <= query.maxDuration) &&
			(query.themes.length === 0 || query.themes.some((theme) => lesson.themes.includes(theme))) &&
			(query.audiences.length === 0 || query.audiences.some((audience) => lesson.audience.includes(audience))) &&
			words.every((word) => lesson.searchText.includes(word))
	);
}
