import { devices, expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { controlsOf, nextStep, startLesson } from './host';

// What a screen reader hears: the host's pupil count, the stelling's named button group, and
// answers that do not run into one another.

test.setTimeout(120_000);

test('a screen reader hears the pupil count, the stelling’s question and every answer apart', async ({
	browser
}) => {
	const host = await (await browser.newContext()).newPage();
	const code = await startLesson(host);
	const facts = host.locator('.facts');
	await expect(facts.locator('dt').nth(1)).toHaveText('Leerlingen in de les');
	await expect(facts.locator('dd').nth(1)).toHaveText('0 leerlingen');

	const pupil = await (await browser.newContext({ ...devices['Pixel 7'] })).newPage();
	await pupil.goto(`/j/${code}`);
	await expect(pupil.getByRole('heading', { name: /Kijk naar het bord/ })).toBeVisible();
	await expect(facts.locator('dd').nth(1)).toHaveText('1 leerling');
	await expect(facts.locator('dt').nth(1)).toHaveText('Leerlingen in de les');

	await nextStep(host);
	await controlsOf(host, 'stelling-voor')
		.getByRole('button', { name: 'Open voor leerlingen' })
		.click();
	// The question has replaced the waiting screen before its heading is read.
	await expect(pupil.getByRole('heading', { name: /Kijk naar het bord/ })).toBeHidden();
	const prompt = pupil.getByRole('heading', { level: 1 });
	await expect(prompt).toBeVisible();
	const group = pupil.getByRole('group', { name: (await prompt.textContent())!.trim() });
	await expect(group).toBeVisible();
	await expect(group.getByRole('button', { name: 'Weet niet' })).toBeVisible();
	await expect(pupil.getByRole('button', { name: 'Pas' })).toBeVisible();
	const answerText = await pupil.locator('.answer').textContent();
	expect(answerText).toMatch(/Weet niet\s+Pas/);
	await expectNoAxeViolations(pupil);
	await expectNoAxeViolations(host);
});
