// Many changes, few messages: after `mark(key)`, `send(key)` runs once the current turn of the
// event loop is over when the key has been quiet, or else when its cool-down of `intervalMs`
// since the last send ends. Marks in between collapse into that one send. A send that throws is
// logged and the next one runs as usual.

import { guarded } from '../guard.ts';

export class Coalescer {
	private readonly send: (key: string) => void;
	private readonly intervalMs: number;
	/** Per key: the send about to run, or the cool-down after one. */
	private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
	private readonly marked = new Set<string>();
	private closed = false;

	constructor(send: (key: string) => void, intervalMs: number) {
		this.send = guarded('coalesced send', send);
		this.intervalMs = intervalMs;
	}

	mark(key: string) {
		if (this.closed) return;
		this.marked.add(key);
		// A timer of 0 runs after the I/O already waiting, so changes that came in together
		// leave together.
		if (!this.timers.has(key))
			this.timers.set(
				key,
				setTimeout(() => this.run(key), 0)
			);
	}

	/** Sends at once, cool-down or not (a teacher's reveal should not wait). */
	now(key: string) {
		if (this.closed) return;
		clearTimeout(this.timers.get(key));
		this.marked.add(key);
		this.run(key);
	}

	private run(key: string) {
		this.timers.set(
			key,
			setTimeout(() => this.cooledDown(key), this.intervalMs)
		);
		if (this.marked.delete(key)) this.send(key);
	}

	private cooledDown(key: string) {
		this.timers.delete(key);
		if (this.marked.has(key)) this.run(key);
	}

	/** After this nothing is sent: sockets still say goodbye while a server closes. */
	close() {
		this.closed = true;
		for (const timer of this.timers.values()) clearTimeout(timer);
		this.timers.clear();
	}
}
