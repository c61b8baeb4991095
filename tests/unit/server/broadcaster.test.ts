// When results leave for the board: a lone answer at once, a burst coalesced.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { presenceCountRetries, resultsIntervalMs } from '../../../src/lib/server/limits.ts';
import { Broadcaster } from '../../../src/lib/server/realtime/broadcaster.ts';
import type { RealtimeServer } from '../../../src/lib/server/realtime/types.ts';
import type { Sessions } from '../../../src/lib/server/sessions.ts';

let sent: { room: string; event: string; answered: number }[];
let answered: number;
/** The pupil sockets in the session's rooms, on every process, by pseudonym. */
let connected: string[];
/** Another process not answering in time, as socket.io's fetchSockets then rejects. */
let unreachable: boolean;
let broadcaster: Broadcaster;

beforeEach(() => {
	vi.useFakeTimers();
	sent = [];
	answered = 0;
	connected = [];
	unreachable = false;
	const io = {
		to: (room: string) => ({
			emit: (event: string, payload: { answered: number }) =>
				sent.push({ room, event, answered: payload.answered })
		}),
		in: () => ({
			fetchSockets: async () => {
				if (unreachable) throw new Error('timeout reached while waiting for fetchSockets response');
				return connected.map((pupilKey) => ({ data: { pupilKey } }));
			}
		})
	} as unknown as RealtimeServer;
	const sessions = {
		getSession: async (id: string) => ({ id }),
		resultsForBoardAndHost: async () => ({ board: { answered }, host: { answered } })
	} as unknown as Sessions;
	broadcaster = new Broadcaster(io, sessions);
});

afterEach(() => {
	broadcaster.close();
	vi.useRealTimers();
});

function answer() {
	answered += 1;
	broadcaster.resultsChanged('sessie', 'peiling');
}

const boardUpdates = () => sent.filter((message) => message.room.includes('board'));

describe('the broadcaster', () => {
	it('sends a lone answer once the current turn is over, without waiting an interval', async () => {
		answer();
		expect(sent).toEqual([]);
		await vi.advanceTimersByTimeAsync(0);
		expect(sent.map((message) => message.event)).toEqual(['results:update', 'results:update']);
		expect(boardUpdates()).toEqual([expect.objectContaining({ answered: 1 })]);
	});

	it('sends answers that arrive in the same turn together', async () => {
		for (let index = 0; index < 30; index += 1) answer();
		await vi.advanceTimersByTimeAsync(0);
		expect(boardUpdates()).toEqual([expect.objectContaining({ answered: 30 })]);
	});

	it('holds a burst during the cool-down and then sends it as one update', async () => {
		answer();
		await vi.advanceTimersByTimeAsync(0);
		for (let index = 0; index < 10; index += 1) {
			answer();
			await vi.advanceTimersByTimeAsync(resultsIntervalMs / 20);
		}
		expect(boardUpdates()).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(resultsIntervalMs);
		expect(boardUpdates().map((message) => message.answered)).toEqual([1, 11]);
	});

	it('sends at once again after a quiet interval', async () => {
		answer();
		await vi.advanceTimersByTimeAsync(0);
		await vi.advanceTimersByTimeAsync(resultsIntervalMs * 3);
		answer();
		await vi.advanceTimersByTimeAsync(0);
		expect(boardUpdates().map((message) => message.answered)).toEqual([1, 2]);
	});

	it('sends a reveal at once, even during a cool-down', async () => {
		answer();
		await vi.advanceTimersByTimeAsync(0);
		broadcaster.flushNow('sessie', 'peiling');
		await vi.advanceTimersByTimeAsync(0);
		expect(boardUpdates()).toHaveLength(2);
	});
});

describe('closing', () => {
	it('sends nothing once closed, though sockets still leave and results were waiting', async () => {
		answer();
		await vi.advanceTimersByTimeAsync(0);
		answer();
		broadcaster.close();
		broadcaster.changed('sessie');
		broadcaster.flushNow('sessie', 'peiling');
		await vi.advanceTimersByTimeAsync(resultsIntervalMs * 2);
		expect(boardUpdates()).toHaveLength(1);
		expect(vi.getTimerCount()).toBe(0);
	});
});

describe('presence', () => {
	const arrive = (pupilKey: string) => {
		connected.push(pupilKey);
		broadcaster.changed('sessie');
	};
	const presenceSent = () => sent.filter((message) => message.event === 'presence:update');

	it('tells the board of a class arriving at once in one message', async () => {
		for (let index = 0; index < 30; index += 1) arrive(`leerling-${index}`);
		await vi.advanceTimersByTimeAsync(0);
		expect(presenceSent()).toHaveLength(1);
		expect(await broadcaster.count('sessie')).toEqual({ pupils: 30 });
	});

	it('never holds up the results of an answer', async () => {
		arrive('leerling');
		await vi.advanceTimersByTimeAsync(0);
		answer();
		await vi.advanceTimersByTimeAsync(0);
		expect(boardUpdates()).toEqual([expect.objectContaining({ answered: 1 })]);
	});

	it('counts a pupil with two phones once, until both have left', async () => {
		connected = ['leerling', 'leerling'];
		expect(await broadcaster.count('sessie')).toEqual({ pupils: 1 });
		connected = [];
		expect(await broadcaster.count('sessie')).toEqual({ pupils: 0 });
	});

	it('logs a count that fails (another process not answering) and tries it again by itself', async () => {
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		unreachable = true;
		arrive('leerling');
		await vi.advanceTimersByTimeAsync(0);
		expect(presenceSent()).toEqual([]);
		expect(JSON.stringify(errors.mock.calls)).toContain('presence update failed');
		// The dead process is dropped meanwhile; nobody else arrives or leaves.
		unreachable = false;
		await vi.advanceTimersByTimeAsync(resultsIntervalMs);
		expect(presenceSent()).toHaveLength(1);
		expect(await broadcaster.count('sessie')).toEqual({ pupils: 1 });
		errors.mockRestore();
	});

	it('gives up on a count that keeps failing after a few tries, until the next change', async () => {
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		unreachable = true;
		arrive('leerling');
		await vi.advanceTimersByTimeAsync(resultsIntervalMs * (presenceCountRetries + 3));
		expect(errors).toHaveBeenCalledTimes(presenceCountRetries + 1);
		unreachable = false;
		await vi.advanceTimersByTimeAsync(resultsIntervalMs * 3);
		expect(presenceSent()).toEqual([]);
		arrive('leerling-2');
		await vi.advanceTimersByTimeAsync(resultsIntervalMs);
		expect(presenceSent()).toHaveLength(1);
		errors.mockRestore();
	});
});
