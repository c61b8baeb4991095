// Which node holds which session, as one node keeps it from the others' news.

import { describe, expect, it } from 'vitest';
import { SessionPlacement } from '../../../src/lib/server/realtime/placement.ts';

function placement() {
	const shared: string[] = [];
	const place = new SessionPlacement((sessionId) => shared.push(sessionId));
	place.sure();
	return { place, shared };
}

describe('where a session’s sockets are', () => {
	it('keeps a session on this node while only this node holds it', () => {
		const { place } = placement();
		expect(place.joined('s1')).toEqual({ seq: 1, joined: ['s1'], left: [] });
		expect(place.joined('s1')).toBeNull();
		expect(place.localOnly(['s1'])).toBe(true);
		expect(place.sharedWithOthers('s1')).toBe(false);
	});

	it('sends to every node a session held nowhere here, or no session at all', () => {
		const { place } = placement();
		place.joined('s1');
		expect(place.localOnly(['s2'])).toBe(false);
		expect(place.localOnly(['s1', 's2'])).toBe(false);
		expect(place.localOnly([])).toBe(false);
	});

	it('sends everything to every node until it is sure of the others', () => {
		const place = new SessionPlacement();
		place.joined('s1');
		expect(place.localOnly(['s1'])).toBe(false);
		expect(place.sharedWithOthers('s1')).toBe(true);
		place.sure();
		expect(place.localOnly(['s1'])).toBe(true);
		place.unsure();
		expect(place.localOnly(['s1'])).toBe(false);
	});

	it('shares a session another node holds too, and says so once when this node holds it', () => {
		const { place, shared } = placement();
		place.joined('s1');
		place.hear('b', { seq: 1, joined: ['s1', 's2'], left: [] });
		place.hear('b', { seq: 2, joined: ['s1'], left: [] });
		expect(place.localOnly(['s1'])).toBe(false);
		expect(place.sharedWithOthers('s2')).toBe(true);
		// s2 is not held here: nothing here was sent to this node's sockets alone.
		expect(shared).toEqual(['s1']);
	});

	it('lets late news lose to newer news of the same node', () => {
		const { place } = placement();
		place.joined('s1');
		place.hear('b', { seq: 5, joined: ['s1'], left: [] });
		place.hear('b', { seq: 4, joined: [], left: ['s1'] });
		expect(place.localOnly(['s1'])).toBe(false);
		place.hear('b', { seq: 6, joined: [], left: ['s1'] });
		expect(place.localOnly(['s1'])).toBe(true);
		place.hear('b', { seq: 3, joined: ['s1'], left: [] });
		expect(place.localOnly(['s1'])).toBe(true);
	});

	it('takes a full list as everything a node holds', () => {
		const { place } = placement();
		place.joined('s1');
		place.joined('s2');
		place.hear('b', { seq: 1, joined: ['s1', 's2'], left: [] });
		place.hear('b', { seq: 2, joined: ['s2'], left: [], complete: true });
		expect(place.localOnly(['s1'])).toBe(true);
		expect(place.localOnly(['s2'])).toBe(false);
	});

	it('forgets what a node held once it has gone', () => {
		const { place } = placement();
		place.joined('s1');
		place.hear('b', { seq: 1, joined: ['s1'], left: [] });
		place.hear('c', { seq: 1, joined: ['s1'], left: [] });
		place.nodeGone('b');
		expect(place.localOnly(['s1'])).toBe(false);
		place.nodeGone('c');
		expect(place.localOnly(['s1'])).toBe(true);
	});

	it('announces a session’s departure only after it stayed empty, and not at all after a quick return', () => {
		const { place } = placement();
		place.joined('s1');
		place.joined('s2');
		place.left('s1', 1_000);
		place.left('s2', 1_000);
		expect(place.departures(500)).toBeNull();
		// s2 comes back (a reconnect) before it was announced: the others still think it is here.
		expect(place.joined('s2')).toBeNull();
		expect(place.departures(2_000)).toEqual({ seq: 3, joined: [], left: ['s1'] });
		expect(place.departures(3_000)).toBeNull();
		expect(place.localOnly(['s1'])).toBe(false);
		expect(place.snapshot()).toEqual({ seq: 4, joined: ['s2'], left: [], complete: true });
	});

	it('lists a session not yet announced as left among what it holds', () => {
		const { place } = placement();
		place.joined('s1');
		place.left('s1', 1_000);
		expect(place.snapshot().joined).toEqual(['s1']);
	});
});
