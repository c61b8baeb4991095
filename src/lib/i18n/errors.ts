// The sentence a person reads for each error code of the realtime contract: every code has its
// own, in Dutch and English, calm and saying what to do (a unit test walks \`errorCodes\`).

import type { ErrorCode } from '$lib/protocol';
import * as m from '$lib/paraglide/messages.js';

type Sentence = (inputs?: Record<string, never>, options?: { locale?: 'nl' | 'en' }) => string;

export const errorMessages: Record<ErrorCode, Sentence> = {
	'invalid-payload': m.error_invalid_payload,
	'rate-limited': m.error_rate_limited,
	'too-many-joins': m.error_too_many_joins,
	'not-attached': m.error_not_attached,
	'internal-error': m.error_internal_error,
	'store-unavailable': m.error_store_unavailable,
	'lesson-not-found': m.error_lesson_not_found,
	'session-not-found': m.error_session_not_found,
	'session-ended': m.error_session_ended,
	'unknown-code': m.error_unknown_code,
	'room-locked': m.error_room_locked,
	'not-host': m.error_not_host,
	'invalid-token': m.error_invalid_token,
	'block-not-found': m.error_block_not_found,
	'block-not-open': m.error_block_not_open,
	'not-a-tweegesprek': m.error_not_a_tweegesprek,
	'think-time': m.error_think_time,
	'no-think-time': m.error_no_think_time,
	'step-out-of-range': m.error_step_out_of_range,
	'no-timer': m.error_no_timer,
	'open-all-lesson': m.error_open_all_lesson,
	'block-not-answerable': m.error_block_not_answerable,
	'pass-not-allowed': m.error_pass_not_allowed,
	'wrong-kind': m.error_wrong_kind,
	'option-out-of-range': m.error_option_out_of_range,
	'one-option-only': m.error_one_option_only,
	'duplicate-option': m.error_duplicate_option,
	'reason-not-allowed': m.error_reason_not_allowed,
	'reason-too-long': m.error_reason_too_long,
	'scale-out-of-range': m.error_scale_out_of_range,
	'position-out-of-range': m.error_position_out_of_range,
	'too-many-words': m.error_too_many_words,
	'word-too-long': m.error_word_too_long,
	'empty-answer': m.error_empty_answer,
	'not-board': m.error_not_board,
	'too-many-starts': m.error_too_many_starts,
	'no-free-code': m.error_no_free_code,
	'too-many-connections': m.error_too_many_connections,
	'address-unknown': m.error_address_unknown,
	'submissions-paused': m.error_submissions_paused,
	'not-a-written-block': m.error_not_a_written_block,
	'text-empty': m.error_text_empty,
	'text-too-long': m.error_text_too_long,
	'question-out-of-range': m.error_question_out_of_range,
	'one-response-only': m.error_one_response_only,
	'already-shown': m.error_already_shown,
	'teacher-only': m.error_teacher_only,
	'not-a-word-cloud': m.error_not_a_word_cloud,
	'replies-not-allowed': m.error_replies_not_allowed,
	'reply-target-invalid': m.error_reply_target_invalid,
	'response-not-found': m.error_response_not_found,
	'not-your-response': m.error_not_your_response,
	'not-shown': m.error_not_shown,
	'own-response': m.error_own_response,
	'too-many-pending': m.error_too_many_pending
};

export function errorMessage(code: ErrorCode): string {
	return (errorMessages[code] ?? m.error_generic)();
}
