// Where a server's CPU time went: the newest `node --cpu-prof` profile in a folder, as self
// time per function and per source file, heaviest first.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { table } from '../load/stats.ts';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

const root = join(import.meta.dirname, '..', '..');

function place(url: string): string {
	if (!url) return '(native)';
	const path = url.replace(/^file:\/\//, '');
	const inPackages = path.split('node_modules/').at(-1)!;
	if (inPackages !== path)
		return inPackages
			.split('/')
			.slice(0, inPackages.startsWith('@') ? 2 : 1)
			.join('/');
	return path.startsWith('node:') ? path : relative(root, path);
}

/** Self time by function and by source file, summed over one or more profiles (a region's nodes). */
export function summariseProfile(profile: CpuProfile | CpuProfile[], top = 15): string {
	const functions = new Map<string, number>();
	const places = new Map<string, number>();
	let total = 0;
	for (const each of [profile].flat()) {
		const byId = new Map(each.nodes.map((node) => [node.id, node]));
		each.samples.forEach((id, index) => {
			const node = byId.get(id)!;
			const micros = each.timeDeltas[index] ?? 0;
			total += micros;
			const { functionName, url, lineNumber } = node.callFrame;
			const where = place(url);
			const name = `${functionName || '(anonymous)'} ${where}${url ? `:${lineNumber + 1}` : ''}`;
			functions.set(name, (functions.get(name) ?? 0) + micros);
			places.set(where, (places.get(where) ?? 0) + micros);
		});
	}
	const heaviest = (counts: Map<string, number>) =>
		[...counts]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([name, micros]) => [
				name,
				(micros / 1_000).toFixed(0),
				((100 * micros) / total).toFixed(1)
			]);
	return [
		table(['self time by source', 'ms', '%'], heaviest(places)),
		'',
		table(['self time by function', 'ms', '%'], heaviest(functions))
	].join('\n');
}

/** Every profile in a folder summed: the nodes of one region run. */
export function summariseProfilesIn(directory: string): string {
	const files = readdirSync(directory)
		.filter((name) => name.endsWith('.cpuprofile'))
		.map((name) => join(directory, name));
	if (files.length === 0) return `No CPU profile in ${directory}.`;
	const profiles = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
	return `${directory} (${files.length} processes)\n\n${summariseProfile(profiles)}`;
}

export function summariseLatestProfile(directory: string): string {
	const files = readdirSync(directory)
		.filter((name) => name.endsWith('.cpuprofile'))
		.map((name) => join(directory, name))
		.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
	if (files.length === 0) return `No CPU profile in ${directory}.`;
	const profile = JSON.parse(readFileSync(files[0], 'utf8')) as CpuProfile;
	return `${files[0]}\n\n${summariseProfile(profile)}`;
}
