// A pupil's live session on their phone: joins with the code once, keeps the token in this
// browser, and re-syncs from the server on every (re)connect, so a locked screen, lost wifi,
// a reload or a server restart all end in the same place without the pupil doing anything.
// What the pupil does without a connection waits in the outbox and goes out once resumed.

import type { AnswerValue } from '$lib/lessons/answers';
import type {
	ErrorCode,
	OwnResponse,
	PupilBlock,
	PupilPairing,
	PupilSnapshot,
	SessionView,
	WallResponse
} from '$lib/protocol';
import { command, connect, routeBy, type LiveSocket } from './connection';
import { isWrittenType, kindOf, takesWords } from '$lib/lessons/kinds';
import { isNewerView } from './revisions';
import { Outbox, type QueuedCommand } from './outbox.svelte';

interface Credentials {
	sessionId: string;
	token: string;
}

const storageKey = (code: string) => `klasgesprek:pupil:${code}`;
const outboxKey = (code: string) => `klasgesprek:outbox:pupil:${code}`;

/**
 * Why the server's connection middleware (realtime/index.ts) refuses a connection: it says so
 * in the connect error, not in a command's answer.
 */
const connectionRefusals = [
	'too-many-connections',
	'address-unknown'
] as const satisfies readonly ErrorCode[];

/** How long a phone waits before trying to resume again after the server could not say. */
const resyncMs = 3000;

export type PupilPhase = 'connecting' | 'ready' | 'ended' | 'failed';

/** Where the pupil's answer to the open block stands. */
export type AnswerState = 'queued' | 'sending' | 'received' | null;

/**
 * What became of what the pupil sent to the open block, one state at a time: the phone says
 * exactly this, and nothing it cannot know. An error never shares the look of 'received'.
 */
export type PupilFate =
	| { state: 'none' }
	| { state: 'queued' }
	| { state: 'sending' }
	| { state: 'refused'; error: ErrorCode; kept: boolean }
	| { state: 'passed' }
	/** The teacher sent a written response back, asking for a new version. */
	| { state: 'returned' }
	/** A tapped answer the server has; whether the board shows the results right now. */
	| { state: 'received'; withReason: boolean; resultsOnBoard: boolean }
	/**
	 * A written response the server has: whether only the teacher will ever read it, what the
	 * teacher decided of the latest one, and whether the board shows this block now.
	 */
	| {
			state: 'sent';
			teacherOnly: boolean;
			latest: OwnResponse['status'];
			onBoard: boolean;
	  };

export interface PupilSessionOptions {
	/** The server, when not the page's own origin (tests). */
	url?: string;
	/** Where the token (kept across tabs) and the outbox (per tab) live. */
	storage?: { local: Storage | null; session: Storage | null };
	/** The handshake by join code that the page's HTML preloaded (connection.ts). */
	handshake?: string;
}

const browserStorage = (kind: 'localStorage' | 'sessionStorage'): Storage | null => {
	try {
		return typeof globalThis[kind] === 'undefined' ? null : globalThis[kind];
	} catch {
		return null;
	}
};

const isAnswerTo = (blockId: string) => (queued: QueuedCommand) =>
	queued.event === 'answer:submit' && queued.payload.blockId === blockId;

