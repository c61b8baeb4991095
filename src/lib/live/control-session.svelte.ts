// The teacher's side of a live session, for the host view (which steers, with the host secret)
// and the board (which only shows, with the board secret). Both re-attach on every reconnect.
// What the teacher does without a connection waits in the outbox and goes out once re-attached.

import type {
	CommandEvent,
	CommandPayload,
	ErrorCode,
	LiveResults,
	Presence,
	QueuedResponse,
	SessionView,
	WallResponse
} from '$lib/protocol';
import { wordsReleasedAtOnce } from '$lib/limits';
import { command, connect, type LiveSocket, type PayloadArgs } from './connection';
import { Outbox } from './outbox.svelte';
import { isCurrent, isNewerView, withSnapshot } from './revisions';

/** What a host sends once attached; attaching itself and the pupils' commands are not among them. */
type SteeringEvent = Exclude<
	CommandEvent,
	| 'host:attach'
	| 'board:attach'
	| 'pupil:join'
	| 'pupil:resume'
	| 'answer:submit'
	| 'conversation:sync'
	| 'response:submit'
	| 'response:withdraw'
	| 'response:vote'
	| 'pairs:mine'
	| 'pairs:take-part'
>;

export class ControlSession {
	view = $state<SessionView | null>(null);
	presence = $state<Presence>({ pupils: 0, boards: 0 });
	/** Per block, the newest results seen: older ones that arrive late are ignored. */
	results = $state<Record<string, LiveResults>>({});
	/** Written responses awaiting or past moderation (host only). */
	queue = $state<QueuedResponse[]>([]);
	/** Approved responses per written block, as the board shows them. */
	walls = $state<Record<string, WallResponse[]>>({});
	connected = $state(false);
	/** Connected once: until then the connection is being made, not lost. */
	private everConnected = $state(false);
	error = $state<ErrorCode | null>(null);
	/** Resumed on the current connection: what waits in the outbox is going out. */
	synced = $state(false);

	private readonly role: 'host' | 'board';
	private readonly sessionId: string;
	/** The host secret for the host view, the board secret for the board. */
	private readonly secret: string;
	private socket: LiveSocket | null = null;
	private readonly outbox: Outbox;

	/** The server's address; the page's own origin when left out (tests give one). */
	private readonly url: string | undefined;

	constructor(
		role: 'host' | 'board',
		sessionId: string,
		secret: string,
		options: { url?: string } = {}
	) {
		this.role = role;
		this.sessionId = sessionId;
		this.secret = secret;
		this.url = options.url;
		let storage: Storage | null = null;
		try {
			storage = typeof sessionStorage === 'undefined' ? null : sessionStorage;
		} catch {
			// No storage (a locked-down browser): the queue lives in memory only.
		}
		this.outbox = new Outbox({
			storage,
			key: `klasgesprek:outbox:${role}:${sessionId}`,
			send: (event, payload) =>
				this.socket ? command(this.socket, event, payload) : Promise.resolve({ lost: true }),
			handlers: {}
		});
	}

	/** The connection was there and is gone: what 'we try again' may say (not on the first try). */
	get lost(): boolean {
		return this.everConnected && !this.connected;
	}

	/** Commands waiting for a connection; the page says they go out once it is back. */
	get queued(): number {
		return this.synced ? 0 : this.outbox.items.length;
	}

	start() {
		const socket = connect(this.url, { session: this.sessionId });
		this.socket = socket;
		socket.on('connect', () => {
			this.connected = true;
			this.everConnected = true;
			void this.attach(socket);
		});
		socket.on('disconnect', () => {
			this.connected = false;
			this.synced = false;
			this.outbox.hold();
		});
		socket.on('session:update', (view) => {
			if (isNewerView(this.view, view)) this.view = view;
		});
		socket.on('presence:update', (presence) => (this.presence = presence));
		socket.on('results:update', (results) => {
			if (isCurrent(this.results, results)) this.results[results.blockId] = results;
		});
		socket.on('queue:update', (queue) => (this.queue = queue));
		socket.on('wall:update', ({ blockId, wall }) => (this.walls[blockId] = wall));
	}

	stop() {
		this.outbox.hold();
		this.socket?.disconnect();
		this.socket = null;
	}

