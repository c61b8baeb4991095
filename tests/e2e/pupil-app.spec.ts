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

/** What the pupil can tap or type in. */
const controls = 'button, input, textarea, select, a[href], summary';

/**
 * Nothing the pupil can tap lies under the fate bar: the bar sits below the scrolling content,
 * every control scrolled into view lies wholly above the bar and is the topmost thing at its
 * centre, and so is the last one with the content scrolled to the bottom.
 */
async function expectNothingUnderFate(pupil: Page) {
	const bar = pupil.locator('.pupil > .fate');
	const content = pupil.locator('.pupil > .content');
	const barBox = (await bar.boundingBox())!;
	expect(barBox.y + barBox.height).toBeLessThanOrEqual(small.height);
	const contentBox = (await content.boundingBox())!;
	expect(contentBox.y + contentBox.height).toBeLessThanOrEqual(barBox.y + 0.5);

	// The bar folds its confirmation after a while: measured anew for each control.
	const coveredAt = async (control: Locator) =>
		control.evaluate((element) => {
			const barTop = document.querySelector('.pupil > .fate')!.getBoundingClientRect().top;
			const box = element.getBoundingClientRect();
			const x = box.left + box.width / 2;
			const y = box.top + Math.min(box.height / 2, 12);
			const top = document.elementFromPoint(x, y);
			const under = box.bottom > barTop + 0.5;
			const hidden = !top || !(element === top || element.contains(top) || top.contains(element));
			return under || hidden
				? `${element.tagName} "${element.textContent?.trim().slice(0, 30)}" bottom ${Math.round(box.bottom)}, bar ${Math.round(barTop)}, topmost ${top?.tagName}`
				: null;
		});

	const all = content.locator(controls);
	const count = await all.count();
	const covered: string[] = [];
	for (let index = 0; index < count; index++) {
		const control = all.nth(index);
		if (!(await control.isVisible())) continue;
		await control.scrollIntoViewIfNeeded();
		const found = await coveredAt(control);
		if (found) covered.push(found);
	}
	expect(covered).toEqual([]);

	// Scrolled to the bottom, the last control is wholly in view above the bar too.
	await content.evaluate((element) => element.scrollTo(0, element.scrollHeight));
	const last = content.locator(`:is(${controls}):visible`).last();
	expect(await coveredAt(last)).toBeNull();
	await content.evaluate((element) => element.scrollTo(0, 0));
}

/**
 * After a tap: the answer's fate says `text`, in view, no control lies under it, and the page
 * passes axe.
 */
