import { describe, expect, it } from 'vitest';
import { loadContentPage, renderContentPage } from '../../../src/lib/server/content.ts';

describe('content pages', () => {
	it('gives level-two headings an id and lists them for the table of contents', () => {
		const page = renderContentPage(
			'Intro\n\n## Begrenzen en uitnodigen\n\nTekst.\n\n## De stille middengroep\n'
		);
		expect(page.headings).toEqual([
			{ id: 'begrenzen-en-uitnodigen', text: 'Begrenzen en uitnodigen' },
			{ id: 'de-stille-middengroep', text: 'De stille middengroep' }
		]);
		expect(page.html).toContain('<h2 id="begrenzen-en-uitnodigen">Begrenzen en uitnodigen</h2>');
	});

	it('renders content inert', () => {
		const page = renderContentPage(
			'<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>'
		);
		expect(page.html).not.toMatch(/<script|javascript:|onerror/);
	});

	it.each(['nl', 'en'])('ships the %s guide with the signalling section last', (language) => {
		const guide = loadContentPage('guide', language);
		expect(guide.headings.length).toBeGreaterThanOrEqual(8);
		expect(guide.html).not.toMatch(/@[a-z0-9-]+\.[a-z]{2,}/i);
	});

	it.each(['nl', 'en'])('ships the %s accessibility statement', (language) => {
		expect(loadContentPage('accessibility', language).html).toMatch(/WCAG 2\.1/);
	});
});