	private async attach(socket: LiveSocket) {
		const attached =
			this.role === 'host'
				? await command(socket, 'host:attach', {
						sessionId: this.sessionId,
						hostSecret: this.secret
					})
				: await command(socket, 'board:attach', {
						sessionId: this.sessionId,
						boardSecret: this.secret
					});
		// No answer on a live connection, or the server's data out of reach for a moment: ask
		// again, so the screen never stays stale.
		const again = () =>
			setTimeout(() => {
				if (socket.connected && !this.synced && this.socket === socket) void this.attach(socket);
			}, 3000);
		if ('lost' in attached) return void again();
		if ('error' in attached) {
			this.error = attached.error;
			if (attached.error === 'store-unavailable') again();
			return;
		}
		this.error = null;
		if (isNewerView(this.view, attached.data.view)) this.view = attached.data.view;
		this.presence = attached.data.presence;
		this.results = withSnapshot(this.results, attached.data.results);
		this.queue = attached.data.queue;
		this.walls = attached.data.walls;
		this.synced = true;
		this.outbox.resume();
	}

	/**
	 * Sends a teacher's command through the outbox and answers true once the server took it; the
	 * view follows from the session:update every change is announced with.
	 */
	private async steer<E extends SteeringEvent>(event: E, ...[payload]: PayloadArgs<E>) {
		const response = await this.outbox.add(event, (payload ?? {}) as CommandPayload<E>);
		if ('error' in response) {
			this.error = response.error;
			return false;
		}
		this.error = null;
		return true;
	}

	approve = (responseId: string) => this.steer('response:approve', { responseId });
	hide = (responseId: string) => this.steer('response:hide', { responseId });
	pin = (responseId: string, pinned: boolean) => this.steer('response:pin', { responseId, pinned });
	returnForRephrasing = (responseId: string, prompt: string) =>
		this.steer('response:return', { responseId, prompt });
	approveAll = (blockId: string) => this.steer('responses:approve-all', { blockId });
	allowWord = (blockId: string, word: string) => this.steer('words:allow', { blockId, word });
	removeWord = (blockId: string, word: string) => this.steer('words:remove', { blockId, word });
	restoreWord = (blockId: string, word: string) => this.steer('words:restore', { blockId, word });
	/** Lets through the words the teacher sees waiting; the first ones when they are very many. */
	releaseWords = (blockId: string, words: string[]) =>
		this.steer('words:release-all', { blockId, words: words.slice(0, wordsReleasedAtOnce) });
	pause = (blockId: string, paused: boolean) => this.steer('block:pause', { blockId, paused });
	clearWall = (blockId: string) => this.steer('wall:clear', { blockId });
	boardMode = (mode: 'step' | 'rules' | 'discussion') => this.steer('board:mode', { mode });
	boardBlank = (blank: boolean) => this.steer('board:blank', { blank });
	boardCode = (large: boolean) => this.steer('board:code', { large });
	wallOrder = (byVotes: boolean) => this.steer('wall:order', { byVotes });

	goToStep = (step: number) => this.steer('session:step', { step });
	openBlock = (blockId: string) => this.steer('block:open', { blockId });
	closeBlock = () => this.steer('block:close');
	reveal = (blockId: string, revealed: boolean) =>
		this.steer('block:reveal', { blockId, revealed });
	lock = (locked: boolean) => this.steer('session:lock', { locked });
	end = () => this.steer('session:end');
	startTimer = (blockId: string) => this.steer('timer:start', { blockId });
	pauseTimer = () => this.steer('timer:pause');
	// Its own id, so an extension sent again after a lost answer adds its minutes once.
	extendTimer = (minutes: number) =>
		this.steer('timer:extend', { minutes, extensionId: crypto.randomUUID() });
	/** Think time: pupils may answer now, or get more seconds (once per press, however often sent). */
	skipThinking = () => this.steer('think:skip');
	extendThinking = (seconds: number) =>
		this.steer('think:extend', { seconds, extensionId: crypto.randomUUID() });
	/** A tweegesprek's groups, made (again) from the answers to its source block. */
	makePairs = (blockId: string) => this.steer('pairs:make', { blockId });
}
