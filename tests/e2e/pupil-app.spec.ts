import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { expectNoAxeViolations } from './axe';
import { controlsOf, nextStep, queueOf, startLesson } from './host';

// The pupil page is an app on a small, cheap phone: no site menu, the lesson's name, 'Je doet
// mee', and after every tap the fate of that answer is on the screen without scrolling. Steps
// through every block type of the demo lesson at 360×640, with axe on every state.

test.setTimeout(240_000);

const small = { width: 360, height: 640 };
const shots = '/tmp/pupil-shots';

const block = controlsOf;

async function open(host: Page, id: string) {
	await block(host, id).getByRole('button', { name: 'Open voor leerlingen' }).click();
	await expect(block(host, id)).toHaveClass(/open/);
}

/** The element lies wholly inside the 360×640 screen, as it is scrolled now. */
async function expectOnScreen(element: Locator) {
	await expect(element).toBeVisible();
	const box = (await element.boundingBox())!;
	expect(box.x).toBeGreaterThanOrEqual(0);
	expect(box.y).toBeGreaterThanOrEqual(0);
	expect(box.x + box.width).toBeLessThanOrEqual(small.width);
	expect(box.y + box.height).toBeLessThanOrEqual(small.height);
}

/** After a tap: the answer's fate says `text`, in view, and the page passes axe. */
async function expectFate(pupil: Page, text: string | RegExp, name: string) {
	const fate = pupil.getByRole('status').filter({ hasText: text });
	await expectOnScreen(fate);
	await expectNoAxeViolations(pupil);
	await pupil.screenshot({ path: `${shots}/${name}-360x640.png` });
}

/** The same state on a larger phone, for the eye. */
async function largerShot(pupil: Page, name: string) {
	await pupil.setViewportSize({ width: 412, height: 915 });
	await pupil.screenshot({ path: `${shots}/${name}-412x915.png` });
	await pupil.setViewportSize(small);
}

