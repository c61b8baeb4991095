// Group commit: the answers that arrive in one turn of the event loop are written in one
// transaction, so a class answering at once costs one sync to disk instead of thirty. Each
// caller learns its own outcome only when the transaction holding its answer is committed,
// which is when the pupil may be told that the answer arrived.

import type { AnswerWrite, AnswerWriteResult, Store } from './store.ts';

interface Waiting {
	write: AnswerWrite;
	resolve: (result: AnswerWriteResult) => void;
	reject: (error: unknown) => void;
}

export class AnswerGroupCommit {
	private readonly store: Store;
	private waiting: Waiting[] = [];

	constructor(store: Store) {
		this.store = store;
	}

	write(write: AnswerWrite): Promise<AnswerWriteResult> {
		return new Promise((resolve, reject) => {
			// setImmediate runs right after the sockets' input of this turn has been read.
			if (this.waiting.length === 0) setImmediate(() => this.commit());
			this.waiting.push({ write, resolve, reject });
		});
	}

	private commit() {
		const batch = this.waiting;
		this.waiting = [];
		let results: AnswerWriteResult[];
		try {
			results = this.store.writeAnswers(batch.map(({ write }) => write));
		} catch (error) {
			if (batch.length === 1) batch[0].reject(error);
			// One bad write (a session deleted in this very turn) rolled back the whole batch:
			// each is tried again on its own, so only that one fails and every other class's counts.
			else for (const waiting of batch) this.commitAlone(waiting);
			return;
		}
		batch.forEach(({ resolve }, index) => resolve(results[index]));
	}

	private commitAlone({ write, resolve, reject }: Waiting) {
		try {
			resolve(this.store.writeAnswers([write])[0]);
		} catch (error) {
			reject(error);
		}
	}
}
