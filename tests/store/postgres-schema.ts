// Each PostgreSQL test gets a schema of its own (t_<random>), so runs in parallel never meet,
// and drops it afterwards. Without TEST_DATABASE_URL the PostgreSQL suites say they were skipped.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PostgresStore } from '../../src/lib/server/store/postgres.ts';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? '';

export const skippedBecause = 'skipped: TEST_DATABASE_URL not set';

export interface TestSchema {
	name: string;
	/** A new store (its own pool: another process, as far as the database can tell). */
	open(options?: {
		applicationName?: string;
		maxConnections?: number;
		warmConnections?: number;
		idleTimeoutMillis?: number;
	}): Promise<PostgresStore>;
	/** Runs SQL on a connection of its own, outside every store. */
	admin<Row extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<Row[]>;
	drop(): Promise<void>;
}

export async function createTestSchema(): Promise<TestSchema> {
	const name = `t_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Pool({ connectionString: testDatabaseUrl, max: 2 });
	await admin.query(`CREATE SCHEMA ${name}`);
	return {
		name,
		open: (options = {}) =>
			PostgresStore.open({
				connectionString: testDatabaseUrl,
				maxConnections: options.maxConnections,
				// One warm connection unless asked: test files open stores side by side.
				warmConnections: options.warmConnections ?? 1,
				pool: {
					options: `-c search_path=${name}`,
					application_name: options.applicationName ?? `klasgesprek-${name}`,
					...(options.idleTimeoutMillis && { idleTimeoutMillis: options.idleTimeoutMillis })
				},
				onPoolError: () => {}
			}),
		admin: async (sql, values) => (await admin.query(sql, values)).rows,
		drop: async () => {
			await admin.query(`DROP SCHEMA ${name} CASCADE`);
			await admin.end();
		}
	};
}
