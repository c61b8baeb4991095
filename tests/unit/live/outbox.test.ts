import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../../src/lib/live/connection.ts';
import { Outbox, type AnswerHandlers } from '../../../src/lib/live/outbox.svelte.ts';
import type { Ack, CommandEvent } from '../../../src/lib/protocol.ts';
import { MemoryStorage } from '../../fixtures/memory-storage.ts';

/** A server end that records what reached it and answers as told. */
function server(answer: (event: CommandEvent, payload: unknown) => Delivery<unknown>) {
	const received: { event: CommandEvent; payload: unknown }[] = [];
	const send = async (event: CommandEvent, payload: unknown) => {
		received.push({ event, payload });
		return answer(event, payload);
	};
	return { received, send: send as never };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const accepted = (): Delivery<unknown> => ({ data: { stored: true } });

describe('the outbox', () => {
	it('sends nothing before the page has resumed, then everything in order', async () => {
		const end = server(accepted);
		const outbox = new Outbox({ storage: null, key: 'k', send: end.send, handlers: {} });
		void outbox.add('response:vote', { responseId: 'a' });
		void outbox.add('response:vote', { responseId: 'b' });
		await settle();
		expect(end.received).toEqual([]);
		outbox.resume();
		await settle();
		await settle();
		expect(end.received.map(({ payload }) => payload)).toEqual([
			{ responseId: 'a' },
			{ responseId: 'b' }
		]);
		expect(outbox.items).toEqual([]);
	});

	it('keeps what is queued across a reload of the page', async () => {
		const storage = new MemoryStorage();
		const before = new Outbox({ storage, key: 'k', send: server(accepted).send, handlers: {} });
		void before.add('answer:submit', { blockId: 'stelling', value: { kind: 'scale', value: 4 } });

		const end = server(accepted);
		const stored: string[] = [];
		const handlers: AnswerHandlers = {
			'answer:submit': ({ blockId }, answer) => {
				if ('data' in answer) stored.push(blockId);
			}
		};
		const after = new Outbox({ storage, key: 'k', send: end.send, handlers });
		expect(after.items).toHaveLength(1);
		after.resume();
		await settle();
		expect(end.received).toEqual([
			{
				event: 'answer:submit',
				payload: { blockId: 'stelling', value: { kind: 'scale', value: 4 } }
			}
		]);
		expect(stored).toEqual(['stelling']);
		expect(storage.getItem('k')).toBeNull();
	});

	it('sends a command whose answer was lost again, and forgets it only once answered', async () => {
		let attempts = 0;
		const end = server(() => (++attempts === 1 ? { lost: true } : accepted()));
		const outbox = new Outbox({
			storage: null,
			key: 'k',
			send: end.send,
			handlers: {},
			retryMs: 5
		});
		outbox.resume();
		const answer = await outbox.add('response:vote', { responseId: 'a' });
		expect(answer).toEqual({ data: { stored: true } });
		expect(end.received).toHaveLength(2);
		expect(outbox.items).toEqual([]);
	});

	it('holds everything while the connection is gone and goes on where it stopped', async () => {
		const end = server(() => ({ lost: true }));
		const outbox = new Outbox({
			storage: null,
			key: 'k',
			send: end.send,
			handlers: {},
			retryMs: 5
		});
		outbox.resume();
		void outbox.add('response:vote', { responseId: 'a' });
		await settle();
		outbox.hold();
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(end.received).toHaveLength(1);
		expect(outbox.items).toHaveLength(1);
	});

	it('replaces an answer still waiting with a newer one, and tells both callers its fate', async () => {
		const end = server(accepted);
		const outbox = new Outbox({ storage: null, key: 'k', send: end.send, handlers: {} });
		const sameBlock = (queued: { event: string; payload: unknown }) =>
			queued.event === 'answer:submit';
		const first = outbox.add(
			'answer:submit',
			{ blockId: 'b', value: { kind: 'scale', value: 1 } },
			sameBlock
		);
		const second = outbox.add(
			'answer:submit',
			{ blockId: 'b', value: { kind: 'scale', value: 5 } },
			sameBlock
		);
		outbox.resume();
		expect(await first).toEqual({ data: { stored: true } });
		expect(await second).toEqual({ data: { stored: true } });
		expect(end.received.map(({ payload }) => payload)).toEqual([
			{ blockId: 'b', value: { kind: 'scale', value: 5 } }
		]);
	});

	it('passes a refusal on as an error, not as success, and goes on with the next', async () => {
		const end = server((_, payload) =>
			(payload as { responseId: string }).responseId === 'closed'
				? ({ error: 'block-not-open' } satisfies Ack<never>)
				: accepted()
		);
		const outbox = new Outbox({ storage: null, key: 'k', send: end.send, handlers: {} });
		outbox.resume();
		const refused = outbox.add('response:vote', { responseId: 'closed' });
		const next = outbox.add('response:vote', { responseId: 'open' });
		expect(await refused).toEqual({ error: 'block-not-open' });
		expect(await next).toEqual({ data: { stored: true } });
	});

	it('waits and tries again when the server says not now', async () => {
		let attempts = 0;
		const end = server(() => (++attempts === 1 ? { error: 'rate-limited' } : accepted()));
		const outbox = new Outbox({
			storage: null,
			key: 'k',
			send: end.send,
			handlers: {},
			retryMs: 5
		});
		outbox.resume();
		expect(await outbox.add('response:vote', { responseId: 'a' })).toEqual({
			data: { stored: true }
		});
		expect(attempts).toBe(2);
	});

	it('keeps what the server could not store and sends it again once the store is back', async () => {
		let attempts = 0;
		const end = server(() => (++attempts <= 2 ? { error: 'store-unavailable' } : accepted()));
		const answered: unknown[] = [];
		const outbox = new Outbox({
			storage: null,
			key: 'k',
			send: end.send,
			handlers: { 'answer:submit': (_, answer) => answered.push(answer) },
			retryMs: 5
		});
		outbox.resume();
		const answer = { blockId: 'peiling', value: { kind: 'pass' as const } };
		expect(await outbox.add('answer:submit', answer)).toEqual({ data: { stored: true } });
		expect(attempts).toBe(3);
		expect(answered).toEqual([{ data: { stored: true } }]);
		expect(outbox.items).toEqual([]);
	});

	it('ignores a stored queue it cannot read', () => {
		const storage = new MemoryStorage();
		storage.setItem('k', '{not json');
		expect(
			new Outbox({ storage, key: 'k', send: server(accepted).send, handlers: {} }).items
		).toEqual([]);
		storage.setItem('k', JSON.stringify([{ id: 1 }, 'x', null]));
		expect(
			new Outbox({ storage, key: 'k', send: server(accepted).send, handlers: {} }).items
		).toEqual([]);
	});
});
