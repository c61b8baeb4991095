// Counts attempts per key (a network address) in a fixed window, in memory only: nothing of
// it is ever stored, and keys are forgotten once their window is over.

export class AttemptCounter {
	private readonly windows = new Map<string, { start: number; count: number }>();
	private readonly limit: number;
	private readonly windowMs: number;
	private readonly now: () => number;

	constructor(limit: number, windowMs: number, now: () => number = Date.now) {
		this.limit = limit;
		this.windowMs = windowMs;
		this.now = now;
	}

	private current(key: string, at: number) {
		const window = this.windows.get(key);
		return window && at - window.start < this.windowMs ? window : null;
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
			if (at - window.start >= this.windowMs) this.windows.delete(key);
	}
}
