// Records as the store tests need them: a live session on step 1 with block b1 open, and a
// pupil's written response waiting for the teacher.

import type {
	AnswerWrite,
	NewResponse,
	SessionRecord,
	SubmitRules
} from '../../src/lib/server/store/store.ts';

export function sessionRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
	return {
		id: 's1',
		joinCode: '123456',
		hostKey: 'key',
		boardKey: 'board-key',
		tokenKey: 'token-key',
		lessonSlug: 'wat-is-polarisatie',
		lessonVersion: 'v1',
		step: 1,
		openBlockId: 'b1',
		revealed: [],
		locked: false,
		timer: null,
		stage: { mode: 'step', paused: [], clearedThrough: {} },
		status: 'live',
		createdAt: 1000,
		endedAt: null,
		expiresAt: 10_000,
		activeAt: 1000,
		version: 1,
		teacherKey: null,
		classId: null,
		countsInOverview: false,
		...overrides
	};
}

export function answer(
	pupilKey: string,
	value: unknown,
	overrides: Partial<AnswerWrite> = {}
): AnswerWrite {
	return {
		sessionId: 's1',
		blockId: 'b1',
		pupilKey,
		value,
		position: null,
		at: 2000,
		...overrides
	};
}

export function newResponse(id: string, overrides: Partial<NewResponse> = {}): NewResponse {
	return {
		id,
		sessionId: 's1',
		blockId: 'b1',
		pupilKey: 'p1',
		clientId: `client-${id}`,
		parentId: null,
		question: null,
		text: `Tekst ${id}`,
		status: 'pending',
		flags: [],
		pinned: false,
		returnPrompt: null,
		createdAt: 3000,
		...overrides
	};
}

/** Today's rules for a block that takes one response per pupil. */
export function rules(overrides: Partial<SubmitRules> = {}): SubmitRules {
	return {
		replaces: null,
		replacesEarlierReasons: false,
		oneOpenResponse: false,
		pendingPerBlock: 5,
		pendingPerSession: 12,
		...overrides
	};
}
