// Which store a process uses: the embedded SQLite file by default (a school laptop, one
// process), PostgreSQL when DATABASE_URL names one (region mode: several processes share it).

import type { Config } from '../config.ts';
import { PostgresStore } from './postgres.ts';
import { SqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

export type StoreConfig = Pick<Config, 'databaseUrl' | 'databasePath' | 'databaseSync'>;

/**
 * Opens the configured store with its schema up to date. Rejects when PostgreSQL cannot be
 * reached or migrated, so a region node does not start without its data.
 */
export async function openStore(config: StoreConfig): Promise<Store> {
	if (config.databaseUrl) return PostgresStore.open({ connectionString: config.databaseUrl });
	return new SqliteStore(config.databasePath, { sync: config.databaseSync });
}
