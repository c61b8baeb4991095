// A socket.io cluster adapter for tests: the servers of one test, in one process, joined by an
// EventEmitter instead of Redis or PostgreSQL. Everything crosses as a copy, a turn of the event
// loop later, as it would over a network; the cluster protocol itself (broadcasts, rooms,
// fetchSockets, heartbeats) is socket.io-adapter's own, the same the production adapters use.

import { EventEmitter } from 'node:events';
import type { Namespace } from 'socket.io';
import {
	ClusterAdapterWithHeartbeat,
	type ClusterMessage,
	type ClusterResponse
} from 'socket.io-adapter';

/** A fresh cluster: pass the returned class as `adapter` to each server that belongs to it. */
export function memoryCluster() {
	const bus = new EventEmitter();
	bus.setMaxListeners(0);
	const later = (event: string, value: unknown) =>
		setImmediate(() => bus.emit(event, structuredClone(value)));

	return class MemoryClusterAdapter extends ClusterAdapterWithHeartbeat {
		private readonly hear = (message: ClusterMessage) => this.onMessage(message);
		private readonly answered = (response: ClusterResponse) => this.onResponse(response);

		constructor(nsp: Namespace) {
			// Quick heartbeats, so a test sees a stopped server leave the cluster within a second.
			super(nsp, { heartbeatInterval: 200, heartbeatTimeout: 1000 });
			bus.on('message', this.hear);
			bus.on(`response:${this.uid}`, this.answered);
		}

		protected doPublish(message: ClusterMessage) {
			later('message', message);
			return Promise.resolve('');
		}

		protected doPublishResponse(requesterUid: string, response: ClusterResponse) {
			later(`response:${requesterUid}`, response);
			return Promise.resolve();
		}

		close() {
			super.close();
			bus.off('message', this.hear);
			bus.off(`response:${this.uid}`, this.answered);
		}
	};
}
