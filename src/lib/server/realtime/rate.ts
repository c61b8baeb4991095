// Small in-memory rate limiters for the transport. Nothing here is persisted.

/** A token bucket: `rate` events per second, bursts up to `burst`. */
export class TokenBucket {
	private tokens: number;
	private last: number;
	private readonly rate: number;
	private readonly burst: number;
	private readonly now: () => number;

	constructor(rate: number, burst: number, now: () => number = Date.now) {
		this.rate = rate;
		this.burst = burst;
		this.now = now;
		this.tokens = burst;
		this.last = now();
	}

	take(): boolean {
		const at = this.now();
		this.tokens = Math.min(this.burst, this.tokens + ((at - this.last) / 1000) * this.rate);
		this.last = at;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}

/** Counts attempts per key in a fixed one-minute window; forgets keys when their window ends. */
export class AttemptsPerMinute {
	private readonly windows = new Map<string, { start: number; count: number }>();
	private readonly limit: number;
	private readonly now: () => number;

	constructor(limit: number, now: () => number = Date.now) {
		this.limit = limit;
		this.now = now;
	}

	private current(key: string, at: number) {
		const window = this.windows.get(key);
		return window && at - window.start < 60_000 ? window : null;
	}

	exhausted(key: string): boolean {
		return (this.current(key, this.now())?.count ?? 0) >= this.limit;
	}

	count(key: string): void {
		const at = this.now();
		if (this.windows.size > 10_000) this.forgetOld(at);
		const window = this.current(key, at);
		if (window) window.count += 1;
		else this.windows.set(key, { start: at, count: 1 });
	}

	private forgetOld(at: number) {
		for (const [key, window] of this.windows)
			if (at - window.start >= 60_000) this.windows.delete(key);
	}
}
