// Proof, for the type checker, that both ends of the realtime contract are held to it: every
// line marked @ts-expect-error must fail to compile, or `npm run check` fails. Nothing here
// runs; svelte-check (and tsc) check this file with the rest of tests/.

import { command, type LiveSocket } from '../../src/lib/live/connection.ts';
import { schemas } from '../../src/lib/protocol.ts';
import type { Commands } from '../../src/lib/server/realtime/commands.ts';

export function clientEnd(socket: LiveSocket) {
	// Right: the event decides the payload and what the answer holds.
	void command(socket, 'session:step', { step: 2 }).then((answer) => {
		if ('data' in answer) {
			const step: number = answer.data.step;
			// @ts-expect-error a session view has no `token`
			void answer.data.token;
			return step;
		}
	});
	void command(socket, 'block:close');

	// @ts-expect-error a misspelt event
	void command(socket, 'session:stpe', { step: 2 });
	// @ts-expect-error a wrong payload
	void command(socket, 'session:step', { step: '2' });
	// @ts-expect-error a payload of another event
	void command(socket, 'answer:submit', { blockId: 'b', text: 'hallo', clientId: 'abcd' });
	// @ts-expect-error a missing payload
	void command(socket, 'block:open');
	// @ts-expect-error a timer extension without its id
	void command(socket, 'timer:extend', { minutes: 1 });
}

export function serverEnd(commands: Commands) {
	const host = { role: 'host' } as const;
	// Right: the schema fits the event and the handler answers what the event promises; the role
	// decides what the handler knows of the socket.
	commands.on('block:open', schemas.block, host, ({ blockId }, { sessionId }) => ({
		error: blockId && sessionId ? 'block-not-open' : 'block-not-found'
	}));
	commands.on('answer:submit', schemas.answer, { role: 'pupil' }, (_, pupil) => ({
		error: pupil.pupilKey ? 'block-not-open' : 'not-attached'
	}));

	// @ts-expect-error a misspelt event
	commands.on('blok:open', schemas.block, host, () => ({ error: 'block-not-found' }));
	// @ts-expect-error a schema for another payload
	commands.on('session:step', schemas.lock, host, () => ({ error: 'no-timer' }));
	commands.on('response:vote', schemas.response, { role: 'pupil' }, () => ({
		// @ts-expect-error an answer of the wrong shape
		data: { stored: true }
	}));
	// @ts-expect-error an error code that does not exist
	commands.on('block:close', schemas.empty, host, () => ({ error: 'oops' }));
	// @ts-expect-error a role the server does not know
	commands.on('block:close', schemas.empty, { role: 'teacher' }, () => ({
		error: 'not-host'
	}));
	// @ts-expect-error a command without its role
	commands.on('block:close', schemas.empty, () => ({ error: 'not-host' }));
	commands.on('block:open', schemas.block, host, (_, __, { socket }) => ({
		// @ts-expect-error the connection's socket is the contract's: it emits only its events
		error: socket.emit('results:updaet', {}) ? 'not-host' : 'not-attached'
	}));
	commands.on('block:close', schemas.empty, host, (_, attached) => ({
		// @ts-expect-error a host has no pupil pseudonym
		error: attached.pupilKey ? 'not-host' : 'not-attached'
	}));
}