async function expectFate(pupil: Page, text: string | RegExp, name: string) {
	const fate = pupil.getByRole('status').filter({ hasText: text });
	await expectOnScreen(fate);
	await pupil.screenshot({ path: `${shots}/${name}-360x640.png` });
	await expectNothingUnderFate(pupil);
	await expectNoAxeViolations(pupil);
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
		// No question is open: the vragenbus says what became of the question itself.
		await expectOnScreen(pupil.getByRole('status').filter({ hasText: 'Je vraag is verstuurd' }));
		await expectNoAxeViolations(pupil);
		await pupil.screenshot({ path: `${shots}/vragenbus-360x640.png` });
		await pupil.getByText('Stel een vraag, anoniem').click();
	});

	await test.step('thermometer', async () => {
		await open(host, 'start');
		await expect(pupil.getByRole('heading', { name: /Hoe zit je erbij/ })).toBeVisible();
		await pupil.getByRole('button', { name: /^Goed/ }).click();
		// Its results go to the board live, but only once enough pupils answered.
		await expectFate(pupil, 'pas als genoeg leerlingen hebben geantwoord', 'thermometer');
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
		// Its results wait until the teacher reveals them: the phone says so, not 'on the board'.
		const fate = pupil.locator('.pupil > .fate');
		await expect(fate).toContainText('Ontvangen');
		await expect(fate).toContainText('De docent laat de uitslag zien wanneer het past');
		await expect(fate).not.toContainText('op het bord');
		const full = (await fate.boundingBox())!.height;
		await expectFate(pupil, 'Ontvangen', 'stelling');
		// Once read, the confirmation folds to one line; the fate stays in view.
		// Folded words stay for screen readers (1 px, clipped), so the test asks for the fold.
		await expect(fate).toHaveClass(/folded/, { timeout: 10_000 });
		await expectOnScreen(fate.filter({ hasText: 'Ontvangen' }));
		expect((await fate.boundingBox())!.height).toBeLessThan(full);
		await expectFate(pupil, 'Ontvangen', 'stelling-folded');

		await block(host, 'stelling-voor')
			.getByRole('button', { name: 'Toon uitslag op het bord' })
			.click();
		await pupil.getByRole('button', { name: 'Eens', exact: true }).click();
		// True before the results show and after: a rule, not a promise of what is still to come.
		await expect(fate).toContainText('Op het bord staat de uitslag pas als genoeg leerlingen');

		await pupil.getByLabel('Waarom? (mag je overslaan)').fill('Omdat ik het zo zie');
		await pupil.getByRole('button', { name: 'Verstuur' }).click();
		// A reason sent changes what the phone shows: by the field, and in the bar.
		await expect(pupil.getByText('Je reden is ontvangen')).toBeVisible();
		await expect(pupil.getByRole('button', { name: 'Verstuur' })).toBeDisabled();
		await expectFate(pupil, 'Ontvangen, met je reden', 'stelling-reason');
		await expect(fate).toContainText('Je docent leest je reden eerst');
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
		await pupil.getByLabel('Waarom? (mag je overslaan)').fill('Dan weet ik wat hij echt vindt');
		await pupil.getByRole('button', { name: 'Verstuur' }).click();
		await expectFate(pupil, 'Ontvangen, met je reden', 'vier-hoeken-reason');

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
		// One box, for the new version: no second, empty field for the same question.
		await expect(pupil.getByRole('textbox')).toHaveCount(1);
		await expect(pupil.getByLabel('Jouw reactie')).toHaveCount(0);
		// One state at a time: no 'Verstuurd' while the teacher waits for a new version.
		await expect(pupil.getByRole('status').filter({ hasText: 'Verstuurd' })).toHaveCount(0);
		await expectFate(pupil, 'anders te zeggen', 'returned');
		await largerShot(pupil, 'returned');

		await card.getByLabel('Jouw nieuwe versie').fill('Dat niemand lacht, bijvoorbeeld om een fout');
		await card.getByRole('button', { name: 'Verstuur nieuwe versie' }).click();
		await expect(card).toHaveCount(0);
		await expectFate(pupil, 'Verstuurd', 'rephrased');
		await expect(pupil.getByLabel('Jouw reactie')).toHaveCount(1);
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
		// One true message for an answer only the teacher reads.
		const fate = pupil.locator('.pupil > .fate');
		await expect(fate).toContainText('Alleen je docent leest dit. Het komt niet op het bord.');
		await expect(pupil.locator('body')).not.toContainText('leest het eerst');
		await expectFate(pupil, 'Verstuurd', 'exit-ticket');
	});

	await test.step('the lesson ends', async () => {
		host.once('dialog', (dialog) => dialog.accept());
		await host.getByRole('button', { name: 'Beëindig de les' }).click();
		await expectOnScreen(pupil.getByRole('heading', { name: /De les is afgelopen/ }));
		// Nobody leaves a lesson on a hard topic without knowing where to go with it.
		const help = pupil.getByRole('complementary', { name: 'Waar kun je terecht?' });
		await expect(help).toContainText('Praat met je mentor');
		await expect(help).toContainText('Kindertelefoon: 0800-0432');
		await expect(help).toContainText('Direct gevaar? Bel 112.');
		// A tap away on a phone.
		await expect(help.getByRole('link', { name: '112' })).toHaveAttribute('href', 'tel:112');
		await expect(help.getByRole('link', { name: '0800-0432' })).toHaveAttribute(
			'href',
			'tel:08000432'
		);
		await expectNoAxeViolations(pupil);
		await pupil.screenshot({ path: `${shots}/ended-360x640.png` });
	});
});

test('a poll of five options and more leaves every option clear of the fate bar', async ({
	browser
}) => {
	const host = await (await browser.newContext()).newPage();
	await host.goto('/lessons/wat-is-polarisatie');
	await host.getByRole('button', { name: 'Start deze les live' }).click();
	await expect(host.locator('.code')).toHaveText(/^\d{6}$/, { timeout: 15_000 });
	const code = (await host.locator('.code').textContent())!.trim();
	const pupil = await (
		await browser.newContext({ viewport: small, isMobile: true, hasTouch: true })
	).newPage();
	await pupil.goto(`/j/${code}`);
	await expect(pupil.getByRole('heading', { name: /Kijk naar het bord/ })).toBeVisible();

	await nextStep(host);
	await nextStep(host);
	await open(host, 'rol-sam');
	const options = pupil.getByRole('group').getByRole('button');
	await expect(options).toHaveCount(5);
	await options.last().click();
	await expectFate(pupil, 'Ontvangen', 'poll-five');
	await largerShot(pupil, 'poll-five');
});

