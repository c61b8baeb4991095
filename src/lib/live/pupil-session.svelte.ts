// A pupil's live session on their phone: joins with the code once, keeps the token in this
// browser, and re-syncs from the server on every (re)connect, so a locked screen, lost wifi,
// a reload or a server restart all end in the same place without the pupil doing anything.

import type { AnswerValue } from '$lib/lessons/answers';
import type {
	ErrorCode,
	OwnResponse,
	PupilBlock,
	PupilConversation,
	PupilSnapshot,
	SessionView,
	WallResponse
} from '$lib/protocol';
import { command, connect, type LiveSocket } from './connection';

interface Credentials {
	sessionId: string;
	token: string;
}

const storageKey = (code: string) => `klasgesprek:pupil:${code}`;

export type PupilPhase = 'connecting' | 'ready' | 'ended' | 'failed';

export class PupilSession {
	phase = $state<PupilPhase>('connecting');
	connected = $state(false);
	error = $state<ErrorCode | null>(null);
	view = $state<SessionView | null>(null);
	block = $state<PupilBlock | null>(null);
	/** What this pupil sent per block, as the server acknowledged it. */
	answers = $state<Record<string, AnswerValue>>({});
	sending = $state(false);
	/** For the open written block: what the class sees, this pupil's own responses and votes. */
	wall = $state<WallResponse[]>([]);
	own = $state<OwnResponse[]>([]);
	/** The lesson's vragenbus, open all lesson, and the questions this pupil asked in it. */
	questionBox = $state<PupilBlock | null>(null);
	questions = $state<OwnResponse[]>([]);
	voted = $state<string[]>([]);
	/** The last answer could not be delivered: shown, and sent again on reconnect. */
	sendError = $state<ErrorCode | null>(null);

	private readonly code: string;
	private socket: LiveSocket | null = null;
	private pending: { blockId: string; value: AnswerValue } | null = null;

	constructor(code: string) {
		this.code = code;
	}

	get myAnswer(): AnswerValue | null {
		return this.block ? (this.answers[this.block.id] ?? null) : null;
	}

	start() {
		const socket = connect();
		this.socket = socket;
		socket.on('connect', () => {
			this.connected = true;
			void this.sync();
		});
		socket.on('disconnect', () => (this.connected = false));
		socket.on('pupil:update', ({ view, block, questionBox }) => {
			this.questionBox = questionBox;
			const changed = block?.id !== this.block?.id;
			this.view = view;
			this.block = block;
			this.phase = view.status === 'ended' ? 'ended' : 'ready';
			if (changed) void this.syncConversation();
		});
		socket.on('wall:update', ({ blockId, wall }) => {
			if (blockId === this.block?.id) this.wall = wall;
		});
		socket.on('own:update', ({ blockId, own }) => {
			if (blockId === this.questionBox?.id) this.questions = own;
			if (blockId === this.block?.id) this.own = own;
		});
	}

	stop() {
		this.socket?.disconnect();
		this.socket = null;
	}

	private stored(): Credentials | null {
		try {
			return JSON.parse(
				localStorage.getItem(storageKey(this.code)) ?? 'null'
			) as Credentials | null;
		} catch {
			return null;
		}
	}

	private async sync() {
		const socket = this.socket;
		if (!socket) return;
		let credentials = this.stored();
		if (credentials) {
			const resumed = await command<PupilSnapshot>(socket, 'pupil:resume', credentials);
			if ('data' in resumed) return this.apply(resumed.data);
			if (resumed.error === 'internal-error') return; // connection trouble: the next connect retries
			localStorage.removeItem(storageKey(this.code));
		}
		const joined = await command<Credentials>(socket, 'pupil:join', { code: this.code });
		if ('error' in joined) {
			this.error = joined.error;
			this.phase = 'failed';
			return;
		}
		credentials = joined.data;
		localStorage.setItem(storageKey(this.code), JSON.stringify(credentials));
		const resumed = await command<PupilSnapshot>(socket, 'pupil:resume', credentials);
		if ('data' in resumed) this.apply(resumed.data);
	}

