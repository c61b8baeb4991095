// engine.io (protocol 4) as the pages speak it, below socket.io (socket.ts): a session opened by
// HTTP long-polling, which every network lets through, and moved to a WebSocket once one has
// answered a probe (a proxy that blocks WebSockets leaves the page on long-polling). It answers
// the server's pings and gives up on a server that stops pinging. Text packets only.

export type TransportName = 'polling' | 'websocket';

export interface EngineOptions {
	/** The server's origin; the page's own when absent. */
	url?: string;
	path: string;
	/** Added to every request: what a balancer routes by (connection.ts). */
	query: Record<string, string>;
	/** Long-polling first, or a WebSocket only; without 'websocket', no upgrade. */
	transports: readonly TransportName[];
	/** Headers for every request: outside a browser only (tests pose as a school behind a proxy). */
	extraHeaders?: Record<string, string>;
	/**
	 * The cache-buster of the first request, when the page's HTML already asked for the handshake
	 * (`handshakeAddress`): the browser then hands over that answer instead of asking again.
	 */
	handshake?: string;
}

/** Where long-polling asks, relative to the origin, with the session once there is one. */
export function pollingAddress(path: string, query: Record<string, string>, sid = '') {
	const search = new URLSearchParams({
		...query,
		EIO: '4',
		transport: 'polling',
		...(sid && { sid })
	});
	return `${path.replace(/\/?$/, '/')}?${search}`;
}

/**
 * The handshake's address for a `<link rel="preload" as="fetch">` in a page's HTML: it starts
 * while the page's scripts download, and the engine's first request (given the same `handshake`
 * and query) takes its answer, a round trip sooner.
 */
export const handshakeAddress = (path: string, query: Record<string, string>, handshake: string) =>
	`${pollingAddress(path, query)}&t=${handshake}`;

export interface EngineEvents {
	open(): void;
	message(data: string): void;
	/** The session is over, for `reason`; never after `close()` was called. */
	close(reason: string): void;
}

const separator = '\x1e';
const utf8 = new TextEncoder();
let requestCount = 0;

/** The engine's packet types, by their first character. */
const packet = { open: '0', close: '1', ping: '2', pong: '3', message: '4', upgrade: '5' };

export class Engine {
	private sid = '';
	private state: 'opening' | 'open' | 'closed' = 'opening';
	/** The WebSocket carrying the session, once upgraded (or from the start). */
	private webSocket: WebSocket | null = null;
	/** The WebSocket answering the upgrade probe, while polling winds down. */
	private probe: WebSocket | null = null;
	private upgradable = false;
	private pausing = false;
	private getting = false;
	private posting = false;
	private buffer: string[] = [];
	private maxPayload = Infinity;
	private pingWindowMs = 0;
	private pingDeadline = Infinity;
	private pingTimer: ReturnType<typeof setTimeout> | undefined;
	private readonly polls = new Set<AbortController>();
	private readonly offline = () => this.end('transport close');
	private readonly options: EngineOptions;
	private readonly events: EngineEvents;

	constructor(options: EngineOptions, events: EngineEvents) {
		this.options = options;
		this.events = events;
		// A phone that loses its network says so at once; the heartbeat would take 45 seconds.
		globalThis.addEventListener?.('offline', this.offline);
		if (options.transports[0] === 'websocket') this.carry(this.openWebSocket());
		else void this.poll();
	}

	/** The transport carrying the session now. */
	get transport(): TransportName {
		return this.webSocket ? 'websocket' : 'polling';
	}

	/** Sends a message, now or once the transport is free. */
	send(data: string) {
		this.write(packet.message + data);
	}

	/** Closes the session at the page's wish: what waits is sent, then goodbye. */
	close() {
		if (this.state === 'closed') return;
		const goodbye = [...this.buffer, packet.close];
		if (this.webSocket?.readyState === WebSocket.OPEN)
			for (const each of goodbye) this.webSocket.send(each);
		else if (this.state === 'open') void this.request('POST', goodbye.join(separator), false);
		this.buffer = [];
		this.stop();
	}

	private url(transport: TransportName): string {
		const { url = location.origin, path, query } = this.options;
		const polling = new URL(pollingAddress(path, query, this.sid), url).href;
		return transport === 'polling'
			? polling
			: polling.replace('transport=polling', `transport=${transport}`);
	}

	private openWebSocket(): WebSocket {
		const url = this.url('websocket').replace(/^http/, 'ws');
		const headers = this.options.extraHeaders;
		// Node's WebSocket takes headers as a second argument; a browser's never gets one.
		return headers
			? new (WebSocket as unknown as new (url: string, init: object) => WebSocket)(url, { headers })
			: new WebSocket(url);
	}

	/** Makes `webSocket` the session's transport. */
	private carry(webSocket: WebSocket) {
		this.webSocket = webSocket;
		webSocket.onmessage = (event) => this.receive(String(event.data));
		webSocket.onclose = () => this.end('transport close');
		webSocket.onerror = () => this.end('transport error');
	}

	/** An HTTP request of long-polling; null when it failed, which ends the session. */
	private async request(method: 'GET' | 'POST', body?: string, failing = true) {
		const abort = new AbortController();
		if (method === 'GET') this.polls.add(abort);
		try {
			// A new `t` each time, so no cache between the phone and the server answers a poll; the
			// handshake's own when the page already asked for it.
			const preloaded = method === 'GET' && !this.sid ? this.options.handshake : undefined;
			const t = preloaded ?? `${Date.now().toString(36)}.${(requestCount += 1)}`;
			const response = await fetch(`${this.url('polling')}&t=${t}`, {
				method,
				body,
				headers: this.options.extraHeaders,
				signal: abort.signal
			});
			const text = await response.text();
			if (!response.ok) throw new Error(`polling: ${response.status}`);
			return text;
		} catch {
			if (failing) this.end('transport error');
			return null;
		} finally {
			this.polls.delete(abort);
		}
	}

