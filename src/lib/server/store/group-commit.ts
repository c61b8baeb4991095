// Group commit: the answers that arrive in one turn of the event loop are written in one
// transaction, so a class answering at once costs one sync to disk (or one round trip to
// PostgreSQL) instead of thirty. Each caller learns its own outcome only when the transaction
// holding its answer is committed, which is when the pupil may be told that the answer arrived.

import type { AnswerWrite, AnswerWriteResult, Store } from './store.ts';

/** The answers of a moment in one transaction, one commit: a `Batcher` with the store's window. */
export class AnswerGroupCommit {
	private readonly batches: Batcher<AnswerWrite, AnswerWriteResult>;

	constructor(store: Store) {
		this.batches = new Batcher((writes) => store.writeAnswers(writes), store.answerCommitWindowMs);
	}

	write(write: AnswerWrite): Promise<AnswerWriteResult> {
		return this.batches.add(write);
	}

	/** Writes the answers that wait now; settles once every answer given to it is written. */
	drain(): Promise<void> {
		return this.batches.drain();
	}
}

interface Pending<Item, Result> {
	item: Item;
	resolve: (result: Result) => void;
	reject: (error: unknown) => void;
}

/**
 * Items of one kind gathered for a few milliseconds (and while the batch before is being
 * written) and written by one statement, one commit: the answers of one turn of the event loop
 * (a window of 0), region mode's joins, where each would otherwise cost PostgreSQL a commit of
 * its own. Each caller settles when the batch holding its item is committed. A batch that fails
 * is tried again item by item, so one bad item fails alone and every other class's counts.
 */
export class Batcher<Item, Result> {
	private readonly writeBatch: (items: Item[]) => Promise<Result[]>;
	private readonly windowMs: number;
	private waiting: Pending<Item, Result>[] = [];
	private writing: Promise<void> | null = null;
	/** The batch about to be written; cancelling it leaves its items waiting. */
	private timer: { cancel(): void } | null = null;

	constructor(writeBatch: (items: Item[]) => Promise<Result[]>, windowMs: number) {
		if (!(windowMs >= 0 && windowMs < Infinity))
			throw new RangeError(`A batch's window is 0 ms or more, not ${windowMs}`);
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
			this.timer?.cancel();
			this.timer = null;
			if (!this.writing) this.writing = this.commit();
			await this.writing;
		}
	}

	private schedule() {
		if (this.timer || this.writing || this.waiting.length === 0) return;
		const write = () => {
			this.timer = null;
			this.writing = this.commit();
		};
		if (this.windowMs === 0) {
			// setImmediate runs right after the sockets' input of this turn has been read.
			const immediate = setImmediate(write);
			this.timer = { cancel: () => clearImmediate(immediate) };
		} else {
			const timeout = setTimeout(write, this.windowMs);
			this.timer = { cancel: () => clearTimeout(timeout) };
		}
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
