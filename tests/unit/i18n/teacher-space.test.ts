// Every way signing in can fail, and every reason a lesson cannot be added, reads as its own
// calm sentence in Dutch and English.

import { describe, expect, it } from 'vitest';
import {
	addLessonErrorMessages,
	signInProblemMessages
} from '../../../src/lib/i18n/teacher-space.ts';
import { addLessonErrors, signInProblems } from '../../../src/lib/teacher-space.ts';

const locales = ['nl', 'en'] as const;

describe.each([
	['sign-in problems', signInProblems, signInProblemMessages],
	['reasons a lesson cannot be added', addLessonErrors, addLessonErrorMessages]
] as const)('%s', (_, codes, messages) => {
	it('each have their own sentence in Dutch and English', () => {
		for (const locale of locales) {
			const sentences = codes.map((code) =>
				(messages as Record<string, (i: object, o: object) => string>)[code]({}, { locale })
			);
			for (const sentence of sentences) expect(sentence).toMatch(/^\p{Lu}.+[.!?]$/u);
			expect(new Set(sentences).size).toBe(codes.length);
		}
	});
});
