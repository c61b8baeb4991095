import { expect, test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readExcelFile from 'read-excel-file/node';
import { SqliteStore } from '../../src/lib/server/store/sqlite.ts';
import type { RunRecord } from '../../src/lib/server/store/store.ts';
import { expectNoAxeViolations } from './axe';
import { startOwnServer } from './own-server';
import { phone } from './phone';

// The municipality's anonymous overview in the browser, on a server of its own whose store
// already holds what classes ran: a coordinator enters their key, sees nothing of 4 classes and
// the figures of 5, downloads the same as a workbook and signs out. And the teacher's side: the
// start form's choice, the phone's privacy text that follows it, and the summary's toggle.

const key = 'preventie-gemeente-0123456789';
const shots = '/tmp/coordinator-shots';

let root: string;
let databasePath: string;
let server: Awaited<ReturnType<typeof startOwnServer>>;

/** A port nothing listens on now: the spec's own server must not meet another helper's. */
function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
}

/** One class's two lessons of 'De Brug', as the store keeps them once the sessions ended. */
function classRuns(index: number): RunRecord[] {
	const ranAt = Date.now() - 60_000;
	const common = {
		teacherKey: `docent-${index}`,
		classId: `klas-${index}`,
		pupilsJoined: 13,
		countsInOverview: true
	};
	return [
		{
			...common,
			sessionId: `sessie-voor-${index}`,
			lessonSlug: 'de-brug-voorbereiding',
			ranAt: ranAt - 14 * 86_400_000,
			// weet niet, helemaal oneens … helemaal eens: 12 answers
			blocks: [
				{ blockId: 'samen', counts: [1, 1, 2, 3, 3, 2] },
				{ blockId: 'kennis', counts: [6, 6] }
			]
		},
		{
			...common,
			sessionId: `sessie-na-${index}`,
			lessonSlug: 'de-brug-verwerking',
			ranAt,
			blocks: [{ blockId: 'samen-na', counts: [0, 3, 4, 2, 2, 1] }]
		}
	];
}

/** Writes runs into the server's SQLite file, as ending sessions would have. */
async function keepRuns(runs: RunRecord[]) {
	const store = new SqliteStore(databasePath);
	for (const run of runs) await store.runs.saveRun(run);
	await store.close();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	root = mkdtempSync(join(tmpdir(), 'klasgesprek-coordinator-'));
	const lessons = join(root, 'lessons');
	cpSync('tests/fixtures/programme-lessons', lessons, { recursive: true });
	writeFileSync(join(root, 'coordinator-keys'), `# Preventie\n${key}  # Sanne\n`);
	databasePath = join(root, 'store.sqlite');
	// Four classes did both lessons before the server starts.
	await keepRuns([0, 1, 2, 3].flatMap(classRuns));
	mkdirSync(shots, { recursive: true });
	server = await startOwnServer(await freePort(), {
		DATABASE_PATH: databasePath,
		LESSONS_DIR: lessons,
		COORDINATOR_KEYS_FILE: join(root, 'coordinator-keys')
	});
});

test.afterAll(async () => {
	await server?.stop();
	rmSync(root, { recursive: true, force: true });
});

const tooFew = 'Te weinig klassen om iets te tonen';

async function signIn(page: Page, withKey: string) {
	await page.getByLabel('Coördinatorsleutel').fill(withKey);
	await page.getByRole('button', { name: 'Aanmelden' }).click();
}

