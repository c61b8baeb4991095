// The factory picks the store the settings name, and each opens ready to use.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/lib/server/store/open-store.ts';
import { PostgresStore } from '../../src/lib/server/store/postgres.ts';
import { SqliteStore } from '../../src/lib/server/store/sqlite.ts';
import { createTestSchema, skippedBecause, testDatabaseUrl } from './postgres-schema.ts';
import { sessionRecord } from './records.ts';

describe('opening the configured store', () => {
	it('opens the SQLite file when no database address is set', async () => {
		const directory = mkdtempSync(join(tmpdir(), 'klasgesprek-open-'));
		const store = await openStore({
			databaseUrl: '',
			databasePath: join(directory, 'klas.sqlite'),
			databaseSync: 'full'
		});
		expect(store).toBeInstanceOf(SqliteStore);
		expect(await store.insertSession(sessionRecord())).toBe(true);
		await store.close();
		rmSync(directory, { recursive: true, force: true });
	});

	it('refuses to start when PostgreSQL cannot be reached', async () => {
		await expect(
			openStore({
				databaseUrl: 'postgres://postgres@127.0.0.1:1/test',
				databasePath: ':memory:',
				databaseSync: 'normal'
			})
		).rejects.toThrow();
	});

	it.skipIf(!testDatabaseUrl)(
		`opens PostgreSQL when the address names it${testDatabaseUrl ? '' : ` (${skippedBecause})`}`,
		async () => {
			const schema = await createTestSchema();
			const url = new URL(testDatabaseUrl);
			url.searchParams.set('options', `-c search_path=${schema.name}`);
			const store = await openStore({
				databaseUrl: url.href,
				databasePath: ':memory:',
				databaseSync: 'normal'
			});
			expect(store).toBeInstanceOf(PostgresStore);
			expect(await store.insertSession(sessionRecord())).toBe(true);
			expect(await schema.admin(`SELECT id FROM ${schema.name}.sessions`)).toEqual([{ id: 's1' }]);
			await store.close();
			await schema.drop();
		}
	);
});
