// The pupil's phone fetches the sentences for every error code with its first error: until they
// are there the general sentence stands in, then each code reads as its own.

import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../../src/lib/i18n/errors.ts';
import { errorSentence } from '../../../src/lib/i18n/error-sentence.svelte.ts';
import * as m from '../../../src/lib/paraglide/messages.js';

describe('an error sentence on the pupil’s phone', () => {
	it('is the general one until the sentences arrived, then the code’s own', async () => {
		expect(errorSentence('unknown-code')).toBe(m.error_generic());
		await expect.poll(() => errorSentence('unknown-code')).toBe(errorMessage('unknown-code'));
		expect(errorSentence('unknown-code')).not.toBe(m.error_generic());
		expect(errorSentence('room-locked')).toBe(errorMessage('room-locked'));
	});
});