test('a coordinator sees nothing of 4 classes and the figures of 5, and can take them along as a workbook', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const context = await browser.newContext({
		baseURL: server.origin,
		viewport: { width: 1366, height: 768 },
		locale: 'nl-NL'
	});
	const page = await context.newPage();
	await page.goto('/coordinator');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Overzicht voor de gemeente');
	await expect(page.getByRole('heading', { name: 'Aanmelden als coördinator' })).toBeVisible();
	await expect(page.getByText(tooFew)).toHaveCount(0);
	await expectNoAxeViolations(page);
	// Without the role, the workbook is refused too.
	expect((await page.request.get('/coordinator/export')).status()).toBe(403);

	await signIn(page, 'geraden-sleutel-0123456789');
	await expect(page.getByRole('alert')).toHaveText(
		'Deze coördinatorsleutel klopt niet. Controleer hem of vraag de beheerder om een nieuwe.'
	);
	await expectNoAxeViolations(page);

	await signIn(page, key);
	await expect(page.getByText('Je bent aangemeld met een coördinatorsleutel')).toBeVisible();
	await expect(page.getByLabel('Programma', { exact: true })).toHaveValue('de-brug');
	await expect(page.getByRole('heading', { name: 'De Brug', exact: true })).toBeVisible();
	// Four classes: neither the reach nor the stelling shows a figure.
	await expect(page.getByText(tooFew)).toHaveCount(2);
	await expect(page.getByRole('heading', { name: 'Bereik' })).toBeVisible();
	await expect(page.locator('.figures')).toHaveCount(0);
	await expect(page.locator('.comparison .track')).toHaveCount(0);
	await expectNoAxeViolations(page);
	await page.screenshot({ path: `${shots}/coordinator-1366x768-suppressed.png`, fullPage: true });

	// A fifth class ends its lessons while the coordinator looks.
	await keepRuns(classRuns(4));
	await page.reload();
	await expect(page.getByText(tooFew)).toHaveCount(0);
	const reach = page.locator('.figures');
	await expect(reach.getByText('Lessen gegeven')).toBeVisible();
	expect(await reach.locator('dd').allTextContents()).toEqual(['10', '5', '130']);
	const stelling = page.getByRole('article', {
		name: 'Mensen met een andere mening kun je beter uit de weg gaan.'
	});
	await expect(stelling.getByText('Voor: De Brug: voorbereidende les')).toBeVisible();
	await expect(stelling.getByText('Na: De Brug: verwerkingsles')).toBeVisible();
	await expect(stelling.locator('.sides')).toHaveText(
		/Voor:\s*60 antwoorden uit 5 klassen\s*Na:\s*60 antwoorden uit 5 klassen/
	);
	// 'Helemaal oneens': 5 of 60 before (8%), 15 of 60 after (25%).
	const first = stelling.locator('.options li').first();
	await expect(first.locator('.label')).toHaveText('Helemaal oneens');
	await expect(first.locator('.shift')).toHaveText('+17 procentpunt');
	await expect(first.locator('.value')).toHaveText(['8% (5)', '25% (15)']);
	await expect(stelling.locator('.options li')).toHaveCount(6);
	// Nothing of a teacher, class or session reaches the page.
	expect(await page.content()).not.toMatch(/docent-|klas-|sessie-/);
	await expectNoAxeViolations(page);
	await page.screenshot({ path: `${shots}/coordinator-1366x768.png` });
	await page.screenshot({ path: `${shots}/coordinator-1366x768-full.png`, fullPage: true });

	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Download als Excel-bestand' }).click();
	const file = await (await download).path();
	const sheets = await readExcelFile(readFileSync(file));
	expect(sheets.map((sheet) => sheet.sheet)).toEqual(['Overzicht', 'Stelling 1']);
	const overview = sheets[0].data.map((row) => row.filter((cell) => cell !== null));
	expect(overview).toContainEqual(['Programma', 'De Brug']);
	expect(overview).toContainEqual(['Klassen', 5]);
	expect(overview).toContainEqual(['Leerlingen die meededen', 130]);
	expect(JSON.stringify(sheets)).not.toMatch(/docent-|klas-|sessie-/);

	// A period before any of it ran shows nothing again, and a period that is none says so.
	await page.getByLabel('Schooljaar').selectOption('2020');
	await page.getByRole('button', { name: 'Toon' }).click();
	await expect(page).toHaveURL(/jaar=2020/);
	await expect(page.getByText(tooFew)).toHaveCount(2);
	await page.goto('/coordinator?programme=de-brug&jaar=1999');
	await expect(page.getByRole('alert')).toContainText('Dit schooljaar kent het overzicht niet');
	await expect(page.getByText(tooFew)).toHaveCount(0);

	await page.getByRole('button', { name: 'Afmelden' }).click();
	await expect(page.getByRole('heading', { name: 'Aanmelden als coördinator' })).toBeVisible();
	expect((await page.request.get('/coordinator/export')).status()).toBe(403);
	await context.close();
});

test('the overview reads on a phone of 360×640', async ({ browser }) => {
	const context = await browser.newContext({
		baseURL: server.origin,
		viewport: { width: 360, height: 640 },
		locale: 'nl-NL',
		hasTouch: true,
		isMobile: true
	});
	const page = await context.newPage();
	await page.goto('/coordinator');
	await signIn(page, key);
	const stelling = page.locator('article.comparison');
	await expect(stelling.locator('.options li')).toHaveCount(6);
	// Nothing wider than the screen: no sideways scrolling.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await expectNoAxeViolations(page);
	await page.screenshot({ path: `${shots}/coordinator-360x640.png` });
	await stelling.scrollIntoViewIfNeeded();
	await stelling.screenshot({ path: `${shots}/coordinator-360x640-stelling.png` });
	await page.screenshot({ path: `${shots}/coordinator-360x640-full.png`, fullPage: true });
	await context.close();
});