export class PupilSession {
	phase = $state<PupilPhase>('connecting');
	connected = $state(false);
	/** Resumed on the current connection: what waits in the outbox is going out. */
	synced = $state(false);
	error = $state<ErrorCode | null>(null);
	view = $state<SessionView | null>(null);
	block = $state<PupilBlock | null>(null);
	/** What this pupil sent per block, as the server acknowledged it. */
	answers = $state<Record<string, AnswerValue>>({});
	/** For the open written block: what the class sees, this pupil's own responses and votes. */
	wall = $state<WallResponse[]>([]);
	own = $state<OwnResponse[]>([]);
	/** The lesson's vragenbus, open all lesson, and the questions this pupil asked in it. */
	questionBox = $state<PupilBlock | null>(null);
	questions = $state<OwnResponse[]>([]);
	/** The board shows the vragenbus's step: a question let through stands on it. */
	questionsOnBoard = $state(false);
	voted = $state<string[]>([]);
	/** The server refused what was sent last (say the question closed meanwhile). */
	sendError = $state<ErrorCode | null>(null);
	/** The written block this pupil passed on: passing sends nothing, so only this page knows. */
	passedBlock = $state<string | null>(null);
	/** This pupil's place in the open tweegesprek: their own sign, never anyone else's. */
	pairing = $state<PupilPairing | null>(null);
	/**
	 * When, on this phone's clock, the open block's think time ends: measured from the time the
	 * server said was left, so a phone whose clock is off still counts the right seconds.
	 */
	thinkingUntil = $state<number | null>(null);
	/** Ticks while think time runs, so what reads `thinkingLeft` counts down. */
	now = $state(Date.now());

	private readonly code: string;
	private readonly url: string | undefined;
	private readonly handshake: string | undefined;
	private readonly local: Storage | null;
	private readonly outbox: Outbox;
	private socket: LiveSocket | null = null;
	private resync: ReturnType<typeof setTimeout> | null = null;
	private ticking: ReturnType<typeof setInterval> | null = null;

	constructor(code: string, options: PupilSessionOptions = {}) {
		this.code = code;
		this.url = options.url;
		this.handshake = options.handshake;
		this.local = options.storage ? options.storage.local : browserStorage('localStorage');
		this.outbox = new Outbox({
			storage: options.storage ? options.storage.session : browserStorage('sessionStorage'),
			key: outboxKey(code),
			send: (event, payload) =>
				this.socket ? command(this.socket, event, payload) : Promise.resolve({ lost: true }),
			handlers: {
				'answer:submit': ({ blockId, value }, answer) => {
					if ('error' in answer) this.sendError = answer.error;
					else this.answers[blockId] = value;
				},
				'response:submit': (submitted, answer) => {
					if ('error' in answer) return void (this.sendError = answer.error);
					const response = answer.data;
					if (submitted.blockId === this.questionBox?.id)
						this.questions = [...this.questions.filter((own) => own.id !== response.id), response];
					if (submitted.blockId === this.block?.id)
						this.own = [
							...this.own.filter((own) => own.id !== response.id && own.id !== submitted.replaces),
							response
						];
				},
				'response:withdraw': ({ responseId }, answer) => {
					if ('error' in answer) this.sendError = answer.error;
					else this.own = this.own.filter((own) => own.id !== responseId);
				},
				'response:vote': ({ responseId }, answer) => {
					if ('error' in answer) this.sendError = answer.error;
					else if (!this.voted.includes(responseId)) this.voted = [...this.voted, responseId];
				},
				'pairs:take-part': (_, answer) => {
					if ('error' in answer) this.sendError = answer.error;
					else this.pairing = answer.data;
				}
			}
		});
	}

	/** What waits to be sent; while offline the page says it goes out once connected again. */
	get queued(): number {
		return this.outbox.items.length;
	}

	/** A written response or question is on its way: one at a time, so a double tap sends one. */
	get sending(): boolean {
		return this.outbox.items.some((queued) => queued.event === 'response:submit');
	}

	/** The pupil's answer to the open block: the one waiting to go out, else the one received. */
	get myAnswer(): AnswerValue | null {
		const block = this.block;
		if (!block) return null;
		const waiting = this.outbox.items.findLast(isAnswerTo(block.id));
		if (waiting?.event === 'answer:submit') return waiting.payload.value;
		return this.answers[block.id] ?? null;
	}

	get answerState(): AnswerState {
		const block = this.block;
		if (!block) return null;
		if (this.outbox.items.some(isAnswerTo(block.id))) return this.synced ? 'sending' : 'queued';
		return this.answers[block.id] ? 'received' : null;
	}

