// How the board and the console name a class's earlier result from another lesson of the
// programme: by where that lesson sits ('Voor de voorstelling', 'Deel 2') and its date, so the
// class reads at once what 'before' means. Small on purpose: the board loads it.

import type { EarlierRun } from '$lib/lessons/results';
import * as m from '$lib/paraglide/messages.js';
import { formatDay } from './dates.ts';

/** 'Voor de voorstelling', 'Na de voorstelling', 'Deel 2', or the lesson's title. */
export function earlierRunName(from: EarlierRun): string {
	switch (from.phase) {
		case 'voorbereiding':
			return m.earlier_before_performance();
		case 'nagesprek':
			return m.earlier_after_performance();
		case 'verwerking':
			return m.earlier_processing();
		default:
			return from.part !== null ? m.earlier_part({ part: from.part }) : from.lessonTitle;
	}
}

/** 'Voor de voorstelling, 12 maart'. */
export function earlierRunLabel(from: EarlierRun, locale: string, now = Date.now()): string {
	return m.earlier_dated({ name: earlierRunName(from), date: formatDay(from.ranAt, locale, now) });
}
