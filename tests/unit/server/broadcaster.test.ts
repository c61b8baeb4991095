// When results leave for the board: a lone answer at once, a burst coalesced.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resultsIntervalMs } from '../../../src/lib/server/limits.ts';
import { Broadcaster } from '../../../src/lib/server/realtime/broadcaster.ts';
import type { RealtimeServer } from '../../../src/lib/server/realtime/index.ts';
import type { Sessions } from '../../../src/lib/server/sessions.ts';

let sent: { room: string; event: string; answered: number }[];
let answered: number;
let broadcaster: Broadcaster;

beforeEach(() => {
	vi.useFakeTimers();
	sent = [];
	answered = 0;
	const io = {
		to: (room: string) => ({
			emit: (event: string, payload: { answered: number }) =>
				sent.push({ room, event, answered: payload.answered })
		})
	} as unknown as RealtimeServer;
	const sessions = {
		getSession: (id: string) => ({ id }),
		resultsForBoardAndHost: () => ({ board: { answered }, host: { answered } })
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
	it('sends a lone answer once the current turn is over, without waiting an interval', () => {
		answer();
		expect(sent).toEqual([]);
		vi.advanceTimersByTime(0);
		expect(sent.map((message) => message.event)).toEqual(['results:update', 'results:update']);
		expect(boardUpdates()).toEqual([expect.objectContaining({ answered: 1 })]);
	});

	it('sends answers that arrive in the same turn together', () => {
		for (let index = 0; index < 30; index += 1) answer();
		vi.advanceTimersByTime(0);
		expect(boardUpdates()).toEqual([expect.objectContaining({ answered: 30 })]);
	});

	it('holds a burst during the cool-down and then sends it as one update', () => {
		answer();
		vi.advanceTimersByTime(0);
		for (let index = 0; index < 10; index += 1) {
			answer();
			vi.advanceTimersByTime(resultsIntervalMs / 20);
		}
		expect(boardUpdates()).toHaveLength(1);
		vi.advanceTimersByTime(resultsIntervalMs);
		expect(boardUpdates().map((message) => message.answered)).toEqual([1, 11]);
	});

	it('sends at once again after a quiet interval', () => {
		answer();
		vi.advanceTimersByTime(0);
		vi.advanceTimersByTime(resultsIntervalMs * 3);
		answer();
		vi.advanceTimersByTime(0);
		expect(boardUpdates().map((message) => message.answered)).toEqual([1, 2]);
	});

	it('sends a reveal at once, even during a cool-down', () => {
		answer();
		vi.advanceTimersByTime(0);
		broadcaster.flushNow('sessie', 'peiling');
		expect(boardUpdates()).toHaveLength(2);
	});
});

describe('closing', () => {
	it('sends nothing once closed, though sockets still leave and results were waiting', () => {
		answer();
		vi.advanceTimersByTime(0);
		answer();
		broadcaster.close();
		broadcaster.pupilLeft('sessie', 'leerling');
		broadcaster.flushNow('sessie', 'peiling');
		vi.advanceTimersByTime(resultsIntervalMs * 2);
		expect(boardUpdates()).toHaveLength(1);
		expect(vi.getTimerCount()).toBe(0);
	});
});

describe('presence', () => {
	it('tells the board of a class arriving at once in one message', () => {
		for (let index = 0; index < 30; index += 1)
			broadcaster.pupilArrived('sessie', `leerling-${index}`);
		vi.advanceTimersByTime(0);
		const presence = sent.filter((message) => message.event === 'presence:update');
		expect(presence).toHaveLength(1);
		expect(broadcaster.presence('sessie')).toEqual({ pupils: 30 });
	});

	it('never holds up the results of an answer', () => {
		broadcaster.pupilArrived('sessie', 'leerling');
		vi.advanceTimersByTime(0);
		answer();
		vi.advanceTimersByTime(0);
		expect(boardUpdates()).toEqual([expect.objectContaining({ answered: 1 })]);
	});

	it('counts a pupil with two phones once, until both have left', () => {
		broadcaster.pupilArrived('sessie', 'leerling');
		broadcaster.pupilArrived('sessie', 'leerling');
		broadcaster.pupilLeft('sessie', 'leerling');
		expect(broadcaster.presence('sessie')).toEqual({ pupils: 1 });
		broadcaster.pupilLeft('sessie', 'leerling');
		expect(broadcaster.presence('sessie')).toEqual({ pupils: 0 });
	});
});