	private apply(snapshot: PupilSnapshot) {
		this.error = null;
		this.view = snapshot.view;
		this.block = snapshot.block;
		this.questionBox = snapshot.questionBox;
		void this.syncQuestions();
		if (snapshot.block && snapshot.myAnswer) this.answers[snapshot.block.id] = snapshot.myAnswer;
		this.phase = snapshot.view.status === 'ended' ? 'ended' : 'ready';
		// An answer sent while the connection was down goes out now.
		if (this.pending && this.pending.blockId === snapshot.block?.id)
			void this.answer(this.pending.value);
		void this.syncConversation();
	}

	private async syncConversation() {
		const socket = this.socket;
		const block = this.block;
		this.wall = [];
		this.own = [];
		if (
			!socket ||
			!block ||
			!['open', 'stil-debat', 'vragenbus', 'exit-ticket'].includes(block.type)
		)
			return;
		const synced = await command<PupilConversation>(socket, 'conversation:sync', {
			blockId: block.id
		});
		if ('data' in synced && synced.data.blockId === this.block?.id) {
			this.wall = synced.data.wall;
			this.own = synced.data.own;
			this.voted = synced.data.voted;
		}
	}

	/** Sends a written response; the same client id makes a resend count once. */
	async write(
		text: string,
		extra: { parentId?: string; question?: number; replaces?: string } = {}
	): Promise<boolean> {
		const socket = this.socket;
		const block = this.block;
		if (!socket || !block) return false;
		this.sending = true;
		this.sendError = null;
		const clientId = crypto.randomUUID();
		const response = await command<OwnResponse>(socket, 'response:submit', {
			blockId: block.id,
			text,
			clientId,
			...extra
		});
		this.sending = false;
		if ('error' in response) {
			this.sendError = response.error;
			return false;
		}
		this.own = [
			...this.own.filter((own) => own.id !== response.data.id && own.id !== extra.replaces),
			response.data
		];
		return true;
	}

	private async syncQuestions() {
		const socket = this.socket;
		const box = this.questionBox;
		if (!socket || !box) return;
		const synced = await command<PupilConversation>(socket, 'conversation:sync', {
			blockId: box.id
		});
		if ('data' in synced) this.questions = synced.data.own;
	}

	/** Drops a question in the vragenbus, whatever the board shows. */
	async ask(text: string): Promise<boolean> {
		const socket = this.socket;
		const box = this.questionBox;
		if (!socket || !box) return false;
		const response = await command<OwnResponse>(socket, 'response:submit', {
			blockId: box.id,
			text,
			clientId: crypto.randomUUID()
		});
		if ('error' in response) {
			this.sendError = response.error;
			return false;
		}
		this.questions = [...this.questions, response.data];
		return true;
	}

	async withdraw(responseId: string) {
		if (!this.socket) return;
		const response = await command<OwnResponse>(this.socket, 'response:withdraw', { responseId });
		if ('error' in response) this.sendError = response.error;
		else this.own = this.own.filter((own) => own.id !== responseId);
	}

	async vote(responseId: string) {
		if (!this.socket || this.voted.includes(responseId)) return;
		const response = await command<{ counted: boolean }>(this.socket, 'response:vote', {
			responseId
		});
		if ('error' in response) this.sendError = response.error;
		else this.voted = [...this.voted, responseId];
	}

	async answer(value: AnswerValue): Promise<boolean> {
		const socket = this.socket;
		const block = this.block;
		if (!socket || !block) return false;
		this.sending = true;
		this.sendError = null;
		this.pending = { blockId: block.id, value };
		const response = await command<{ stored: true }>(socket, 'answer:submit', {
			blockId: block.id,
			value
		});
		this.sending = false;
		if ('error' in response) {
			this.sendError = response.error;
			if (response.error !== 'internal-error') this.pending = null;
			return false;
		}
		this.pending = null;
		this.answers[block.id] = value;
		return true;
	}
}
