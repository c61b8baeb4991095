// How a class stands on a position line, said in words relative to the line's two poles and its
// middle, from the ten buckets the board receives (never one pupil's position). The board shows
// this beside the dots, so nobody has to read a number like "middle position: 50".

/** Pupils near the first pole, around the middle and near the second pole. */
export interface Regions {
	nearFrom: number;
	middle: number;
	nearTo: number;
}

export type Spread =
	| { kind: 'near'; pole: 'from' | 'to' }
	| { kind: 'near-middle' }
	| { kind: 'toward'; pole: 'from' | 'to' }
	| { kind: 'split' }
	| { kind: 'wide' };

/** Buckets 0–2 (positions 0–29) lie near the first pole, 3–6 around the middle, 7–9 near the second. */
export function regionsOf(buckets: number[]): Regions {
	const sum = (from: number, to: number) =>
		buckets.slice(from, to).reduce((total, count) => total + count, 0);
	return { nearFrom: sum(0, 3), middle: sum(3, 7), nearTo: sum(7, 10) };
}

/** Most of the class (three in five) in one region, else between two, else divided or spread. */
export function describeSpread(buckets: number[]): Spread | null {
	const { nearFrom, middle, nearTo } = regionsOf(buckets);
	const total = nearFrom + middle + nearTo;
	if (total === 0) return null;
	const most = 0.6 * total;
	if (nearFrom >= most) return { kind: 'near', pole: 'from' };
	if (nearTo >= most) return { kind: 'near', pole: 'to' };
	if (middle >= most) return { kind: 'near-middle' };
	if (nearFrom >= 0.25 * total && nearTo >= 0.25 * total && middle < Math.min(nearFrom, nearTo))
		return { kind: 'split' };
	if (middle + nearFrom >= 0.8 * total) return { kind: 'toward', pole: 'from' };
	if (middle + nearTo >= 0.8 * total) return { kind: 'toward', pole: 'to' };
	return { kind: 'wide' };
}
