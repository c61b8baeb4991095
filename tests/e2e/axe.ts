import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** WCAG 2.1 A and AA, the Dutch public-sector norm. */
export async function expectNoAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
		.analyze();
	const summary = results.violations.map((violation) => ({
		rule: violation.id,
		impact: violation.impact,
		targets: violation.nodes.slice(0, 3).map((node) => node.target.join(' '))
	}));
	expect(summary, JSON.stringify(summary, null, 2)).toEqual([]);
}