test('the option a pupil taps stays in view when the fate bar takes its room, focused or not', async ({
	browser
}) => {
	const host = await (await browser.newContext()).newPage();
	const code = await startLesson(host);
	const pupil = await (
		await browser.newContext({ viewport: small, isMobile: true, hasTouch: true })
	).newPage();
	await pupil.goto(`/j/${code}`);
	await expect(pupil.getByRole('heading', { name: /Kijk naar het bord/ })).toBeVisible();
	for (let step = 1; step < 4; step += 1) await nextStep(host);
	await open(host, 'casus');
	const content = pupil.locator('.pupil > .content');
	/** The option lies wholly in the part of the content the pupil sees. */
	const expectSeen = async (option: Locator) => {
		await expect(option).toHaveAttribute('aria-pressed', 'true');
		await expect(pupil.locator('.pupil > .fate')).toContainText('Ontvangen');
		const box = (await option.boundingBox())!;
		const seen = (await content.boundingBox())!;
		expect(box.y).toBeGreaterThanOrEqual(seen.y - 0.5);
		expect(box.y + box.height).toBeLessThanOrEqual(seen.y + seen.height + 0.5);
	};
	// The long casus leaves its last option at the screen's bottom edge, where the bar will go.
	const options = pupil.getByRole('group').getByRole('button');
	await expect(options).toHaveCount(3);
	await content.evaluate((element) => element.scrollTo(0, 0));
	await expect(options.last()).toBeInViewport();
	// A tap that gives the button no focus, as in Safari (and as when the form is redrawn).
	await options.last().dispatchEvent('click');
	await expect(options.last()).not.toBeFocused();
	await expectSeen(options.last());
	// And by keyboard: the key on a focused option clicks it.
	await content.evaluate((element) => element.scrollTo(0, 0));
	await options.nth(1).focus();
	await pupil.keyboard.press('Enter');
	await expectSeen(options.nth(1));

	// Pressed offline, then scrolled back to the casus to read it again: when the answer goes out
	// once the phone is back, the bar's change leaves the page where the pupil took it.
	await pupil.context().setOffline(true);
	await expect(pupil.getByText('Verbinding weg')).toBeVisible();
	await options.last().click();
	await expect(pupil.locator('.pupil > .fate')).toContainText('zodra je weer verbinding hebt');
	await pupil.mouse.move(180, 300);
	await pupil.mouse.wheel(0, -1000);
	await expect.poll(() => content.evaluate((element) => element.scrollTop)).toBe(0);
	await expect(options.last()).not.toBeInViewport({ ratio: 1 });
	await pupil.context().setOffline(false);
	await expect(pupil.locator('.pupil > .fate')).toContainText('Ontvangen', { timeout: 20_000 });
	expect(await content.evaluate((element) => element.scrollTop)).toBe(0);
});

test('at a parents’ evening the phone speaks to parents, and its exit screen says where a parent goes', async ({
	browser
}) => {
	const host = await (await browser.newContext()).newPage();
	await host.goto('/lessons/ouderavond-online-meegesleept');
	await host.getByRole('button', { name: 'Start deze les live' }).click();
	await expect(host.locator('.code')).toHaveText(/^\d{6}$/, { timeout: 15_000 });
	const code = (await host.locator('.code').textContent())!.trim();
	const parent = await (
		await browser.newContext({ viewport: small, isMobile: true, hasTouch: true })
	).newPage();
	await parent.goto(`/j/${code}`);
	await expect(parent.getByRole('heading', { name: /Kijk naar het bord/ })).toBeVisible();

	await nextStep(host);
	// The console speaks of parents too (board.spec.ts holds it to that).
	await block(host, 'zorgen').getByRole('button', { name: 'Open voor ouders' }).click();
	await parent.getByRole('checkbox', { name: 'Contact met onbekenden' }).check();
	await parent.getByRole('button', { name: 'Verstuur' }).click();
	await expectFate(parent, 'pas als genoeg mensen hebben geantwoord', 'parents-poll');
	await expect(parent.locator('body')).not.toContainText('leerlingen');

	for (let step = 2; step < 6; step += 1) await nextStep(host);
	await block(host, 'afsluiting').getByRole('button', { name: 'Open voor ouders' }).click();
	const help = parent.getByRole('complementary', { name: 'Waar kun je terecht?' });
	await expect(help).toContainText('Maak je je zorgen over je kind');
	await expect(help).toContainText('Landelijk Steunpunt Extremisme');
	await expect(help).toContainText('Opvoedsteunpunt Voorbeeldstad: 010 000 0000');
	await expect(help).not.toContainText('Praat met je mentor');
	await expect(help).toContainText('Direct gevaar? Bel 112.');
	await expectNoAxeViolations(parent);

	// The last screen, after the end, says it again, to a parent.
	host.once('dialog', (dialog) => dialog.accept());
	await host.getByRole('button', { name: 'Beëindig de les' }).click();
	await expect(parent.getByRole('heading', { name: /De les is afgelopen/ })).toBeVisible();
	const last = parent.getByRole('complementary', { name: 'Waar kun je terecht?' });
	await expect(last).toContainText('Maak je je zorgen over je kind');
	await expect(last).not.toContainText('Praat met je mentor');
	// The parents' own contacts (PARENTS_CONTACT, as in their letter), not the children's lines.
	await expect(last.getByRole('link', { name: '010 000 0000' })).toHaveAttribute(
		'href',
		'tel:0100000000'
	);
	await expect(last).toContainText('Het wijkteam van uw buurt');
	await expect(last).not.toContainText('Kindertelefoon');
	await expectNoAxeViolations(parent);
});
