// The teacher's side of a live session, for the host view (which steers) and the board
// (which only shows). Both attach with the host secret and re-attach on every reconnect.

import type { BlockResults } from '$lib/lessons/results';
import type {
	ControlSnapshot,
	ErrorCode,
	Presence,
	QueuedResponse,
	SessionView,
	WallResponse
} from '$lib/protocol';
import { command, connect, type LiveSocket } from './connection';

export class ControlSession {
	view = $state<SessionView | null>(null);
	presence = $state<Presence>({ pupils: 0 });
	results = $state<Record<string, BlockResults>>({});
	/** Written responses awaiting or past moderation (host only). */
	queue = $state<QueuedResponse[]>([]);
	/** Approved responses per written block, as the board shows them. */
	walls = $state<Record<string, WallResponse[]>>({});
	connected = $state(false);
	error = $state<ErrorCode | null>(null);
	busy = $state(false);

	private readonly role: 'host' | 'board';
	private readonly sessionId: string;
	private readonly hostSecret: string;
	private socket: LiveSocket | null = null;

	constructor(role: 'host' | 'board', sessionId: string, hostSecret: string) {
		this.role = role;
		this.sessionId = sessionId;
		this.hostSecret = hostSecret;
	}

	start() {
		const socket = connect();
		this.socket = socket;
		socket.on('connect', async () => {
			this.connected = true;
			const attached = await command<ControlSnapshot>(socket, `${this.role}:attach`, {
				sessionId: this.sessionId,
				hostSecret: this.hostSecret
			});
			if ('error' in attached) {
				this.error = attached.error;
				return;
			}
			this.error = null;
			this.view = attached.data.view;
			this.presence = attached.data.presence;
			this.results = attached.data.results;
			this.queue = attached.data.queue;
			this.walls = attached.data.walls;
		});
		socket.on('disconnect', () => (this.connected = false));
		socket.on('session:update', (view) => (this.view = view));
		socket.on('presence:update', (presence) => (this.presence = presence));
		socket.on('results:update', (results) => (this.results[results.blockId] = results));
		socket.on('queue:update', (queue) => (this.queue = queue));
		socket.on('wall:update', ({ blockId, wall }) => (this.walls[blockId] = wall));
	}

	stop() {
		this.socket?.disconnect();
		this.socket = null;
	}

	private async steer(event: Parameters<typeof command>[1], payload?: unknown): Promise<boolean> {
		if (!this.socket) return false;
		this.busy = true;
		const response = await command<SessionView>(this.socket, event, payload);
		this.busy = false;
		if ('error' in response) {
			this.error = response.error;
			return false;
		}
		this.error = null;
		this.view = response.data;
		return true;
	}

	private async decide(event: Parameters<typeof command>[1], payload: unknown): Promise<boolean> {
		if (!this.socket) return false;
		const response = await command<unknown>(this.socket, event, payload);
		this.error = 'error' in response ? response.error : null;
		return !('error' in response);
	}

	approve = (responseId: string) => this.decide('response:approve', { responseId });
	hide = (responseId: string) => this.decide('response:hide', { responseId });
	pin = (responseId: string, pinned: boolean) =>
		this.decide('response:pin', { responseId, pinned });
	returnForRephrasing = (responseId: string, prompt: string) =>
		this.decide('response:return', { responseId, prompt });
	approveAll = (blockId: string) => this.decide('responses:approve-all', { blockId });
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
	extendTimer = (minutes: number) => this.steer('timer:extend', { minutes });
}
