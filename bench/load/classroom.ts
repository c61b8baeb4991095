// One simulated classroom through the real protocol: a teacher starts the lesson over HTTP, a
// host and a board attach, pupils join by code with a stagger, the host opens the poll, and
// every pupil answers like a person would: most within the answer window, some change their
// mind, some lose the connection and come back, a few pass. It records what a person would
// notice (join time, time to the acknowledgement, time until the board shows the answer) and
// what must never happen (an acknowledged answer missing from, or counted twice on, the board
// or in the store).

import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { sameState, stateOf, type PollState, type ResultsLike } from './poll-state.ts';
import type { Random } from './random.ts';

export interface ClassroomPlan {
	url: string;
	/**
	 * Region mode: the nodes of one deployment. With `routing: 'spread'` a classroom is spread
	 * over them on purpose (host, board and pupils each on the next node), so every answer
	 * crosses the adapter: the worst case, which a balancer that keeps a session on one node
	 * avoids. With `routing: 'session'` every socket of a classroom is on one node, as that
	 * balancer (deploy/haproxy.cfg) routes them; classrooms are spread over the nodes.
	 */
	nodes?: string[];
	routing?: 'session' | 'spread';
	/** The lesson to start and its single-choice poll: its block id and number of options. */
	lesson: string;
	blockId: string;
	options: number;
	/** The block's minimum number of answers before the board shows a distribution. */
	minAnswers: number;
	pupils: number;
	joinWindowMs: number;
	answerWindowMs: number;
	/** 'human': one answer each, most within the window; 'steady': `answersPerPupil` spread evenly. */
	pace: 'human' | 'steady';
	answersPerPupil: number;
	changeShare: number;
	reconnectShare: number;
	passShare: number;
	/** Quiet time after the last acknowledgement before the board and store are compared. */
	settleMs: number;
	ackTimeoutMs: number;
}

export interface ClassroomReport {
	joinMs: number[];
	ackMs: number[];
	boardMs: number[];
	sent: number;
	acknowledged: number;
	/** Acknowledged answers the board never showed (its state never caught up with them). */
	boardUnseen: number;
	/** Answers that never got an acknowledgement, however often they were sent. */
	unacknowledged: number;
	/** After a reconnect the server did not give the pupil back their acknowledged answer. */
	resumeMismatches: number;
	errors: Record<string, number>;
	expected: PollState;
	board: ResultsLike | null;
	stored: ResultsLike | null;
	/** When the poll opened and when the last answer was acknowledged, in epoch milliseconds. */
	answerPhase: { start: number; end: number };
}

type Client = Socket;
type Reply<T> = { data: T } | { error: string };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class RequestFailed extends Error {}

export async function request<T>(
	socket: Client,
	timeoutMs: number,
	event: string,
	payload: unknown
) {
	const reply = (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as Reply<T>;
	if ('error' in reply) throw new RequestFailed(reply.error);
	return reply.data;
}

/**
 * Each classroom is its own school: its own address, as the reverse proxy in front of the
 * server (ADDRESS_HEADER=x-forwarded-for) would pass it on, so the limits per address apply
 * per classroom and not to the whole benchmark at once.
 */
function schoolAddress(): string {
	const [a, b, c] = randomBytes(3);
	return `10.${a}.${b}.${c}`;
}

export function connect(url: string, school: string): Promise<Client> {
	// forceNew: every pupil is their own phone with their own connection, never multiplexed.
	const socket = io(url, {
		path: '/socket.io',
		transports: ['websocket'],
		forceNew: true,
		reconnection: false,
		extraHeaders: { 'x-forwarded-for': school }
	});
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', (error) => {
			socket.close();
			reject(new RequestFailed(`connect: ${error.message}`));
		});
	});
}

