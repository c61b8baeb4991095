// Domain records rendered into the contract's wire objects: the one place that builds a
// SessionView, a PupilBlock or a timer's countdown. A session's view is the same for every screen
// of its rooms, so it is rendered once per stored version and reused (a room's broadcast, thirty
// phones resuming); only the countdowns (timer, think time) are measured again for each send.

import type { BoardBlock } from '../../lessons/model.ts';
import { forParents } from '../../lessons/vocabulary.ts';
import type {
	OwnResponse,
	PupilBlock,
	PupilPairing,
	PupilUpdate,
	QueuedResponse,
	ResponseSubmit,
	SessionView,
	ThinkingView,
	TimerView,
	WallResponse
} from '../../protocol.ts';
import type { OwnEntry, QueueEntry, Submission, WallEntry } from '../moderation/moderation.ts';
import type { PairingPlace, Sessions } from '../sessions.ts';
import type { SessionRecord, TimerState } from '../store/store.ts';

/**
 * The domain's own shapes that go on the wire as they are: each must be the contract's type
 * exactly, or this does not compile (a field added on one side only is caught by `npm run check`).
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
	Same<QueueEntry, QueuedResponse>,
	Same<WallEntry, WallResponse>,
	Same<OwnEntry, OwnResponse>,
	Same<PairingPlace, PupilPairing>,
	Same<Submission, ResponseSubmit>
] = [true, true, true, true, true];
void sameShapes;

/** What of a version's rendering stays the same until the next version. */
interface Rendered {
	/** The view without its countdowns, which are measured at each send. */
	base: Omit<SessionView, 'timer' | 'thinking'>;
	/** The whole view while no countdown is shown: then it is the same object for every send. */
	still: SessionView;
	timer: TimerState | null;
	pupil: Omit<PupilUpdate, 'view'>;
}

/** Versions kept: the live sessions of a process, a few times over. */
const renderedVersions = 2000;

export class Render {
	private readonly sessions: Sessions;
	private readonly rendered = new Map<string, Rendered>();

	constructor(sessions: Sessions) {
		this.sessions = sessions;
	}

	/** The session as hosts, boards and phones show it. */
	view(session: SessionRecord): SessionView {
		return this.withCountdowns(session, this.ofVersion(session));
	}

	/** What every phone of the session gets when it changes. */
	pupilUpdate(session: SessionRecord): PupilUpdate {
		const rendered = this.ofVersion(session);
		return { view: this.withCountdowns(session, rendered), ...rendered.pupil };
	}

	/**
	 * The view of a session just deleted, as it was with nothing open: never kept, since its
	 * version is that of the session as stored.
	 */
	deletedView(session: SessionRecord): { session: SessionRecord; update: PupilUpdate } {
		const ended = { ...session, status: 'ended' as const, openBlockId: null, timer: null };
		const rendered = this.render(ended);
		return {
			session: ended,
			update: { view: this.withCountdowns(ended, rendered), ...rendered.pupil }
		};
	}

	timer(timer: TimerState | null): TimerView | null {
		if (!timer) return null;
		const at = this.sessions.now();
		const elapsed = timer.elapsedMs + (timer.runningSince === null ? 0 : at - timer.runningSince);
		return {
			blockId: timer.blockId,
			durationMs: timer.durationMs,
			remainingMs: Math.max(0, timer.durationMs - elapsed),
			running: timer.runningSince !== null,
			at
		};
	}

	pupilBlock(block: BoardBlock | null): PupilBlock | null {
		if (!block) return null;
		return {
			id: block.id,
			type: block.type,
			prompt: block.prompt,
			options: block.options,
			pass: block.settings.pass,
			multiple: block.settings.multiple,
			reason: block.settings.reason,
			words: block.settings.words,
			direct: block.settings.direct,
			scale: block.settings.scale,
			maxLength: block.settings.maxLength,
			replies: block.settings.replies,
			reveal: block.settings.reveal,
			agree: block.settings.agree
		};
	}

	private ofVersion(session: SessionRecord): Rendered {
		const key = `${session.id}:${session.version}`;
		let rendered = this.rendered.get(key);
		if (!rendered) {
			rendered = this.render(session);
			// Older versions are never asked again once screens have the newer: forget them all at once.
			if (this.rendered.size >= renderedVersions) this.rendered.clear();
			this.rendered.set(key, rendered);
		}
		return rendered;
	}

	private withCountdowns(session: SessionRecord, rendered: Rendered): SessionView {
		const thinking = this.thinking(session);
		if (rendered.timer === null && thinking === null) return rendered.still;
		return { ...rendered.base, timer: this.timer(rendered.timer), thinking };
	}

	private thinking(session: SessionRecord): ThinkingView | null {
		const thinking = session.stage.thinking;
		const remainingMs = thinking ? this.sessions.thinkingLeft(session, thinking.blockId) : 0;
		if (!thinking || remainingMs === 0) return null;
		return {
			blockId: thinking.blockId,
			durationMs: thinking.durationMs,
			remainingMs,
			at: this.sessions.now()
		};
	}

	private render(session: SessionRecord): Rendered {
		const lesson = this.sessions.lessonOf(session);
		const pairing = this.sessions.pairingShown(session);
		const base = {
			id: session.id,
			version: session.version,
			joinCode: session.joinCode,
			lessonSlug: session.lessonSlug,
			lessonTitle: lesson?.meta.title ?? session.lessonSlug,
			language: lesson?.meta.language ?? 'nl',
			step: session.step,
			stepCount: lesson?.steps.length ?? 0,
			openBlockId: session.openBlockId,
			opened: session.stage.opened ?? [],
			revealed: session.revealed,
			locked: session.locked,
			status: session.status,
			countsInOverview: session.countsInOverview,
			parents: lesson ? forParents(lesson.meta.audience) : false,
			pairs: pairing && {
				blockId: pairing.blockId,
				revision: pairing.revision,
				round: pairing.round,
				groups: pairing.groups.length,
				pupils: pairing.groups.reduce((sum, group) => sum + group.members.length, 0)
			},
			stage: {
				mode: session.stage.mode,
				paused: session.stage.paused,
				sortByVotes: session.stage.sortByVotes ?? false,
				blank: session.stage.blank ?? false,
				codeLarge: session.stage.codeLarge ?? false
			}
		};
		return {
			base,
			still: { ...base, timer: null, thinking: null },
			timer: this.sessions.timerShown(session),
			pupil: {
				block: this.pupilBlock(this.sessions.openQuestion(session)),
				questionBox: this.pupilBlock(this.sessions.questionBox(session)),
				questionsOnBoard: this.sessions.questionsOnBoard(session)
			}
		};
	}
}
