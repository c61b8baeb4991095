// A teacher's own space: made without an identity provider (a random key and a personal secret
// link to open it on another device), their lessons, and the sessions they add to it. The link
// is 256 random bits of which only the SHA-256 is stored; opening wrong ones is counted per
// network address in memory, so a guesser costs us little and learns nothing.

import { createHash, randomBytes } from 'node:crypto';
import { AttemptCounter } from './attempt-counter.ts';
import { linkFailuresPerAddress, linkFailureWindowMs } from './limits.ts';
import type { AddLessonError, LinkProblem } from '../teacher-space.ts';
import type { Sessions } from './sessions.ts';
import type { SessionRecord, Store, TeacherRecord } from './store/store.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Secret links and host secrets are base64url; anything else is not worth a look-up. */
const secretPattern = /^[A-Za-z0-9_-]{16,128}$/;

/** One of the teacher's sessions, as "Mijn lessen" lists it. */
export interface TeacherLesson {
	sessionId: string;
	lessonSlug: string;
	lessonTitle: string;
	/** The class it ran for, by the name the teacher gave it; null when none (or deleted). */
	className: string | null;
	startedAt: number;
	pupilsJoined: number;
	status: SessionRecord['status'];
	/** When retention deletes it, with its summary and workbook. */
	expiresAt: number;
}

export class TeacherSpaces {
	private readonly store: Store;
	private readonly sessions: Sessions;
	private readonly now: () => number;
	private readonly wrongLinks: AttemptCounter;

	constructor({
		store,
		sessions,
		now = Date.now
	}: {
		store: Store;
		sessions: Sessions;
		now?: () => number;
	}) {
		this.store = store;
		this.sessions = sessions;
		this.now = now;
		this.wrongLinks = new AttemptCounter(linkFailuresPerAddress, linkFailureWindowMs, now);
	}

	/** "Maak je eigen ruimte": a new teacher with a random key, known to nobody but this browser. */
	async createSpace(): Promise<TeacherRecord> {
		return this.store.teachers.ensureTeacher(randomBytes(32).toString('hex'), this.now());
	}

	/**
	 * A new personal secret link for the teacher; the one they had stops working at once. The
	 * secret is returned this once: only its hash is kept.
	 */
	async newLink(teacherKey: string): Promise<string> {
		const secret = randomBytes(32).toString('base64url');
		await this.store.teachers.setLink(teacherKey, sha256(secret), this.now());
		return secret;
	}

	revokeLink(teacherKey: string): Promise<void> {
		return this.store.teachers.deleteLink(teacherKey);
	}

	hasLink(teacherKey: string): Promise<boolean> {
		return this.store.teachers.hasLink(teacherKey);
	}

	/**
	 * The teacher whose link this is. `from` is the network address: past the limit of wrong
	 * links it is refused without a look-up, also a right one, until the window is over.
	 */
	async teacherByLink(
		secret: string,
		from: string
	): Promise<{ ok: true; value: TeacherRecord } | { ok: false; error: LinkProblem }> {
		if (this.wrongLinks.exhausted(from)) return { ok: false, error: 'too-many-attempts' };
		const teacher = secretPattern.test(secret)
			? await this.store.teachers.teacherByLink(sha256(secret))
			: null;
		if (teacher) return { ok: true, value: teacher };
		this.wrongLinks.count(from);
		return { ok: false, error: 'unknown-link' };
	}

	/** Every session of the teacher's that retention kept, newest first. */
	async lessonsOf(teacherKey: string): Promise<TeacherLesson[]> {
		const [owned, classes] = await Promise.all([
			this.store.teachers.sessionsOf(teacherKey),
			this.store.teachers.classesOf(teacherKey)
		]);
		const classNames = new Map(classes.map((record) => [record.id, record.name]));
		return owned.map(({ session, pupilsJoined }) => ({
			sessionId: session.id,
			lessonSlug: session.lessonSlug,
			lessonTitle: this.sessions.lessonOf(session)?.meta.title ?? session.lessonSlug,
			className: (session.classId && classNames.get(session.classId)) ?? null,
			startedAt: session.createdAt,
			pupilsJoined,
			status: session.status,
			expiresAt: session.expiresAt
		}));
	}

	/**
	 * "Een les toevoegen": the host link from the console (or its secret alone) makes that
	 * session the teacher's. A bare secret is looked for among the live sessions only; an ended
	 * one needs its link, which names it.
	 */
	async addLesson(
		teacherKey: string,
		hostLinkOrSecret: string
	): Promise<{ ok: true; value: SessionRecord } | { ok: false; error: AddLessonError }> {
		const given = readHostLink(hostLinkOrSecret);
		if (!given) return { ok: false, error: 'not-a-host-link' };
		if (given.sessionId) return this.sessions.claim(given.sessionId, given.secret, teacherKey);
		const hostKey = sha256(given.secret);
		const live = (await this.sessions.liveSessions()).find(
			(session) => session.hostKey === hostKey
		);
		if (!live) return { ok: false, error: 'session-not-found' };
		return this.sessions.claim(live.id, given.secret, teacherKey);
	}

	/**
	 * Deletes one of the teacher's ended sessions with all its answers, and what was kept of it
	 * past retention. A live one is ended in its console first, as there.
	 */
	async deleteLesson(
		teacherKey: string,
		sessionId: string
	): Promise<{ ok: true } | { ok: false; error: 'session-not-found' | 'session-live' }> {
		const session = await this.sessions.getSession(sessionId);
		if (!session || session.teacherKey !== teacherKey)
			return { ok: false, error: 'session-not-found' };
		if (session.status === 'live') return { ok: false, error: 'session-live' };
		await this.sessions.delete(session.id);
		await this.store.runs.deleteRun(session.id);
		return { ok: true };
	}

	async setDisplayName(teacherKey: string, displayName: string): Promise<void> {
		const trimmed = displayName.trim();
		await this.store.teachers.setDisplayName(teacherKey, trimmed === '' ? null : trimmed);
	}

	/** Signs the teacher out on every device, this one included. */
	signOutEverywhere(teacherKey: string): Promise<void> {
		return this.store.teachers.deleteSignInsOf(teacherKey);
	}

	/**
	 * Forgets the teacher: sign-ins, link, classes. Their sessions become sessions of nobody
	 * (retention deletes them as always), and owners' credentials for them stop working.
	 */
	deleteSpace(teacherKey: string): Promise<boolean> {
		return this.store.teachers.deleteTeacher(teacherKey);
	}
}

/**
 * The session and secret in what a teacher pasted: a host link (`…/host/<id>?key=<secret>`,
 * from any address this site has), or the secret alone. Null when it is neither.
 */
export function readHostLink(text: string): { sessionId: string | null; secret: string } | null {
	const trimmed = text.trim();
	if (secretPattern.test(trimmed)) return { sessionId: null, secret: trimmed };
	let url: URL;
	try {
		url = new URL(trimmed, 'http://klasgesprek.invalid');
	} catch {
		return null;
	}
	const path = url.pathname.match(/^\/host\/([A-Za-z0-9_-]{8,64})\/?$/);
	const secret = url.searchParams.get('key') ?? '';
	if (!path || !secretPattern.test(secret)) return null;
	return { sessionId: path[1], secret };
}