/** Starts the lesson as the Start button on its page does: its session and the host's cookie. */
export async function startLesson(url: string, lesson: string, school: string) {
	const response = await fetch(`${url}/lessons/${encodeURIComponent(lesson)}?/start`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'x-forwarded-for': school,
			origin: url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: ''
	});
	const sessionId = response.headers.get('location')?.match(/\/host\/([^/?#]+)/)?.[1];
	const cookie = response.headers
		.getSetCookie()
		.find((line) => line.startsWith(`klasgesprek-host-${sessionId}=`))
		?.split(';')[0];
	if (!sessionId || !cookie) throw new RequestFailed(`start: HTTP ${response.status}`);
	return { sessionId, cookie, hostSecret: cookie.split('=')[1] };
}

/** The console's page, as the browser opens it after the start: the board's secret from its link. */
export async function boardSecretFromConsole(
	url: string,
	{ sessionId, cookie }: { sessionId: string; cookie: string },
	school: string
) {
	const hostPage = await fetch(`${url}/host/${sessionId}`, {
		headers: { 'x-forwarded-for': school, cookie, 'accept-encoding': 'gzip' }
	});
	const boardSecret = (await hostPage.text()).match(/\/board\/[^"?]+\?key=([\w-]+)/)?.[1];
	if (!boardSecret) throw new RequestFailed(`host page: HTTP ${hostPage.status}, no board link`);
	return boardSecret;
}

/** The lesson started and its console opened: the host's secret and the board's. */
async function startSession(url: string, lesson: string, school: string) {
	const started = await startLesson(url, lesson, school);
	const boardSecret = await boardSecretFromConsole(url, started, school);
	return { sessionId: started.sessionId, hostSecret: started.hostSecret, boardSecret };
}

interface Ledger {
	/** Acknowledged answers in the order their acknowledgements arrived. */
	entries: { sentAt: number; state: PollState }[];
	/** How many entries the board has been seen to include. */
	seen: number;
	lastBoard: { results: ResultsLike; at: number } | null;
}

export async function runClassroom(plan: ClassroomPlan, random: Random): Promise<ClassroomReport> {
	const report: ClassroomReport = {
		joinMs: [],
		ackMs: [],
		boardMs: [],
		sent: 0,
		acknowledged: 0,
		boardUnseen: 0,
		unacknowledged: 0,
		resumeMismatches: 0,
		errors: {},
		expected: { counts: new Array<number>(plan.options).fill(0), passes: 0 },
		board: null,
		stored: null,
		answerPhase: { start: 0, end: 0 }
	};
	const countError = (error: unknown) => {
		const key = error instanceof RequestFailed ? error.message : String(error);
		report.errors[key] = (report.errors[key] ?? 0) + 1;
	};
	const sockets: Client[] = [];
	const finalAnswers = new Map<number, number>();
	const ledger: Ledger = { entries: [], seen: 0, lastBoard: null };

	// The board has shown an answer once its counts equal the counts just after that answer.
	// The oldest matching state is taken, so a latency is never reported lower than it was.
	const attribute = () => {
		if (!ledger.lastBoard) return;
		const { results, at } = ledger.lastBoard;
		for (let index = ledger.seen; index < ledger.entries.length; index += 1) {
			if (!sameState(results, ledger.entries[index].state, plan.minAnswers)) continue;
			for (let shown = ledger.seen; shown <= index; shown += 1)
				report.boardMs.push(at - ledger.entries[shown].sentAt);
			ledger.seen = index + 1;
			return;
		}
	};

	try {
		const school = schoolAddress();
		const nodes = plan.nodes?.length ? plan.nodes : [plan.url];
		const first = random.integer(0, nodes.length - 1);
		const node = (index: number) =>
			nodes[(first + (plan.routing === 'session' ? 0 : index)) % nodes.length];
		const { sessionId, hostSecret, boardSecret } = await startSession(node(0), plan.lesson, school);
		const host = await connect(node(0), school);
		const board = await connect(node(1), school);
		sockets.push(host, board);
		const snapshot = await request<{ view: { joinCode: string } }>(
			host,
			plan.ackTimeoutMs,
			'host:attach',
			{ sessionId, hostSecret }
		);
		let boardRevision = -Infinity;
		board.on('results:update', (results: ResultsLike & { blockId: string; revision?: number }) => {
			if (results.blockId !== plan.blockId) return;
			// With several nodes, results made from an older read can arrive later: the board
			// page ignores them, and so does the benchmark.
			if (results.revision !== undefined) {
				if (results.revision < boardRevision) return;
				boardRevision = results.revision;
			}
			ledger.lastBoard = { results, at: performance.now() };
			report.board = results;
			attribute();
		});
		await request(board, plan.ackTimeoutMs, 'board:attach', { sessionId, boardSecret });

		const pupils = await Promise.all(
			Array.from({ length: plan.pupils }, async (_, index) => {
				await sleep(random.between(0, plan.joinWindowMs));
				const started = performance.now();
				const socket = await connect(node(2 + index), school);
				sockets.push(socket);
				// As the phone joins: the join attaches it and answers what it shows, in one round trip.
				const { token, snapshot: shown } = await request<{ token: string; snapshot?: unknown }>(
					socket,
					plan.ackTimeoutMs,
					'pupil:join',
					{ code: snapshot.view.joinCode, resume: true }
				);
				if (!shown) throw new RequestFailed('join: no snapshot');
				report.joinMs.push(performance.now() - started);
				return { index, socket, token };
			})
		);

		const opened = new Promise<void>((resolve) => {
			let waiting = pupils.length;
			for (const { socket } of pupils)
				socket.once('pupil:update', () => (waiting -= 1) === 0 && resolve());
		});
		await request(host, plan.ackTimeoutMs, 'block:open', { blockId: plan.blockId });
		await opened;
		const openedAt = performance.now();
		report.answerPhase.start = performance.timeOrigin + openedAt;

		await Promise.all(
			pupils.map(async (pupil) => {
				const choices = planAnswers(plan, random);
				const reconnectAfter =
					random.next() < plan.reconnectShare ? random.integer(0, choices.length - 1) : -1;
				let socket = pupil.socket;
				for (const [number, { atMs, value }] of choices.entries()) {
					await sleep(Math.max(0, openedAt + atMs - performance.now()));
					const sentAt = performance.now();
					report.sent += 1;
					const acknowledged = await sendUntilAcknowledged(socket, plan, value, countError);
					if (!acknowledged) {
						report.unacknowledged += 1;
						return;
					}
					const ackedAt = performance.now();
					report.acknowledged += 1;
					report.ackMs.push(ackedAt - sentAt);
					finalAnswers.set(pupil.index, value.kind === 'pass' ? -1 : value.options[0]);
					ledger.entries.push({ sentAt, state: stateOf(finalAnswers, plan.options) });
					attribute();
					if (number === reconnectAfter) {
						// Back on another node, as after a node was lost.
						socket = await reconnect(node(3 + pupil.index), school, socket, random);
						const returned = await request<{ myAnswer: AnswerValue | null }>(
							socket,
							plan.ackTimeoutMs,
							'pupil:resume',
							{ sessionId, token: pupil.token }
						);
						if (!sameAnswer(returned.myAnswer, value)) report.resumeMismatches += 1;
						sockets.push(socket);
					}
				}
			})
		);
		report.answerPhase.end = performance.timeOrigin + performance.now();

		await sleep(plan.settleMs);
		report.expected = stateOf(finalAnswers, plan.options);
		settleLedger(ledger, report, plan.minAnswers);
		report.boardUnseen = ledger.entries.length - ledger.seen;
		// A fresh host connection reads the results from the store, not from anything cached.
		const check = await connect(node(2), school);
		sockets.push(check);
		const stored = await request<{ results: Record<string, ResultsLike> }>(
			check,
			plan.ackTimeoutMs,
			'host:attach',
			{ sessionId, hostSecret }
		);
		report.stored = stored.results[plan.blockId] ?? null;
	} catch (error) {
		countError(error);
	} finally {
		for (const socket of sockets) socket.close();
	}
	return report;
}

/**
 * At the end, a board showing the final state has shown every answer, also those left over
 * because an earlier state happened to look the same (a pupil changing back). Answers sent
 * after its last update changed nothing it shows, so they get no latency.
 */
function settleLedger(ledger: Ledger, report: ClassroomReport, minAnswers: number) {
	const last = ledger.entries.at(-1);
	if (!ledger.lastBoard || !last || !sameState(ledger.lastBoard.results, last.state, minAnswers))
		return;
	const { at } = ledger.lastBoard;
	for (const entry of ledger.entries.slice(ledger.seen))
		if (entry.sentAt <= at) report.boardMs.push(at - entry.sentAt);
	ledger.seen = ledger.entries.length;
}

type AnswerValue = { kind: 'choice'; options: number[] } | { kind: 'pass' };

/** When, from the moment the poll opened, this pupil answers what. */
function planAnswers(plan: ClassroomPlan, random: Random): { atMs: number; value: AnswerValue }[] {
	const pick = (): AnswerValue =>
		random.next() < plan.passShare
			? { kind: 'pass' }
			: { kind: 'choice', options: [random.integer(0, plan.options - 1)] };
	if (plan.pace === 'steady') {
		const slot = plan.answerWindowMs / plan.answersPerPupil;
		return Array.from({ length: plan.answersPerPupil }, (_, index) => ({
			atMs: (index + random.next()) * slot,
			value: pick()
		}));
	}
	// People answer with a long tail: a median of 40% of the window puts about 95% inside it.
	const first = Math.min(
		random.logNormal(0.4 * plan.answerWindowMs, 0.55),
		1.5 * plan.answerWindowMs
	);
	const answers = [{ atMs: first, value: pick() }];
	if (random.next() < plan.changeShare)
		answers.push({ atMs: first + random.between(1_000, 4_000), value: pick() });
	return answers;
}

/** Like the pupil page: an answer that got no acknowledgement is sent again, at most thrice. */
async function sendUntilAcknowledged(
	socket: Client,
	plan: ClassroomPlan,
	value: AnswerValue,
	countError: (error: unknown) => void
): Promise<boolean> {
	for (let attempt = 0; attempt < 3; attempt += 1) {
		try {
			await request(socket, plan.ackTimeoutMs, 'answer:submit', { blockId: plan.blockId, value });
			return true;
		} catch (error) {
			countError(error);
			if (error instanceof RequestFailed) return false;
		}
	}
	return false;
}

/** The wifi drops: after a moment a new connection comes back with the same token. */
async function reconnect(
	url: string,
	school: string,
	old: Client,
	random: Random
): Promise<Client> {
	old.close();
	await sleep(random.between(200, 1_500));
	return connect(url, school);
}

function sameAnswer(returned: AnswerValue | null, sent: AnswerValue): boolean {
	if (returned?.kind !== sent.kind) return false;
	return (
		sent.kind === 'pass' || (returned.kind === 'choice' && returned.options[0] === sent.options[0])
	);
}
