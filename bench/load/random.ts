// A seeded random source, so a run can be repeated with the same classrooms.

export interface Random {
	/** Uniform in [0, 1). */
	next(): number;
	between(low: number, high: number): number;
	/** Uniform integer in [low, high]. */
	integer(low: number, high: number): number;
	/** Log-normally distributed around `median`: a long tail, as human reaction times have. */
	logNormal(median: number, sigma: number): number;
}

export function seededRandom(seed: number): Random {
	// mulberry32: tiny and good enough to spread simulated pupils.
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
		mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
	};
	const normal = () => {
		// Box-Muller; 1 - next() keeps the logarithm away from zero.
		const radius = Math.sqrt(-2 * Math.log(1 - next()));
		return radius * Math.cos(2 * Math.PI * next());
	};
	return {
		next,
		between: (low, high) => low + (high - low) * next(),
		integer: (low, high) => low + Math.floor((high - low + 1) * next()),
		logNormal: (median, sigma) => median * Math.exp(sigma * normal())
	};
}
