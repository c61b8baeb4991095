// Small in-memory rate limiters for the transport. Nothing here is persisted.

import { AttemptCounter } from '../attempt-counter.ts';

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

/**
 * Wrong join codes, so that guessing stays slow while nobody is kept out by others' typos.
 * Each connection may mistype a few times a minute, then waits alone. Each address (a school
 * behind NAT) has a large reserve of wrong codes that refills slowly: classes mistyping never
 * empty it, someone guessing empties it once and then gets only the refill rate. Right codes
 * are checked only while both allow an attempt, so a refusal never tells a right code apart.
 */
export class JoinLimiter {
	private readonly connections: AttemptCounter;
	private readonly addresses = new Map<string, { tokens: number; at: number }>();
	private readonly reserve: number;
	private readonly refillPerMs: number;
	private readonly now: () => number;

	constructor(
		{
			perConnectionPerMinute,
			addressReserve,
			addressPerHour
		}: { perConnectionPerMinute: number; addressReserve: number; addressPerHour: number },
		now: () => number = Date.now
	) {
		this.connections = new AttemptCounter(perConnectionPerMinute, 60_000, now);
		this.reserve = addressReserve;
		this.refillPerMs = addressPerHour / 3_600_000;
		this.now = now;
	}

	private tokens(address: string, at: number): number {
		const bucket = this.addresses.get(address);
		if (!bucket) return this.reserve;
		return Math.min(this.reserve, bucket.tokens + (at - bucket.at) * this.refillPerMs);
	}

	/** Whether this connection at this address may try a code now. */
	allows(address: string, connection: string): boolean {
		return !this.connections.exhausted(connection) && this.tokens(address, this.now()) >= 1;
	}

	/** Counts a wrong code against the connection and its address. */
	failed(address: string, connection: string): void {
		const at = this.now();
		this.connections.count(connection);
		if (this.addresses.size > 10_000) this.forgetFull(at);
		this.addresses.set(address, { tokens: Math.max(0, this.tokens(address, at) - 1), at });
	}

	/** A full reserve is the same as none remembered. */
	private forgetFull(at: number) {
		for (const address of this.addresses.keys())
			if (this.tokens(address, at) >= this.reserve) this.addresses.delete(address);
	}
}
