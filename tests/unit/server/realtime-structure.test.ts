// realtime/ is a tree with one owner of what goes out: no module imports one that imports it
// back (types included), and the command handlers never emit, never import each other and never
// check a socket's role (each command declares it where it is registered, see commands.ts).

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const folder = new URL('../../../src/lib/server/realtime/', import.meta.url);
const modules = readdirSync(folder).filter((name) => name.endsWith('.ts'));
const source = (name: string) => readFileSync(new URL(name, folder), 'utf8');
/** The realtime modules a module imports, `import type` and re-exports included. */
const importsOf = (name: string) =>
	[...source(name).matchAll(/from '\.\/([\w-]+\.ts)'/g)].map((match) => match[1]);

const handlers = ['host.ts', 'pupil.ts', 'conversation.ts'];

describe('the realtime modules', () => {
	it('import each other without a circle', () => {
		const visiting = new Set<string>();
		const done = new Set<string>();
		const circles: string[][] = [];
		const visit = (name: string, path: string[]) => {
			if (done.has(name)) return;
			if (visiting.has(name)) return void circles.push([...path, name]);
			visiting.add(name);
			for (const imported of importsOf(name)) visit(imported, [...path, name]);
			visiting.delete(name);
			done.add(name);
		};
		for (const name of modules) visit(name, []);
		expect(circles).toEqual([]);
	});

	it("leave the role to the registration: no handler checks the socket's role itself", () => {
		for (const name of handlers)
			expect(source(name)).not.toMatch(/role\s*!==|\.role\s*===\s*'host'/);
	});

	it('leave sending to the outbound module: handlers neither emit nor import each other', () => {
		for (const name of handlers) {
			expect(source(name)).not.toMatch(/\.emit\(|\.to\(|socketsLeave/);
			expect(
				importsOf(name).filter((imported) =>
					[...handlers, 'outbound.ts', 'broadcaster.ts'].includes(imported)
				)
			).toEqual([]);
		}
	});
});