test("the teacher decides whether a lesson counts, and the pupils' phones say what is shared", async ({
	browser
}) => {
	test.setTimeout(90_000);
	const teacher = await browser.newContext({ baseURL: server.origin, locale: 'nl-NL' });
	const host = await teacher.newPage();
	await host.goto('/lessons/de-brug-verwerking');
	const counts = host.getByRole('checkbox', {
		name: 'Tel mee in het anonieme overzicht van de gemeente'
	});
	// OVERVIEW_DEFAULT is not set: a lesson counts only when the teacher ticks it.
	await expect(counts).not.toBeChecked();
	await expectNoAxeViolations(host);
	await counts.check();
	await host.locator('form.start').screenshot({ path: `${shots}/lesson-start-form.png` });
	await host.getByRole('button', { name: 'Start deze les live' }).click();
	await expect(host).toHaveURL(/\/host\/[\w-]+$/);
	await expect(host.locator('.code')).toHaveText(/^\d{6}$/);
	const code = (await host.locator('.code').textContent())!.trim();

	const pupil = await (await browser.newContext({ ...phone, baseURL: server.origin })).newPage();
	await pupil.goto(`/j/${code}`);
	await expect(pupil.getByRole('heading', { name: /Kijk naar het bord/ })).toBeVisible();
	const privacy = pupil.locator('.privacy');
	await expect(privacy).toContainText(
		'Deze les telt mee in een overzicht voor de gemeente. De gemeente ziet alleen hoe vaak elk antwoord is gekozen, opgeteld over minstens 5 klassen. Wat je schrijft, ziet de gemeente nooit.'
	);
	await privacy.scrollIntoViewIfNeeded();
	await pupil.screenshot({ path: `${shots}/pupil-counted.png` });

	await host.goto(`${new URL(host.url()).pathname}/summary`);
	await expect(
		host.getByText('Deze les telt mee in het anonieme overzicht van de gemeente')
	).toBeVisible();
	await host.getByRole('checkbox', { name: 'Tel mee in het anonieme overzicht' }).uncheck();
	await host.getByRole('button', { name: 'Bewaar keuze' }).click();
	await expect(host.getByRole('status')).toHaveText('Je keuze is bewaard.');
	await expect(
		host.getByText('Deze les telt niet mee in het anonieme overzicht van de gemeente.')
	).toBeVisible();
	await expectNoAxeViolations(host);
	await host.screenshot({ path: `${shots}/summary-choice.png` });
	// The phone hears it at once: it no longer says anything reaches the municipality.
	await expect(privacy).not.toContainText('gemeente');
	await expect(privacy).toContainText('Je doet anoniem mee');
	await pupil.screenshot({ path: `${shots}/pupil-not-counted.png` });

	// A reload keeps the choice.
	await host.reload();
	await expect(
		host.getByRole('checkbox', { name: 'Tel mee in het anonieme overzicht' })
	).not.toBeChecked();
	await teacher.close();
	await pupil.context().close();
});

test("a teacher's sign-in carries the role when the identity provider gave it, and only then", async ({
	browser
}) => {
	// Two sign-ins as the identity provider's would leave them: one with the role, one without.
	const store = new SqliteStore(databasePath);
	const now = Date.now();
	for (const [teacherKey, coordinator] of [
		['docent-met-rol', true],
		['docent-zonder-rol', false]
	] as const) {
		await store.teachers.ensureTeacher(teacherKey, now);
		await store.teachers.addSignIn({
			secretKey: createHash('sha256').update(`geheim-${teacherKey}`).digest('hex'),
			teacherKey,
			coordinator,
			createdAt: now,
			expiresAt: now + 3_600_000
		});
	}
	await store.close();
	const signedIn = async (teacherKey: string) => {
		const context = await browser.newContext({ baseURL: server.origin });
		await context.addCookies([
			{ name: 'klasgesprek-teacher', value: `geheim-${teacherKey}`, url: server.origin }
		]);
		return context;
	};

	const withRole = await signedIn('docent-met-rol');
	const page = await withRole.newPage();
	await page.goto('/coordinator');
	await expect(page.getByText('Je schoolaccount geeft je de rol van coördinator.')).toBeVisible();
	await expect(page.locator('.figures dd')).toHaveText(['10', '5', '130']);
	await expect(page.getByRole('button', { name: 'Afmelden' })).toHaveCount(0);
	expect((await page.request.get('/coordinator/export')).status()).toBe(200);
	await withRole.close();

	const withoutRole = await signedIn('docent-zonder-rol');
	const other = await withoutRole.newPage();
	await other.goto('/coordinator');
	await expect(other.getByRole('heading', { name: 'Aanmelden als coördinator' })).toBeVisible();
	await expect(other.locator('.figures')).toHaveCount(0);
	expect((await other.request.get('/coordinator/export')).status()).toBe(403);
	await withoutRole.close();
});
