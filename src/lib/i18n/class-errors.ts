// The sentence a teacher reads for each refusal about their classes, in their language. Used by
// the pages' server code, which says it back with the form.

import * as m from '$lib/paraglide/messages.js';
import type { ClassError } from '$lib/server/classes';

const classErrorMessages: Record<ClassError, () => string> = {
	'class-name-empty': m.class_error_class_name_empty,
	'class-name-too-long': m.class_error_class_name_too_long,
	'class-name-taken': m.class_error_class_name_taken,
	'class-not-found': m.class_error_class_not_found
};

export const classErrorMessage = (error: ClassError) => classErrorMessages[error]();
