// The benchmark's own correctness checks: run small classrooms against the baseline server,
// then against copies of it that lose or double one answer, and see the harness notice.

import { afterEach, describe, expect, it } from 'vitest';
import { defaultLoad, runLoad, type LoadOptions } from '../../bench/load/generator.ts';
import { startBaseline, type BaselineFault } from '../../bench/servers/baseline.ts';

const small: Omit<LoadOptions, 'url'> = {
	...defaultLoad,
	rooms: 3,
	pupils: 8,
	workers: 2,
	roomStartWindowMs: 0,
	joinWindowMs: 200,
	answerWindowMs: 500,
	settleMs: 300,
	ackTimeoutMs: 3_000,
	passShare: 0.2,
	// Every pupil's one answer is their final one, so a single lost or doubled answer shows.
	changeShare: 0,
	reconnectShare: 0
};

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
	await stop?.();
	stop = undefined;
});

async function loadAgainstBaseline(options: Partial<LoadOptions>, fault?: BaselineFault) {
	const server = await startBaseline({ fault });
	stop = server.close;
	return runLoad({ ...small, ...options, url: server.url });
}

describe('the load generator', () => {
	it('counts every answer of a correct server once, with changes and reconnects', async () => {
		const report = await loadAgainstBaseline({ changeShare: 0.5, reconnectShare: 0.5 });
		expect(report.errors).toEqual({});
		expect(report.join.count).toBe(3 * 8);
		expect(report.sent).toBeGreaterThan(3 * 8);
		expect(report.acknowledged).toBe(report.sent);
		expect(report.ack.count).toBe(report.acknowledged);
		expect(report.board.count).toBe(report.acknowledged);
		expect(report.boardUnseen).toBe(0);
		expect(report.resumeMismatches).toBe(0);
		expect(report).toMatchObject({
			lostOnBoard: 0,
			lostInStore: 0,
			doubleOnBoard: 0,
			doubleInStore: 0
		});
	}, 30_000);

	it('reports an answer the server acknowledged but dropped', async () => {
		const report = await loadAgainstBaseline({}, { dropAnswer: 5 });
		expect(report.acknowledged).toBe(3 * 8);
		expect(report).toMatchObject({
			lostOnBoard: 1,
			lostInStore: 1,
			doubleOnBoard: 0,
			doubleInStore: 0
		});
		// Its board never reaches the state that includes the dropped answer.
		expect(report.boardUnseen).toBeGreaterThan(0);
	}, 30_000);

	it('reports an answer the server counted twice', async () => {
		const report = await loadAgainstBaseline({}, { countTwice: 7 });
		expect(report).toMatchObject({
			lostOnBoard: 0,
			lostInStore: 0,
			doubleOnBoard: 1,
			doubleInStore: 1
		});
	}, 30_000);

	it('reports classrooms it could not run instead of passing them silently', async () => {
		const report = await runLoad({ ...small, rooms: 2, url: 'http://127.0.0.1:9' });
		expect(report.acknowledged).toBe(0);
		expect(Object.values(report.errors).reduce((sum, count) => sum + count, 0)).toBe(2);
	}, 30_000);
});
