// A class and its teacher over the real protocol, for the states a browser test needs many
// pupils' words for (full walls, many reasons): typing them into a dozen phones would take
// minutes, and the board cannot tell the difference.

import type { BrowserContext } from '@playwright/test';
import { eventsPerSecond } from '../../src/lib/server/limits.ts';
import type { CommandEvent, CommandResult } from '../../src/lib/protocol.ts';
import {
	command,
	connect,
	type LiveSocket,
	type PayloadArgs
} from '../../src/lib/live/connection.ts';

export async function send<E extends CommandEvent>(
	client: LiveSocket,
	event: E,
	...payload: PayloadArgs<E>
): Promise<CommandResult<E>> {
	const answer = await command(client, event, ...payload);
	if ('lost' in answer) throw new Error(`${event}: no answer`);
	if ('error' in answer) throw new Error(`${event}: ${answer.error}`);
	return answer.data;
}

/** The browser's own connection (src/lib/live/connection.ts), aimed at this server. */
export function connected(origin: string): Promise<LiveSocket> {
	const client = connect(origin);
	return new Promise((ready, failed) => {
		client.once('connect', () => ready(client));
		client.once('connect_error', failed);
	});
}

/** Pupils who joined with the code, each on a connection of their own. */
export async function socketPupils(origin: string, code: string, count: number) {
	const pupils: LiveSocket[] = [];
	for (let index = 0; index < count; index += 1) {
		const client = await connected(origin);
		const { sessionId, token } = await send(client, 'pupil:join', { code });
		await send(client, 'pupil:resume', { sessionId, token });
		pupils.push(client);
	}
	return pupils;
}

/** A second connection of the teacher who started the session in `teacher`'s browser. */
export async function teacherSocket(origin: string, teacher: BrowserContext, sessionId: string) {
	const hostSecret = (await teacher.cookies()).find(
		(cookie) => cookie.name === `klasgesprek-host-${sessionId}`
	)!.value;
	const client = await connected(origin);
	await send(client, 'host:attach', { sessionId, hostSecret });
	return {
		client,
		/** Shows every waiting response of a block on the board, as "Toon" does one by one. */
		async approveAll(blockId: string) {
			const { queue } = await send(client, 'host:attach', { sessionId, hostSecret });
			const waiting = queue.filter(
				(response) => response.blockId === blockId && response.status === 'pending'
			);
			// At a teacher's pace: a connection may send five commands a second (limits.ts).
			for (const response of waiting) {
				await send(client, 'response:approve', { responseId: response.id });
				await new Promise((resolve) => setTimeout(resolve, 1000 / eventsPerSecond));
			}
			return waiting.length;
		}
	};
}