	/**
	 * The board shows the open block right now: not the join code, the ground rules, a blank
	 * screen or another block. Only then may the phone say that something is on the board.
	 */
	get blockOnBoard(): boolean {
		const view = this.view;
		const block = this.block;
		if (!view || !block || view.status !== 'live') return false;
		const { mode, blank, codeLarge } = view.stage;
		return !blank && !codeLarge && mode !== 'rules' && view.openBlockId === block.id;
	}

	/** The board shows the open block's results: on the board, in its step view, and revealed. */
	get resultsOnBoard(): boolean {
		const block = this.block;
		if (!block || !this.blockOnBoard || this.view?.stage.mode !== 'step') return false;
		return block.reveal === 'live' || (this.view?.revealed.includes(block.id) ?? false);
	}

	/** How long the open block's think time still runs on this phone, in ms; 0 when over. */
	get thinkingLeft(): number {
		return this.thinkingUntil === null ? 0 : Math.max(0, this.thinkingUntil - this.now);
	}

	/** The fate of what the pupil sent to the open block; null while no block is open. */
	get fate(): PupilFate | null {
		const block = this.block;
		if (!block) return null;
		// A tweegesprek is talked, not answered: its phone shows the sign, not a fate.
		if (kindOf(block.type).answer === 'talk') return null;
		if (isWrittenType(block.type)) {
			if (this.sending) return { state: this.synced ? 'sending' : 'queued' };
			if (this.sendError) return { state: 'refused', error: this.sendError, kept: false };
			if (this.own.some((own) => own.status === 'returned')) return { state: 'returned' };
			const latest = this.own.at(-1);
			if (latest)
				return {
					state: 'sent',
					teacherOnly: kindOf(block.type).teacherOnly,
					latest: latest.status,
					onBoard: this.blockOnBoard
				};
			return { state: this.passedBlock === block.id ? 'passed' : 'none' };
		}
		const state = this.answerState;
		if (state === 'queued' || state === 'sending') return { state };
		const answer = this.myAnswer;
		if (this.sendError) return { state: 'refused', error: this.sendError, kept: answer !== null };
		if (!answer) return { state: 'none' };
		if (answer.kind === 'pass') return { state: 'passed' };
		return {
			state: 'received',
			withReason: 'reason' in answer && !!answer.reason,
			resultsOnBoard: this.resultsOnBoard
		};
	}

