// Every error code of the realtime contract reads as its own calm sentence, in Dutch and English.

import { describe, expect, it } from 'vitest';
import { errorMessages } from '../../../src/lib/i18n/errors.ts';
import * as m from '../../../src/lib/paraglide/messages.js';
import { errorCodes } from '../../../src/lib/protocol.ts';

const locales = ['nl', 'en'] as const;
const sentence = (code: (typeof errorCodes)[number], locale: (typeof locales)[number]) =>
	errorMessages[code]?.({}, { locale });

describe('error sentences', () => {
	it.each(errorCodes)('gives %s its own sentence in Dutch and in English', (code) => {
		for (const locale of locales) {
			const text = sentence(code, locale);
			expect(text, `${code} (${locale})`).toMatch(/^\p{Lu}.+[.!?]$/u);
			expect(text).not.toBe(m.error_generic({}, { locale }));
		}
		expect(sentence(code, 'en')).not.toBe(sentence(code, 'nl'));
	});

	it.each(locales)('never gives two codes the same sentence (%s)', (locale) => {
		const sentences = errorCodes.map((code) => sentence(code, locale));
		expect(new Set(sentences).size).toBe(errorCodes.length);
	});
});