test('after every tap the answer’s fate is on a 360×640 screen, for every block type', async ({
	browser
}) => {
	mkdirSync(shots, { recursive: true });
	const teacher = await browser.newContext();
	const host = await teacher.newPage();
	const code = await startLesson(host);
	const pupil = await (
		await browser.newContext({ viewport: small, isMobile: true, hasTouch: true })
	).newPage();

	await test.step('joined and waiting: the lesson, "Je doet mee", no site menu', async () => {
		await pupil.goto(`/j/${code}`);
		await expect(pupil.getByRole('heading', { name: /Kijk naar het bord/ })).toBeVisible();
		await expectOnScreen(pupil.getByText('Klasgesprek uitproberen', { exact: false }).first());
		await expectOnScreen(pupil.getByRole('status').filter({ hasText: 'Je doet mee' }));
		await expect(pupil.getByRole('navigation')).toHaveCount(0);
		await expect(pupil.getByRole('button', { name: /English|Nederlands/ })).toBeVisible();
		await expectNoAxeViolations(pupil);
		await pupil.screenshot({ path: `${shots}/waiting-360x640.png` });
		await largerShot(pupil, 'waiting');
	});

	await test.step('the vragenbus, open all lesson', async () => {
		await pupil.getByText('Stel een vraag, anoniem').click();
		await pupil.getByLabel('Jouw vraag').fill('Mag ik ook iets vragen?');
		await pupil.getByRole('button', { name: 'Verstuur' }).click();
		await expectFate(pupil, 'Je vraag is verstuurd', 'vragenbus');
		await pupil.getByText('Stel een vraag, anoniem').click();
	});

	await test.step('thermometer', async () => {
		await open(host, 'start');
		await expect(pupil.getByRole('heading', { name: /Hoe zit je erbij/ })).toBeVisible();
		await pupil.getByRole('button', { name: /^Goed/ }).click();
		await expectFate(pupil, 'Ontvangen', 'thermometer');
		await largerShot(pupil, 'thermometer');
	});

	await test.step('poll with several choices, stelling with a reason, passing', async () => {
		await nextStep(host);
		await open(host, 'werkvormen');
		await pupil.getByRole('checkbox', { name: 'Stellingen' }).check();
		await pupil.getByRole('button', { name: 'Verstuur' }).click();
		await expectFate(pupil, 'Ontvangen', 'poll-multiple');

		await open(host, 'stelling-voor');
		await pupil.getByRole('button', { name: 'Helemaal eens', exact: true }).click();
		await expectFate(pupil, 'Ontvangen', 'stelling');
		await pupil.getByLabel('Waarom? (mag je overslaan)').fill('Omdat ik het zo zie');
		await pupil.getByRole('button', { name: 'Verstuur' }).click();
		await expectFate(pupil, 'Ontvangen', 'stelling-reason');
		await pupil.getByRole('button', { name: /^Pas/ }).click();
		await expectFate(pupil, 'gepast', 'passed');
	});

	await test.step('position line, four corners, lagerhuis', async () => {
		await nextStep(host);
		await open(host, 'ervaring');
		await pupil.getByLabel('Schuif naar jouw plek').fill('80');
		await pupil.getByRole('button', { name: 'Verstuur' }).click();
		await expectFate(pupil, 'Ontvangen', 'positielijn');

		await open(host, 'hoeken');
		await pupil.getByRole('button', { name: /Ik vraag wat hij bedoelt/ }).click();
		await expectFate(pupil, 'Ontvangen', 'vier-hoeken');

		await open(host, 'lagerhuis');
		await pupil.getByRole('button', { name: /^Tegen/ }).click();
		await expectFate(pupil, 'Ontvangen', 'lagerhuis');
	});

	await test.step('word cloud and casus', async () => {
		await nextStep(host);
		await open(host, 'woorden');
		await pupil.getByLabel('Woord 1').fill('Respect');
		await pupil.getByRole('button', { name: 'Verstuur' }).click();
		await expectFate(pupil, 'Ontvangen', 'woordwolk');

		await open(host, 'casus');
		await pupil.getByRole('button', { name: /Ik vraag door naar zijn ervaring/ }).click();
		await expectFate(pupil, 'Ontvangen', 'casus');
	});

	await test.step('an open question, returned for rephrasing', async () => {
		await nextStep(host);
		await open(host, 'open-vraag');
		await pupil.getByLabel('Jouw reactie').fill('Dat niemand lacht');
		await pupil.getByRole('button', { name: 'Verstuur' }).click();
		await expectFate(pupil, 'Verstuurd', 'open');

		const item = host.locator('li.response').filter({ hasText: 'Dat niemand lacht' });
		await item.getByRole('button', { name: 'Terugsturen' }).click();
		await item.getByRole('button', { name: 'Kun je een voorbeeld geven?' }).click();
		const card = pupil.getByRole('region', { name: 'Je docent vraagt je iets' });
		await expect(card).toContainText('Kun je een voorbeeld geven?');
		await expect(card.getByLabel('Jouw nieuwe versie')).toHaveValue('Dat niemand lacht');
		// One state at a time: no 'Verstuurd' while the teacher waits for a new version.
		await expect(pupil.getByRole('status').filter({ hasText: 'Verstuurd' })).toHaveCount(0);
		await expectFate(pupil, 'anders te zeggen', 'returned');
		await largerShot(pupil, 'returned');

		await card.getByLabel('Jouw nieuwe versie').fill('Dat niemand lacht, bijvoorbeeld om een fout');
		await card.getByRole('button', { name: 'Verstuur nieuwe versie' }).click();
		await expect(card).toHaveCount(0);
		await expectFate(pupil, 'Verstuurd', 'rephrased');
	});

	await test.step('stil debat, and an error that looks like one', async () => {
		await open(host, 'stil-debat');
		await pupil.getByLabel('Jouw reactie').fill('Ik twijfel nog');
		await pupil.getByRole('button', { name: 'Verstuur' }).click();
		await expectFate(pupil, 'Verstuurd', 'stil-debat');

		await queueOf(host, 'stil-debat')
			.getByRole('button', { name: 'Pauzeer nieuwe reacties' })
			.click();
		await pupil.getByLabel('Jouw reactie').fill('Nog eentje');
		await pupil.getByRole('button', { name: 'Verstuur' }).click();
		const refused = pupil.getByRole('status').filter({ hasText: 'Niet verstuurd' });
		await expect(refused).toContainText('gepauzeerd');
		await expect(refused).not.toContainText('Verstuurd.');
		await expect(refused).toHaveCSS('color', 'rgb(155, 28, 28)');
		await expectFate(pupil, 'Niet verstuurd', 'error');
	});

	await test.step('connection lost: the tapped answer waits, in view, and then arrives', async () => {
		await nextStep(host);
		await open(host, 'stelling-na');
		await pupil.getByRole('button', { name: 'Eens', exact: true }).click();
		await expectFate(pupil, 'Ontvangen', 'stelling-na');

		await pupil.context().setOffline(true);
		await expectOnScreen(pupil.getByText('Verbinding weg'));
		await pupil.getByRole('button', { name: 'Oneens', exact: true }).click();
		await expect(pupil.getByRole('button', { name: 'Oneens …', exact: true })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await expectFate(pupil, 'zodra je weer verbinding hebt', 'offline');
		await largerShot(pupil, 'offline');
		await pupil.context().setOffline(false);
		await expect(pupil.getByRole('status').filter({ hasText: 'Ontvangen' })).toBeVisible({
			timeout: 20_000
		});
		await expect(pupil.getByRole('button', { name: 'Oneens ✓', exact: true })).toBeVisible();
	});

	await test.step('exit ticket: the last question’s send shows its fate too', async () => {
		await open(host, 'terugblik');
		const last = pupil.locator('form.write').last();
		await last.getByRole('textbox').fill('Dank je');
		await last.getByRole('button', { name: 'Verstuur' }).click();
		await expectFate(pupil, 'Verstuurd', 'exit-ticket');
	});

	await test.step('the lesson ends', async () => {
		host.once('dialog', (dialog) => dialog.accept());
		await host.getByRole('button', { name: 'Beëindig de les' }).click();
		await expectOnScreen(pupil.getByRole('heading', { name: /De les is afgelopen/ }));
		await expectNoAxeViolations(pupil);
		await pupil.screenshot({ path: `${shots}/ended-360x640.png` });
	});
});
