// The sentences of the teacher's space for each code the server gives back (a unit test walks
// the code lists): calm, saying what happened and what to do.

import * as m from '$lib/paraglide/messages.js';
import type { AddLessonError, SignInProblem } from '$lib/teacher-space';

type Sentence = (inputs?: Record<string, never>, options?: { locale?: 'nl' | 'en' }) => string;

export const signInProblemMessages: Record<SignInProblem, Sentence> = {
	expired: m.signin_problem_expired,
	cancelled: m.signin_problem_cancelled,
	'provider-unreachable': m.signin_problem_provider_unreachable,
	'provider-refused': m.signin_problem_provider_refused,
	'wrong-issuer': m.signin_problem_wrong_issuer,
	'invalid-token': m.signin_problem_invalid_token
};

export const addLessonErrorMessages: Record<AddLessonError, Sentence> = {
	'not-a-host-link': m.mine_add_error_not_a_host_link,
	'session-not-found': m.mine_add_error_session_not_found,
	'not-host': m.mine_add_error_not_host,
	'claimed-by-another': m.mine_add_error_claimed_by_another
};
