// Tweegesprek: who talks with whom. Pupils are paired across the answers they gave to an earlier
// stelling, thermometer or position line, so that each talks with someone who answered
// differently where the class's answers allow it; an odd pupil makes a three. Pure functions of
// pseudonyms and positions: who answered what never leaves the server, and nothing here is kept
// once the block closes (sessions.ts drops the groups with it).

import type { AnswerValue } from '../lessons/answers.ts';
import type { PairGroup } from './store/store.ts';

/** A pupil who may be paired: their session pseudonym and where their answer lies on 0..1. */
export interface Candidate {
	key: string;
	position: number;
}

/**
 * Pseudonyms, two or three; `across` when not everyone in it gave the same answer (then each
 * member talks with someone who answered otherwise); `sign`, the group's place in its round,
 * which gives its sign and stays while other groups change.
 */
export type Group = PairGroup;

/**
 * Where an answer lies on a line from one side (0) to the other (1): a stelling's or
 * thermometer's 1-5, a position line's 0-100. 'Weet niet' (a stelling's 0) stands in the middle.
 * Null for an answer with no place on a line: a pass, a choice, words.
 */
export function positionOnLine(answer: AnswerValue): number | null {
	if (answer.kind === 'scale') return answer.value === 0 ? 0.5 : (answer.value - 1) / 4;
	if (answer.kind === 'position') return answer.value / 100;
	return null;
}

const acrossOf = (members: string[], positions: ReadonlyMap<string, number>) =>
	new Set(members.map((key) => positions.get(key))).size > 1;

/**
 * The groups for a round. Sorted along the line (equal answers in random order, so a new round
 * makes new pairs among them), the lower half is paired with the upper half in order: every pair
 * spans about half the class, and as many pairs as possible hold two different answers (all of
 * them unless one answer has more than half the class). With an odd number, the pupil in the
 * middle joins the pair that lies furthest apart. Fewer than two candidates make no group.
 */
export function makeGroups(
	candidates: readonly Candidate[],
	random: () => number = Math.random
): Group[] {
	const unique = [...new Map(candidates.map((candidate) => [candidate.key, candidate])).values()];
	if (unique.length < 2) return [];
	const shuffled = [...unique];
	for (let index = shuffled.length - 1; index > 0; index -= 1) {
		const other = Math.floor(random() * (index + 1));
		[shuffled[index], shuffled[other]] = [shuffled[other], shuffled[index]];
	}
	// Array.prototype.sort is stable: equal positions keep their shuffled order.
	const sorted = shuffled.sort((a, b) => a.position - b.position);
	const positions = new Map(sorted.map((candidate) => [candidate.key, candidate.position]));
	const half = Math.floor(sorted.length / 2);
	const middle = sorted.length % 2 === 1 ? sorted[half] : null;
	const lower = sorted.slice(0, half);
	const upper = sorted.slice(sorted.length - half);
	const pairs = lower.map((low, index) => [low, upper[index]]);
	if (middle) {
		let widest = 0;
		pairs.forEach(([low, high], index) => {
			const [wideLow, wideHigh] = pairs[widest];
			if (high.position - low.position > wideHigh.position - wideLow.position) widest = index;
		});
		pairs[widest].push(middle);
	}
	return pairs.map((pair, sign) => {
		const members = pair.map((candidate) => candidate.key);
		return { members, across: acrossOf(members, positions), sign };
	});
}

/**
 * The groups without a pupil who stepped out. A partner left alone joins the group whose answers
 * lie furthest from theirs (a pair before a three), or stays without a group when there is none.
 */
export function withoutPupil(
	groups: readonly Group[],
	key: string,
	positions: ReadonlyMap<string, number>
): Group[] {
	const left: Group[] = [];
	let alone: string | null = null;
	for (const group of groups) {
		if (!group.members.includes(key)) {
			left.push(group);
			continue;
		}
		const members = group.members.filter((member) => member !== key);
		if (members.length === 1) alone = members[0];
		else left.push({ ...group, members, across: acrossOf(members, positions) });
	}
	return alone === null ? left : joined(left, alone, positions);
}

/**
 * The groups with one more pupil (one who steps back in, or was left alone): they join the
 * group whose answers lie furthest from theirs, a pair before a three. Without any group they
 * stay without one; a pupil already in a group stays where they are.
 */
export function withPupil(
	groups: readonly Group[],
	key: string,
	positions: ReadonlyMap<string, number>
): Group[] {
	if (groups.some((group) => group.members.includes(key))) return [...groups];
	return joined(groups, key, positions);
}

function joined(
	groups: readonly Group[],
	key: string,
	positions: ReadonlyMap<string, number>
): Group[] {
	if (groups.length === 0) return [];
	const own = positions.get(key) ?? 0.5;
	// Furthest from the member nearest to them, so they do not join their own answer; then
	// furthest from the group as a whole.
	const distances = (group: Group) => {
		const apart = group.members.map((member) => Math.abs(own - (positions.get(member) ?? 0.5)));
		return [Math.min(...apart), apart.reduce((sum, value) => sum + value, 0) / apart.length];
	};
	const further = (a: Group, b: Group) => {
		const [nearestA, meanA] = distances(a);
		const [nearestB, meanB] = distances(b);
		return nearestA > nearestB || (nearestA === nearestB && meanA > meanB);
	};
	const smallest = Math.min(...groups.map((group) => group.members.length));
	let chosen = -1;
	groups.forEach((group, index) => {
		if (group.members.length !== smallest) return;
		if (chosen === -1 || further(group, groups[chosen])) chosen = index;
	});
	return groups.map((group, index) => {
		if (index !== chosen) return group;
		const members = [...group.members, key];
		return { ...group, members, across: acrossOf(members, positions) };
	});
}
