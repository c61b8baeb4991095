// A stored session as the store tests need one: live, on step 1, nothing open.

import type { SessionRecord } from '../../../src/lib/server/store/store.ts';

export function sessionRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
	return {
		id: 's1',
		joinCode: '123456',
		hostKey: 'key',
		boardKey: 'board-key',
		tokenKey: 'token-key',
		lessonSlug: 'wat-is-polarisatie',
		lessonVersion: '',
		step: 1,
		openBlockId: null,
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
		...overrides
	};
}
