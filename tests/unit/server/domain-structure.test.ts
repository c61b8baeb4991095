// The domain (src/lib/server/ outside realtime/, the stores included) is plain TypeScript: it
// never builds a wire object, so neither it nor anything it imports reaches the realtime contract
// (protocol.ts), the transport (realtime/, socket.io) or SvelteKit (@sveltejs/kit, $app/*, the
// Paraglide messages a page renders with).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const server = join(root, 'src/lib/server');

function filesUnder(folder: string): string[] {
	return readdirSync(folder).flatMap((name) => {
		const path = join(folder, name);
		if (statSync(path).isDirectory()) return filesUnder(path);
		return name.endsWith('.ts') ? [path] : [];
	});
}

/** Specifiers no module the domain reaches may import, whatever file they resolve to. */
const forbiddenPackages = [/^socket\.io(-client)?(\/|$)/, /^@sveltejs\/kit(\/|$)/, /^\$app\//];
/**
 * The messages of the pages: never imported by the domain's own modules. Shared modules of
 * src/lib it uses may (the lesson checker's problem texts, the parents' letter's labels).
 */
const pageMessages = /paraglide/;

interface Files {
	root: string;
	read: (path: string) => string;
	existsSync: (path: string) => boolean;
}

/** Every specifier a module imports: static, type-only, side-effect, re-exported or dynamic. */
function specifiersOf(source: string): string[] {
	const found = source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g);
	return [...found].map((match) => match[1]);
}

/** The file a relative or `$lib` specifier names, or null for a package. */
function resolveFrom(file: string, specifier: string, files: Files): string | null {
	const base = specifier.startsWith('$lib/')
		? join(files.root, 'src/lib', specifier.slice('$lib/'.length))
		: specifier.startsWith('.')
			? resolve(dirname(file), specifier)
			: null;
	if (base === null) return null;
	return [base, `${base}.ts`, join(base, 'index.ts')].find(files.existsSync) ?? base;
}

/**
 * What the given domain modules import, themselves or through the modules of src/lib they
 * import, of the contract, realtime/, socket.io or SvelteKit: one line per finding.
 */
function forbiddenImports(starts: string[], files: Files): string[] {
	const protocol = join(files.root, 'src/lib/protocol');
	const realtime = join(files.root, 'src/lib/server/realtime') + '/';
	const findings: string[] = [];
	for (const start of starts) {
		const seen = new Set<string>([start]);
		const walk = (file: string) => {
			for (const specifier of specifiersOf(files.read(file))) {
				const target = resolveFrom(file, specifier, files);
				const forbidden =
					forbiddenPackages.some((pattern) => pattern.test(specifier)) ||
					(file === start && pageMessages.test(specifier)) ||
					(target !== null &&
						(target === protocol || target === `${protocol}.ts` || target.startsWith(realtime)));
				if (forbidden) {
					const through = file === start ? '' : ` (through ${relative(files.root, file)})`;
					findings.push(`${relative(files.root, start)} imports ${specifier}${through}`);
				} else if (target !== null && !seen.has(target) && files.existsSync(target)) {
					seen.add(target);
					walk(target);
				}
			}
		};
		walk(start);
	}
	return findings;
}

const domain = filesUnder(server).filter((path) => !relative(server, path).startsWith(`realtime/`));

describe('the domain', () => {
	it('has modules to look at, the stores among them', () => {
		const names = domain.map((path) => relative(server, path));
		expect(names).toContain('sessions.ts');
		expect(names).toContain('moderation/moderation.ts');
		expect(names).toContain('store/sqlite.ts');
		expect(names.some((name) => name.startsWith('realtime/'))).toBe(false);
	});

	it('imports nothing of the contract, the transport or SvelteKit, not even through another module', () => {
		expect(
			forbiddenImports(domain, { root, read: (path) => readFileSync(path, 'utf8'), existsSync })
		).toEqual([]);
	});

	it('is caught importing the contract, socket.io or SvelteKit, also through a shared module', () => {
		const files: Record<string, string> = {
			[join(server, 'a.ts')]: "import type { SessionView } from '../protocol.ts';",
			[join(server, 'b.ts')]:
				"import { Server } from 'socket.io';\nimport { io } from 'socket.io-client';",
			[join(server, 'c.ts')]: "import type { Cookies } from '@sveltejs/kit';",
			[join(server, 'd.ts')]:
				"import { page } from '$app/state';\nimport { m } from '$lib/paraglide/messages.js';",
			[join(server, 'e.ts')]: "import { showsStep } from '../lessons/focus.ts';",
			[join(root, 'src/lib/lessons/focus.ts')]:
				"import type {\n\tSessionView\n} from '../protocol.ts';",
			[join(server, 'f.ts')]: "export { rooms } from './realtime/rooms.ts';",
			[join(server, 'g.ts')]: "const lazy = () => import('$lib/protocol');",
			[join(server, 'h.ts')]:
				"import { createHash } from 'node:crypto';\nimport { limits } from './limits.ts';",
			[join(server, 'limits.ts')]: 'export const limits = {};'
		};
		const found = forbiddenImports(
			Object.keys(files).filter((path) => path.startsWith(server)),
			{
				root,
				read: (path) => files[path] ?? '',
				existsSync: (path) => path in files
			}
		);
		const at = (name: string) =>
			found
				.filter((line) => line.startsWith(`src/lib/server/${name}`))
				.map((line) => line.split(' imports ')[1]);
		expect(at('a.ts')).toEqual(['../protocol.ts']);
		expect(at('b.ts')).toEqual(['socket.io', 'socket.io-client']);
		expect(at('c.ts')).toEqual(['@sveltejs/kit']);
		expect(at('d.ts')).toEqual(['$app/state', '$lib/paraglide/messages.js']);
		expect(at('e.ts')).toEqual(['../protocol.ts (through src/lib/lessons/focus.ts)']);
		expect(at('f.ts')).toEqual(['./realtime/rooms.ts']);
		expect(at('g.ts')).toEqual(['$lib/protocol']);
		expect(at('h.ts')).toEqual([]);
		// A shared module's page messages are allowed: the domain passes on texts it did not write.
		expect(at('i.ts')).toEqual([]);
	});
});
