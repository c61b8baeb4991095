// The production server's runtime options have one home, package.json's `serve` script: `npm
// start` and the deployment guide start it the same way, and the benchmarks read them from there.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root, serveNodeOptions } from '../../bench/servers/spawn.ts';

const scripts = (
	JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
		scripts: Record<string, string>;
	}
).scripts;

const checkouts = mkdtempSync(join(tmpdir(), 'klasgesprek-serve-'));
afterAll(() => rmSync(checkouts, { recursive: true, force: true }));

function checkoutWithServe(serve: string | undefined) {
	const directory = mkdtempSync(join(checkouts, 'checkout-'));
	writeFileSync(join(directory, 'package.json'), JSON.stringify({ scripts: { serve } }));
	return directory;
}

describe("the server's node options", () => {
	it('are read from the serve script, between node and server.ts', () => {
		expect(serveNodeOptions(checkoutWithServe('node server.ts'))).toEqual([]);
		expect(
			serveNodeOptions(checkoutWithServe('node  --max-semi-space-size=2 --trace-gc server.ts'))
		).toEqual(['--max-semi-space-size=2', '--trace-gc']);
	});

	it('refuse a serve script that does not start node on server.ts', () => {
		for (const serve of [undefined, 'tsx server.ts', 'node server.js', 'node server.ts && echo'])
			expect(() => serveNodeOptions(checkoutWithServe(serve))).toThrow(/"serve" is not/);
	});

	it('are those npm start and the deployment guide start the server with', () => {
		const serve = scripts.serve;
		expect(serveNodeOptions()).toEqual(serve.split(/\s+/).slice(1, -1));
		expect(scripts.start).toMatch(
			new RegExp(`&& ${serve.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}$`)
		);
		const guide = readFileSync(join(root, 'docs', 'deployment.md'), 'utf8');
		expect(guide).toContain(`ExecStart=/usr/bin/${serve}\n`);
		expect(guide).toContain(`(\`${serve}\`, under systemd`);
	});
});