	start() {
		// Before its first join a phone knows only the code; after it, its session.
		const known = this.stored();
		const socket = known
			? connect(this.url, { session: known.sessionId })
			: connect(this.url, { code: this.code }, { handshake: this.handshake });
		this.socket = socket;
		socket.on('connect', () => {
			this.connected = true;
			void this.sync();
		});
		socket.on('disconnect', () => {
			this.connected = false;
			this.synced = false;
			this.outbox.hold();
		});
		// The server refused the connection itself (too many from this network): a first visit
		// says why instead of 'connecting' for ever, while the connection tries again by itself.
		socket.on('connect_error', (error) => {
			const refused = connectionRefusals.find((code) => code === error.message);
			if (!socket.active && refused && this.phase === 'connecting') {
				this.error = refused;
				this.phase = 'failed';
			}
		});
		socket.on('pupil:update', ({ view, block, questionBox, questionsOnBoard }) => {
			// Two processes' announcements can cross: an older one would undo the newer.
			if (!isNewerView(this.view, view)) return;
			this.questionBox = questionBox;
			this.questionsOnBoard = questionsOnBoard;
			const changed = block?.id !== this.block?.id;
			this.view = view;
			this.block = block;
			this.phase = view.status === 'ended' ? 'ended' : 'ready';
			this.follow(view);
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
		if (this.resync) clearTimeout(this.resync);
		if (this.ticking) clearInterval(this.ticking);
		this.ticking = null;
		this.outbox.hold();
		this.socket?.disconnect();
		this.socket = null;
	}

	private stored(): Credentials | null {
		try {
			return JSON.parse(this.local?.getItem(storageKey(this.code)) ?? 'null') as Credentials | null;
		} catch {
			return null;
		}
	}

	/**
	 * The server could not say who this phone is (no answer, or an error of its own): say so
	 * on a first visit, keep showing the lesson on a later one, and try again shortly.
	 */
	private retrySync(error: ErrorCode | null) {
		if (this.phase === 'connecting' && error) {
			this.error = error;
			this.phase = 'failed';
		}
		if (this.resync) clearTimeout(this.resync);
		this.resync = setTimeout(() => {
			this.resync = null;
			if (this.socket?.connected && !this.synced) void this.sync();
		}, resyncMs);
	}

	private async sync() {
		const socket = this.socket;
		if (!socket) return;
		let credentials = this.stored();
		if (credentials) {
			const resumed = await command(socket, 'pupil:resume', credentials);
			if ('data' in resumed) return this.apply(resumed.data);
			if ('lost' in resumed) return this.retrySync(null);
			if (resumed.error !== 'invalid-token' && resumed.error !== 'session-not-found')
				return this.retrySync(resumed.error);
			this.local?.removeItem(storageKey(this.code));
			// What was queued belonged to a session this phone is no longer part of.
			this.outbox.clear();
		}
		// Joined and resumed in one round trip: a phone on a slow network sees the lesson sooner.
		const joined = await command(socket, 'pupil:join', { code: this.code, resume: true });
		if ('lost' in joined) return this.retrySync(null);
		// The server's data out of reach is a moment, not a verdict on the code: ask again.
		if ('error' in joined && joined.error === 'store-unavailable')
			return this.retrySync(joined.error);
		if ('error' in joined) {
			this.error = joined.error;
			this.phase = 'failed';
			return;
		}
		credentials = { sessionId: joined.data.sessionId, token: joined.data.token };
		this.local?.setItem(storageKey(this.code), JSON.stringify(credentials));
		routeBy(socket, { session: credentials.sessionId });
		if (joined.data.snapshot) return this.apply(joined.data.snapshot);
		const resumed = await command(socket, 'pupil:resume', credentials);
		if ('data' in resumed) this.apply(resumed.data);
		else this.retrySync('error' in resumed ? resumed.error : null);
	}

	private apply(snapshot: PupilSnapshot) {
		this.error = null;
		// A newer announcement may have come in while the snapshot was on its way: it stays.
		if (isNewerView(this.view, snapshot.view)) {
			this.view = snapshot.view;
			this.block = snapshot.block;
			this.questionBox = snapshot.questionBox;
			this.questionsOnBoard = snapshot.questionsOnBoard;
		}
		void this.syncQuestions();
		if (snapshot.block && snapshot.myAnswer) this.answers[snapshot.block.id] = snapshot.myAnswer;
		// Its own sign again, as the server keeps it: a reload or a restart changes nothing.
		if (snapshot.pairing) this.pairing = snapshot.pairing;
		if (this.view) this.follow(this.view);
		this.phase = this.view?.status === 'ended' ? 'ended' : 'ready';
		this.synced = true;
		// What the pupil did while the connection was down goes out now, in order.
		this.outbox.resume();
		void this.syncConversation();
	}

	/**
	 * What the session's view asks of this phone: count the open block's think time down, and ask
	 * for its own place in the tweegesprek whenever the groups changed.
	 */
	private follow(view: SessionView) {
		const thinking = view.thinking;
		this.now = Date.now();
		this.thinkingUntil =
			thinking && thinking.blockId === view.openBlockId ? this.now + thinking.remainingMs : null;
		if (this.thinkingUntil !== null && !this.ticking)
			this.ticking = setInterval(() => {
				this.now = Date.now();
				if (this.thinkingLeft === 0 && this.ticking) {
					clearInterval(this.ticking);
					this.ticking = null;
				}
			}, 250);
		const pairs = view.pairs;
		if (!pairs) this.pairing = null;
		else if (this.pairing?.blockId !== pairs.blockId || this.pairing.revision < pairs.revision)
			void this.syncPairing(pairs.blockId);
	}

	private async syncPairing(blockId: string) {
		const socket = this.socket;
		if (!socket || !this.synced) return;
		const asked = await command(socket, 'pairs:mine', { blockId });
		if ('data' in asked && asked.data.blockId === this.view?.pairs?.blockId) {
			// Two answers can cross: the one of the newest groups stays.
			if (
				!this.pairing ||
				this.pairing.blockId !== blockId ||
				asked.data.revision >= this.pairing.revision
			)
				this.pairing = asked.data;
		}
	}

	/** 'Ik doe niet mee', or taking part again: the server says where that leaves this pupil. */
	async takePart(takesPart: boolean): Promise<boolean> {
		const blockId = this.pairing?.blockId ?? this.view?.pairs?.blockId;
		if (!blockId) return false;
		this.sendError = null;
		const answer = await this.outbox.add(
			'pairs:take-part',
			{ blockId, takesPart },
			(queued) => queued.event === 'pairs:take-part'
		);
		return 'data' in answer;
	}

	private async syncConversation() {
		const socket = this.socket;
		const block = this.block;
		this.wall = [];
		this.own = [];
		if (!socket || !block || !takesWords(block.type, block.agree)) return;
		const synced = await command(socket, 'conversation:sync', { blockId: block.id });
		if ('data' in synced && synced.data.blockId === this.block?.id) {
			this.wall = synced.data.wall;
			this.own = synced.data.own;
			this.voted = synced.data.voted;
		}
	}

	private async syncQuestions() {
		const socket = this.socket;
		const box = this.questionBox;
		if (!socket || !box) return;
		const synced = await command(socket, 'conversation:sync', { blockId: box.id });
		if ('data' in synced) this.questions = synced.data.own;
	}

	/** Sends a written response; the same client id makes a resend count once. */
	async write(
		text: string,
		extra: { parentId?: string; question?: number; replaces?: string } = {}
	): Promise<boolean> {
		const block = this.block;
		if (!block) return false;
		this.sendError = null;
		const answer = await this.outbox.add('response:submit', {
			blockId: block.id,
			text,
			clientId: crypto.randomUUID(),
			...extra
		});
		return 'data' in answer;
	}

	/** Drops a question in the vragenbus, whatever the board shows. */
	async ask(text: string): Promise<boolean> {
		const box = this.questionBox;
		if (!box) return false;
		this.sendError = null;
		const answer = await this.outbox.add('response:submit', {
			blockId: box.id,
			text,
			clientId: crypto.randomUUID()
		});
		return 'data' in answer;
	}

	async withdraw(responseId: string) {
		this.sendError = null;
		await this.outbox.add('response:withdraw', { responseId });
	}

	async vote(responseId: string) {
		const waiting = this.outbox.items.some(
			(queued) => queued.event === 'response:vote' && queued.payload.responseId === responseId
		);
		if (this.voted.includes(responseId) || waiting) return;
		this.sendError = null;
		await this.outbox.add('response:vote', { responseId });
	}

	/** Passes on the open written block. Nothing is sent: there is nothing to store about someone
	 * who keeps quiet. */
	passWritten() {
		this.passedBlock = this.block?.id ?? null;
	}

	/** Answers the open block; a newer answer to the same block replaces one still waiting. */
	async answer(value: AnswerValue): Promise<boolean> {
		const block = this.block;
		if (!block) return false;
		this.sendError = null;
		const answer = await this.outbox.add(
			'answer:submit',
			{ blockId: block.id, value },
			isAnswerTo(block.id)
		);
		return 'data' in answer;
	}
}
