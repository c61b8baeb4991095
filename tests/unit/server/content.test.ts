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

	it('cuts a page at its slots, and knows how many headings come before each', () => {
		const page = renderContentPage(
			'## Een\n\nGebruik de route hieronder.\n\n<!-- slot: signalling-route -->\n\n## Twee\n\nTekst.\n'
		);
		expect(page.slots).toEqual([{ name: 'signalling-route', headingsBefore: 1 }]);
		expect(page.parts).toHaveLength(2);
		expect(page.parts[0]).toContain('Gebruik de route hieronder.');
		expect(page.parts[1]).toContain('<h2 id="twee">Twee</h2>');
		expect(page.html).not.toContain('slot');
		expect(renderContentPage('## Een\n').slots).toEqual([]);
	});

	it.each([
		['nl', 'de route van jouw gemeente hieronder'],
		['en', "your municipality's route below"]
	])('ships the %s guide with the route right where it says it follows', (language, pointer) => {
		const guide = loadContentPage('guide', language);
		expect(guide.headings.length).toBeGreaterThanOrEqual(8);
		// The route is the deployment's: the guide names no address of its own.
		expect(guide.html).not.toMatch(/@[a-z0-9-]+\.[a-z]{2,}/i);
		const slot = guide.slots.findIndex((each) => each.name === 'signalling-route');
		expect(slot).toBeGreaterThanOrEqual(0);
		// Every sentence that points down to the route is in the part just above it, with no
		// section heading between the pointer and the route.
		const before = guide.parts[slot];
		expect(before).toContain(pointer);
		expect(before.slice(before.lastIndexOf(pointer))).not.toContain('<h2');
		guide.parts.forEach((part, index) => {
			if (index !== slot) expect(part).not.toContain(pointer);
		});
	});

	it.each(['nl', 'en'])('ships the %s accessibility statement', (language) => {
		expect(loadContentPage('accessibility', language).html).toMatch(/WCAG 2\.1/);
	});
});