	private async poll() {
		this.getting = true;
		const payload = await this.request('GET');
		this.getting = false;
		if (payload === null || this.state === 'closed') return;
		for (const each of payload.split(separator)) this.receive(each);
		if (this.pausing) this.moveToWebSocket();
		else if (this.transport === 'polling' && this.isOpen()) void this.poll();
	}

	/** Not closed: opening or open (a method, so that the type checker asks again each time). */
	private isOpen() {
		return this.state !== 'closed';
	}

	private receive(data: string) {
		if (!this.isOpen()) return;
		const type = data[0];
		const body = data.slice(1);
		if (type === packet.message) {
			try {
				this.events.message(body);
			} catch {
				// Not a packet of socket.io's: the server is not the one this page speaks to.
				this.end('parse error');
			}
		} else if (type === packet.ping) {
			this.write(packet.pong + body);
			this.expectPing();
		} else if (type === packet.open) this.opened(JSON.parse(body));
		else if (type === packet.close) this.end('transport close');
	}

	private opened(handshake: {
		sid: string;
		upgrades: string[];
		pingInterval: number;
		pingTimeout: number;
		maxPayload: number;
	}) {
		this.sid = handshake.sid;
		this.maxPayload = handshake.maxPayload || Infinity;
		this.pingWindowMs = handshake.pingInterval + handshake.pingTimeout;
		this.state = 'open';
		this.expectPing();
		this.events.open();
		this.flush();
		this.upgradable =
			!this.webSocket &&
			handshake.upgrades.includes('websocket') &&
			this.options.transports.includes('websocket');
	}

	/**
	 * Moves the session to a WebSocket if the server offers one, once. socket.ts asks when nothing
	 * waits for an answer: the move pauses long-polling for a round trip or two, which a command
	 * in flight would wait out (on a phone's slow network, the join would).
	 */
	tryWebSocket() {
		if (!this.upgradable || this.state !== 'open') return;
		this.upgradable = false;
		this.startProbe();
	}

	/** Asks for a WebSocket beside the polling; the session moves there once it answers. */
	private startProbe() {
		const probe = this.openWebSocket();
		this.probe = probe;
		const failed = () => {
			if (this.probe !== probe) return;
			this.probe = null;
			probe.onclose = probe.onerror = probe.onmessage = null;
			probe.close();
			// Stay on long-polling: take up polling and sending again if they were winding down.
			if (this.pausing) {
				this.pausing = false;
				if (!this.getting && this.state === 'open') void this.poll();
				this.flush();
			}
		};
		probe.onopen = () => probe.send(`${packet.ping}probe`);
		probe.onmessage = (event) => {
			if (event.data !== `${packet.pong}probe`) return failed();
			// The server answers the open poll with a no-op; once nothing is in flight, move.
			probe.onmessage = null;
			this.pausing = true;
			this.moveToWebSocket();
		};
		probe.onclose = probe.onerror = failed;
	}

	private moveToWebSocket() {
		const probe = this.probe;
		if (!this.pausing || this.getting || this.posting || !probe || this.state !== 'open') return;
		this.probe = null;
		this.pausing = false;
		this.carry(probe);
		probe.send(packet.upgrade);
		this.flush();
	}

	private write(data: string) {
		// A phone that slept past the heartbeat has lost its session, whatever the timers say.
		if (Date.now() > this.pingDeadline) return this.end('ping timeout');
		this.buffer.push(data);
		this.flush();
	}

	private flush() {
		if (this.state !== 'open' || !this.buffer.length) return;
		if (this.webSocket) {
			for (const each of this.buffer.splice(0)) this.webSocket.send(each);
			return;
		}
		if (this.posting || this.pausing) return;
		// As many packets as the server takes in one request (its maxHttpBufferSize), at least one.
		let bytes = 0;
		let count = 0;
		while (count < this.buffer.length) {
			bytes += utf8.encode(this.buffer[count]).length + 1;
			if (count > 0 && bytes > this.maxPayload) break;
			count += 1;
		}
		const payload = this.buffer.splice(0, count).join(separator);
		this.posting = true;
		void this.request('POST', payload).then((sent) => {
			this.posting = false;
			if (sent === null) return;
			if (this.pausing) this.moveToWebSocket();
			else this.flush();
		});
	}

	private expectPing() {
		clearTimeout(this.pingTimer);
		this.pingDeadline = Date.now() + this.pingWindowMs;
		this.pingTimer = setTimeout(() => this.end('ping timeout'), this.pingWindowMs);
	}

	/** The session ended by itself: tell the socket. */
	private end(reason: string) {
		if (this.state === 'closed') return;
		this.stop();
		this.events.close(reason);
	}

	private stop() {
		this.state = 'closed';
		clearTimeout(this.pingTimer);
		globalThis.removeEventListener?.('offline', this.offline);
		for (const poll of this.polls) poll.abort();
		for (const webSocket of [this.webSocket, this.probe]) {
			if (!webSocket) continue;
			webSocket.onclose = webSocket.onerror = webSocket.onmessage = webSocket.onopen = null;
			webSocket.close();
		}
		this.webSocket = this.probe = null;
	}
}
