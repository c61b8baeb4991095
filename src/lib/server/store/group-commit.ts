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
