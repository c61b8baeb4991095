import { describe, expect, it } from 'vitest';
import { promptText, shortPromptText } from '../../../src/lib/lessons/prompt-text.ts';

describe('a prompt as plain text', () => {
	it('drops tags and reads entities, on one line', () => {
		expect(promptText('<p>Wat heb <strong>jij</strong>\nnodig &amp; waarom?</p>')).toBe(
			'Wat heb jij nodig & waarom?'
		);
		expect(promptText('<p>&lt;p&gt; is geen tag, &quot;dit&quot; en &#39;dat&#39;</p>')).toBe(
			'<p> is geen tag, "dit" en \'dat\''
		);
	});

	it('shortens a long prompt at a word, with an ellipsis', () => {
		const short = shortPromptText(
			'<p>Wat heb jij nodig om in de klas eerlijk te zeggen wat je denkt?</p>',
			30
		);
		expect(short).toBe('Wat heb jij nodig om in de…');
		expect(short.length).toBeLessThanOrEqual(30);
		expect(shortPromptText('<p>Kort</p>', 30)).toBe('Kort');
	});
});
