// What a pupil's phone may do: join with a code, come back with its token, answer the open block.

import type { AnswerValue } from '../../lessons/answers.ts';
import type { Ack, PupilSnapshot } from '../../protocol.ts';
import { schemas } from '../../protocol.ts';
import {
	joinFailuresPerAddressPerHour,
	joinFailuresPerAddressReserve,
	joinFailuresPerConnectionPerMinute
} from '../limits.ts';
import { announceQueue } from './conversation.ts';
import type { Broadcaster } from './broadcaster.ts';
import { failure, onCommand, type HandlerContext } from './commands.ts';
import { guarded } from '../guard.ts';
import { JoinLimiter } from './rate.ts';
import { leaveRole } from './roles.ts';
import { rooms } from './rooms.ts';

interface Context extends HandlerContext {
	broadcaster: Broadcaster;
	joinAttempts: JoinLimiter;
	/** The client's network address, used for rate limiting in memory and nothing else. */
	address: string;
}

export function createJoinLimiter() {
	return new JoinLimiter({
		perConnectionPerMinute: joinFailuresPerConnectionPerMinute,
		addressReserve: joinFailuresPerAddressReserve,
		addressPerHour: joinFailuresPerAddressPerHour
	});
}

export function registerPupilHandlers({
	io,
	socket,
	sessions,
	moderation,
	broadcaster,
	bucket,
	joinAttempts,
	address
}: Context) {
	onCommand(
		socket,
		bucket,
		'pupil:join',
		schemas.pupilJoin,
		({ code }): Ack<{ sessionId: string; token: string }> => {
			// Only wrong codes count, so guessing is slow while a whole school behind one
			// address still joins at once.
			if (!joinAttempts.allows(address, socket.id)) return failure('too-many-joins');
			const outcome = sessions.join(code);
			if (!outcome.ok) {
				if (outcome.error === 'unknown-code') joinAttempts.failed(address, socket.id);
				return failure(outcome.error);
			}
			return { data: { sessionId: outcome.value.session.id, token: outcome.value.pupilToken } };
		}
	);

	onCommand(
		socket,
		bucket,
		'pupil:resume',
		schemas.pupilResume,
		({ sessionId, token }): Ack<PupilSnapshot> => {
			const outcome = sessions.asPupil(sessionId, token);
			if (!outcome.ok) return failure(outcome.error);
			const { session, pupilKey } = outcome.value;
			leaveRole(socket, broadcaster);
			socket.data = { sessionId: session.id, role: 'pupil', pupilKey };
			void socket.join([rooms.pupils(session.id), rooms.pupil(session.id, pupilKey)]);
			if (session.status === 'live') broadcaster.pupilArrived(session.id, pupilKey);
			const block = sessions.pupilBlock(session);
			return {
				data: {
					view: sessions.view(session),
					block,
					questionBox: sessions.questionBox(session),
					myAnswer: block ? sessions.answerOf(session, pupilKey, block.id) : null
				}
			};
		}
	);

	onCommand(
		socket,
		bucket,
		'answer:submit',
		schemas.answer,
		async ({ blockId, value }): Promise<Ack<{ stored: true }>> => {
			const { sessionId, role, pupilKey } = socket.data;
			if (role !== 'pupil' || !sessionId || !pupilKey) return failure('not-attached');
			const session = sessions.getSession(sessionId);
			if (!session) return failure('session-not-found');
			const outcome = await sessions.answer(session, pupilKey, blockId, value as AnswerValue);
			if (!outcome.ok) return failure(outcome.error);
			if (outcome.value.changed) {
				broadcaster.resultsChanged(session.id, blockId);
				const answer = outcome.value.value;
				const block = sessions.findBlock(session, blockId)?.block;
				const position =
					answer.kind === 'choice'
						? answer.options[0]
						: answer.kind === 'scale'
							? answer.value
							: null;
				if (block && position !== null && 'reason' in answer && answer.reason) {
					moderation.submitReason(session, pupilKey, block, position, answer.reason);
					announceQueue(io, moderation, session);
				}
			}
			// Acknowledged only now that the answer is in the store.
			return { data: { stored: true } };
		}
	);

	socket.on(
		'disconnect',
		guarded('pupil departure', () => {
			const { sessionId, role, pupilKey } = socket.data;
			if (role === 'pupil' && sessionId && pupilKey) broadcaster.pupilLeft(sessionId, pupilKey);
		})
	);
}
