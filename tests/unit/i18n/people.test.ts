import { describe, expect, it } from 'vitest';
import { peopleOf } from '../../../src/lib/i18n/people.ts';

describe('whom the board and the console name', () => {
	it('names parents at a parents’ evening', () => {
		expect(peopleOf(['ouders'])).toBe('parents');
	});

	it('names pupils when a lesson is for pupils too, even with parents among its audience', () => {
		expect(peopleOf(['ouders', 'vo-onderbouw'])).toBe('pupils');
		expect(peopleOf(['mbo'])).toBe('pupils');
	});

	it('keeps the pupils’ words in a training, where teachers try out what pupils see', () => {
		expect(peopleOf(['professionals'])).toBe('pupils');
		expect(peopleOf(['ouders', 'professionals'])).toBe('parents');
	});
});
