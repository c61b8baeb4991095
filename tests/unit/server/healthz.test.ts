// The balancer's health check answers for the store: 200 while it reads, 503 once it cannot.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKlasgesprek, provideKlasgesprek } from '../../../src/lib/server/app.ts';
import { readConfig } from '../../../src/lib/server/config.ts';
import { GET } from '../../../src/routes/healthz/+server.ts';

const directory = mkdtempSync(join(tmpdir(), 'klasgesprek-healthz-'));
const app = await createKlasgesprek(
	readConfig({
		LESSONS_DIR: 'tests/fixtures/lessons',
		DATABASE_PATH: join(directory, 'store.sqlite')
	})
);
provideKlasgesprek(app);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const check = () => GET({} as Parameters<typeof GET>[0]);

describe('/healthz', () => {
	it('answers ok while the store can be read, and is never cached', async () => {
		const response = await check();
		expect(response.status).toBe(200);
		expect(await response.text()).toBe('ok');
		expect(response.headers.get('cache-control')).toBe('no-store');
	});

	it('answers 503 once the store cannot be read, so the balancer sends no one there', async () => {
		await app.close();
		const response = await check();
		expect(response.status).toBe(503);
		expect(await response.text()).toBe('store unreachable');
	});
});
