// `npm test`'s region step. The region tests need PostgreSQL (TEST_DATABASE_URL, as CI sets it)
// and HAProxy; on a laptop without them `npm test` still passes, and says what it left out.
// Usage: node scripts/test-region-if-configured.ts

import { spawnSync } from 'node:child_process';

if (!process.env.TEST_DATABASE_URL) {
	console.log(
		'Region tests skipped: TEST_DATABASE_URL is not set, and they need PostgreSQL ' +
			'(e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run test:region).'
	);
	process.exit(0);
}
const run = spawnSync('npm', ['run', 'test:region'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
