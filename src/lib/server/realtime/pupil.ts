// What a pupil's phone may do: join with a code, come back with its token, answer the open block.

import type { AnswerValue } from '../../lessons/answers.ts';
import type { Ack, PupilPairing, PupilSnapshot } from '../../protocol.ts';
import { schemas } from '../../protocol.ts';
import {
	joinFailuresPerAddressPerHour,
	joinFailuresPerAddressReserve,
	joinFailuresPerConnectionPerMinute
} from '../limits.ts';
import { failure, type Commands } from './commands.ts';
import { JoinLimiter } from './rate.ts';
import { leaveRole } from './roles.ts';
import { rooms } from './rooms.ts';
import type { CommandContext, RealtimeSocket } from './types.ts';

/**
 * Per process: behind a balancer that keeps a session (or a client) on one node, an address's
 * wrong codes are counted where they arrive, so a guesser spread over N nodes gets at most N
 * times the allowance.
 */
export function createJoinLimiter() {
	return new JoinLimiter({
		perConnectionPerMinute: joinFailuresPerConnectionPerMinute,
		addressReserve: joinFailuresPerAddressReserve,
		addressPerHour: joinFailuresPerAddressPerHour
	});
}

export function registerPupilCommands(
	commands: Commands,
	{ sessions, moderation, render, presence }: CommandContext,
	joinAttempts: JoinLimiter
) {
	/**
	 * Attaches the socket as the pupil `pupilKey`, and answers what the phone shows. A pupil who
	 * has just joined has no answer and no pairing yet: nothing to read for them.
	 */
	const attach = async (
		socket: RealtimeSocket,
		sessionId: string,
		pupilKey: string,
		newPupil: boolean
	): Promise<Ack<PupilSnapshot>> => {
		leaveRole(socket, presence);
		socket.data = { sessionId, role: 'pupil', pupilKey };
		await socket.join([rooms.pupils(sessionId), rooms.pupil(sessionId, pupilKey)]);
		// Read again now that the phone hears every change: one stored since the token was
		// checked went out before it joined.
		const session = await sessions.getSession(sessionId);
		if (!session) {
			leaveRole(socket, presence);
			return failure('session-not-found');
		}
		if (session.status === 'live') presence.changed(sessionId);
		const update = render.pupilUpdate(session);
		if (newPupil) return { data: { ...update, myAnswer: null, pairing: null } };
		const [myAnswer, pairing] = await Promise.all([
			update.block ? sessions.answerOf(session, pupilKey, update.block.id) : null,
			// A phone that comes back (a reload, a locked screen, a restart) gets its own sign again.
			sessions.pairingOf(session, pupilKey)
		]);
		return { data: { ...update, myAnswer, pairing } };
	};

	commands.on(
		'pupil:join',
		schemas.pupilJoin,
		{ role: 'anyone' },
		async (
			{ code, resume },
			_,
			{ socket, address }
		): Promise<Ack<{ sessionId: string; token: string; snapshot?: PupilSnapshot }>> => {
			// Only wrong codes count, so guessing is slow while a whole school behind one
			// address still joins at once.
			if (!joinAttempts.allows(address, socket.id)) return failure('too-many-joins');
			const outcome = await sessions.join(code);
			if (!outcome.ok) {
				if (outcome.error === 'unknown-code') joinAttempts.failed(address, socket.id);
				return failure(outcome.error);
			}
			const { session, pupilToken, pupilKey } = outcome.value;
			const joined = { sessionId: session.id, token: pupilToken };
			if (!resume) return { data: joined };
			// A phone on a slow network saves the resume's round trip. The pupil exists now either
			// way: one that could not be attached here (the store failed, say) resumes with its
			// token, as after a reload, rather than joining again as a second pupil.
			const attached = await attach(socket, session.id, pupilKey, true).catch(() => null);
			return {
				data: attached && 'data' in attached ? { ...joined, snapshot: attached.data } : joined
			};
		}
	);

	commands.on(
		'pupil:resume',
		schemas.pupilResume,
		{ role: 'anyone' },
		async ({ sessionId, token }, _, { socket }) => {
			const outcome = await sessions.asPupil(sessionId, token);
			if (!outcome.ok) return failure(outcome.error);
			return attach(socket, sessionId, outcome.value.pupilKey, false);
		}
	);

	/** A reason given with a position goes to the teacher's queue, like a written response. */
	const submitReason = async (
		sessionId: string,
		pupilKey: string,
		blockId: string,
		answer: AnswerValue
	) => {
		const position =
			answer.kind === 'choice' ? answer.options[0] : answer.kind === 'scale' ? answer.value : null;
		if (position === undefined || position === null || !('reason' in answer) || !answer.reason)
			return;
		const session = await sessions.getSession(sessionId);
		const block = session && sessions.findBlock(session, blockId)?.block;
		if (session && block)
			await moderation.submitReason(session, pupilKey, block, position, answer.reason);
	};

	commands.on(
		'answer:submit',
		schemas.answer,
		{ role: 'pupil' },
		async ({ blockId, value }, { sessionId, pupilKey }): Promise<Ack<{ stored: true }>> => {
			const outcome = await sessions.answer(sessionId, pupilKey, blockId, value as AnswerValue);
			if (!outcome.ok) return failure(outcome.error);
			// Also for a resent answer: its reason may be what failed to be stored the first time
			// (the store recognises a reason it already has).
			await submitReason(sessionId, pupilKey, blockId, outcome.value.value);
			// Acknowledged only now that the answer is in the store.
			return { data: { stored: true } };
		}
	);

	commands.on(
		'pairs:mine',
		schemas.block,
		{ role: 'pupil' },
		async ({ blockId }, { sessionId, pupilKey }): Promise<Ack<PupilPairing>> => {
			const session = await sessions.getSession(sessionId);
			if (!session) return failure('session-not-found');
			const pairing = await sessions.pairingOf(session, pupilKey);
			return pairing?.blockId === blockId ? { data: pairing } : failure('block-not-open');
		}
	);

	commands.on(
		'pairs:take-part',
		schemas.takePart,
		{ role: 'pupil' },
		async ({ blockId, takesPart }, { sessionId, pupilKey }): Promise<Ack<PupilPairing>> => {
			const outcome = await sessions.takePart(sessionId, pupilKey, blockId, takesPart);
			return outcome.ok ? { data: outcome.value } : failure(outcome.error);
		}
	);
}
