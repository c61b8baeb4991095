// Group commit: the answers that arrive in one turn of the event loop are written in one
// transaction, so a class answering at once costs one sync to disk (or one round trip to
// PostgreSQL) instead of thirty. Each caller learns its own outcome only when the transaction
// holding its answer is committed, which is when the pupil may be told that the answer arrived.

import type { AnswerWrite, AnswerWriteResult, Store } from './store.ts';

interface Waiting {
	write: AnswerWrite;
	resolve: (result: AnswerWriteResult) => void;
	reject: (error: unknown) => void;
}

export class AnswerGroupCommit {
	private readonly store: Store;
	private waiting: Waiting[] = [];
	/** One batch at a time: what arrives while one is being written forms the next. */
	private writing = false;
	private scheduled = false;

	constructor(store: Store) {
		this.store = store;
	}

	write(write: AnswerWrite): Promise<AnswerWriteResult> {
		return new Promise((resolve, reject) => {
			this.waiting.push({ write, resolve, reject });
			this.schedule();
		});
	}

	private schedule() {
		if (this.scheduled || this.writing || this.waiting.length === 0) return;
		this.scheduled = true;
		// setImmediate runs right after the sockets' input of this turn has been read.
		setImmediate(() => {
			this.scheduled = false;
			void this.commit();
		});
	}

	private async commit() {
		const batch = this.waiting;
		this.waiting = [];
		this.writing = true;
		try {
			let results: AnswerWriteResult[] | undefined;
			try {
				results = await this.store.writeAnswers(batch.map(({ write }) => write));
			} catch (error) {
				if (batch.length === 1) batch[0].reject(error);
				// One bad write rolled back the whole batch: each is tried again on its own, so
				// only that one fails and every other class's answer counts.
				else for (const waiting of batch) await this.commitAlone(waiting);
			}
			if (results) batch.forEach(({ resolve }, index) => resolve(results[index]));
		} finally {
			this.writing = false;
			this.schedule();
		}
	}

	private async commitAlone({ write, resolve, reject }: Waiting) {
		try {
			resolve((await this.store.writeAnswers([write]))[0]);
		} catch (error) {
			reject(error);
		}
	}
}

interface Pending<Item, Result> {
	item: Item;
	resolve: (result: Result) => void;
	reject: (error: unknown) => void;
}

/**
 * Items of one kind gathered for a few milliseconds (and while the batch before is being
 * written) and written by one statement, one commit: region mode's joins, where each would
 * otherwise cost PostgreSQL a commit of its own. Each caller settles when the batch holding its
 * item is committed. A batch that fails is tried again item by item, so one bad item fails alone.
 */
export class Batcher<Item, Result> {
	private readonly writeBatch: (items: Item[]) => Promise<Result[]>;
	private readonly windowMs: number;
	private waiting: Pending<Item, Result>[] = [];
	private writing: Promise<void> | null = null;
	private timer: ReturnType<typeof setTimeout> | null = null;

	constructor(writeBatch: (items: Item[]) => Promise<Result[]>, windowMs: number) {
		this.writeBatch = writeBatch;
		this.windowMs = windowMs;
	}

	add(item: Item): Promise<Result> {
		return new Promise((resolve, reject) => {
			this.waiting.push({ item, resolve, reject });
			this.schedule();
		});
	}

	/** Writes what waits now, and settles when nothing waits or is being written. */
	async drain(): Promise<void> {
		while (this.writing || this.waiting.length > 0) {
			if (this.timer) clearTimeout(this.timer);
			this.timer = null;
			if (!this.writing) this.writing = this.commit();
			await this.writing;
		}
	}

	private schedule() {
		if (this.timer || this.writing || this.waiting.length === 0) return;
		this.timer = setTimeout(() => {
			this.timer = null;
			this.writing = this.commit();
		}, this.windowMs);
	}

	private async commit() {
		const batch = this.waiting;
		this.waiting = [];
		try {
			let results: Result[] | undefined;
			try {
				results = await this.writeBatch(batch.map(({ item }) => item));
			} catch (error) {
				if (batch.length === 1) batch[0].reject(error);
				else for (const pending of batch) await this.commitAlone(pending);
			}
			if (results) batch.forEach(({ resolve }, index) => resolve(results[index]));
		} finally {
			this.writing = null;
			this.schedule();
		}
	}

	private async commitAlone({ item, resolve, reject }: Pending<Item, Result>) {
		try {
			resolve((await this.writeBatch([item]))[0]);
		} catch (error) {
			reject(error);
		}
	}
}
