// When results leave for the board: a lone answer at once, a burst coalesced.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resultsIntervalMs } from '../../../src/lib/server/limits.ts';
import { Broadcaster } from '../../../src/lib/server/realtime/broadcaster.ts';
import type { RealtimeServer } from '../../../src/lib/server/realtime/types.ts';
import type { Sessions } from '../../../src/lib/server/sessions.ts';

let sent: { room: string; event: string; answered: number }[];
let answered: number;
/** The pupil sockets of the session on this process, by pseudonym. */
let connected: string[];
/** The board sockets of the session on this process. */
let boards: number;
/** What the other processes answer when asked for their pupils (region mode). */
let others: string[][];
/** How many boards each other process has. */
let othersBoards: number[];
/** Another process not answering in time: socket.io then gives the answers of the others. */
let unreachable: boolean;
let broadcaster: Broadcaster;

beforeEach(() => {
	vi.useFakeTimers();
	sent = [];
	answered = 0;
	connected = [];
	others = [];
	boards = 0;
	othersBoards = [];
	unreachable = false;
	const io = {
		to: (room: string) => ({
			emit: (event: string, payload: { answered: number }) =>
				sent.push({ room, event, answered: payload.answered })
		}),
		of: () => ({
			adapter: {
				rooms: new Map([
					['session:sessie:pupils', new Set(connected.map((_, index) => `s${index}`))],
					[
						'session:sessie:board',
						new Set(Array.from({ length: boards }, (_, index) => `b${index}`))
					]
				])
			},
			sockets: new Map(connected.map((pupilKey, index) => [`s${index}`, { data: { pupilKey } }]))
		}),
		on: () => {},
		serverSideEmit: (
			_event: string,
			_sessionId: string,
			reply: (error: Error | null, answers: { pupilKeys: string[]; boards: number }[]) => void
		) => {
			const answers = others.map((pupilKeys, index) => ({
				pupilKeys,
				boards: othersBoards[index] ?? 0
			}));
			queueMicrotask(() =>
				unreachable
					? reply(
							new Error('timeout reached: only 1 responses received out of 2'),
							answers.slice(0, 1)
						)
					: reply(null, answers)
			);
		}
	} as unknown as RealtimeServer;
	const sessions = {
		latestResults: async () => ({ board: { answered }, host: { answered } })
	} as unknown as Sessions;
	broadcaster = new Broadcaster(io, sessions, { sharedWithOthers: () => true });
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
		expect(await broadcaster.count('sessie')).toMatchObject({ pupils: 30 });
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
		expect(await broadcaster.count('sessie')).toMatchObject({ pupils: 1 });
		connected = [];
		expect(await broadcaster.count('sessie')).toMatchObject({ pupils: 0 });
	});

	it('counts the pupils of every process, a pupil connected to two of them once', async () => {
		connected = ['leerling-1', 'leerling-2'];
		others = [['leerling-3'], ['leerling-2', 'leerling-4']];
		expect(await broadcaster.count('sessie')).toMatchObject({ pupils: 4 });
	});

	it('counts those who answered when a process does not, and asks again a moment later', async () => {
		connected = ['leerling-1'];
		others = [['leerling-2'], ['leerling-3']];
		unreachable = true;
		broadcaster.changed('sessie');
		await vi.advanceTimersByTimeAsync(0);
		expect(presenceSent()).toHaveLength(1);
		expect(await broadcaster.count('sessie')).toMatchObject({ pupils: 2 });
		unreachable = false;
		await vi.advanceTimersByTimeAsync(2_000 + resultsIntervalMs);
		expect(presenceSent()).toHaveLength(2);
		expect(await broadcaster.count('sessie')).toMatchObject({ pupils: 3 });
	});
	it('counts the boards attached on every process, so the console knows one shows the lesson', async () => {
		expect(await broadcaster.count('sessie')).toEqual({ pupils: 0, boards: 0 });
		boards = 1;
		others = [[], []];
		othersBoards = [0, 1];
		expect(await broadcaster.count('sessie')).toEqual({ pupils: 0, boards: 2 });
	});
});
