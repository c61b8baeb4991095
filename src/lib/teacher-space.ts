// What the teacher's own space says back to the browser, shared by server and pages: the ways
// signing in can fail, and why a lesson could not be added. Each has its sentence in
// $lib/i18n/teacher-space.ts.

export const signInProblems = [
	/** No attempt of this browser waits for this answer: missing, expired, or used already. */
	'expired',
	/** The teacher stopped at the provider (error=access_denied). */
	'cancelled',
	/** The provider did not answer (in time), or answered with a server error. */
	'provider-unreachable',
	/** The provider said no for another reason than the teacher's. */
	'provider-refused',
	/** The provider, or its answer, names another issuer than the one configured. */
	'wrong-issuer',
	/** The ID token or the code did not hold up: bad signature, nonce, audience, or a used code. */
	'invalid-token'
] as const;
export type SignInProblem = (typeof signInProblems)[number];

export const addLessonErrors = [
	'not-a-host-link',
	'session-not-found',
	'not-host',
	'claimed-by-another'
] as const;
export type AddLessonError = (typeof addLessonErrors)[number];

/** Why a personal secret link opened nothing. */
export type LinkProblem = 'unknown-link' | 'too-many-attempts';
