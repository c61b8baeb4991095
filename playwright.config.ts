import { defineConfig, devices } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from './tests/chromium.ts';

const port = Number(process.env.E2E_PORT ?? 4173);
/** The e2e build has its own folder, so a run never replaces the build a running server uses. */
export const e2eBuildDirectory = 'build-e2e';

/** How every e2e server runs: the webServer below and the ones a spec starts and kills itself. */
export const e2eServerEnvironment = {
	BUILD_DIR: e2eBuildDirectory,
	HOST: '127.0.0.1',
	SIGNAL_MUNICIPALITY: 'Voorbeeldstad',
	SIGNAL_EMAIL: 'signaal@voorbeeldstad.example',
	SIGNAL_SUBJECT: 'signaal radicalisering',
	RETENTION_DAYS: '30',
	HELP_LINES: 'Kindertelefoon: 0800-0432; 113 Zelfmoordpreventie: 0800-0113',
	PARENTS_CONTACT: 'Opvoedsteunpunt Voorbeeldstad: 010 000 0000; Het wijkteam van uw buurt',
	// A store of its own per run, so tests never meet a developer's sessions.
	DATABASE_PATH: join(tmpdir(), `klasgesprek-e2e-${process.pid}.sqlite`)
};

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.spec.ts',
	fullyParallel: true,
	workers: process.env.CI ? 2 : undefined,
	// A test of a few steps on a busy machine (a lesson's tests set their own): 30 s was once
	// just too little for one that needs 24 s on its own.
	timeout: 60_000,
	retries: process.env.CI ? 1 : 0,
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		trace: 'retain-on-failure',
		actionTimeout: 15_000,
		launchOptions: chromiumLaunchOptions
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
	webServer: {
		// The production build behind our own server.ts, exactly as `npm start` runs it, but in
		// a folder of its own, on a port checked free first: never someone else's server.
		command: `node scripts/port-free.ts ${port} 127.0.0.1 && npm run build && node server.ts`,
		url: `http://127.0.0.1:${port}/`,
		reuseExistingServer: false,
		timeout: 180_000,
		// As in a classroom, the address pupils join at is one phones can reach (a server that
		// only this computer reaches is a spec of its own, with a server of its own).
		env: { ...e2eServerEnvironment, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` }
	}
});
