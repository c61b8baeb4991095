// A written response's status as the teacher reads it in the queue and the summary: what waits
// says 'Wacht'; an answer to a kind that is read, never waiting (an exit ticket), says 'Ontvangen'.
// And as its writer reads it on the phone: on the board only while the board shows it.

import { wordsWait, type BoardBlockType } from '$lib/lessons/kinds';
import * as m from '$lib/paraglide/messages.js';
import type { OwnResponse, QueuedResponse } from '$lib/protocol';

const labels: Record<QueuedResponse['status'], () => string> = {
	pending: m.queue_status_pending,
	approved: m.queue_status_approved,
	hidden: m.queue_status_hidden,
	returned: m.queue_status_returned
};

export function responseStatusLabel(
	status: QueuedResponse['status'],
	type: BoardBlockType
): string {
	return status === 'pending' && !wordsWait(type) ? m.queue_status_received() : labels[status]();
}

/**
 * What became of a pupil's own response or question, on their phone: let through, it 'stands on
 * the board' while the board shows it and was 'chosen for the board' otherwise. (A response sent
 * back says what the teacher asks; its screen says that itself.)
 */
export function ownStatusLabel(status: OwnResponse['status'], onBoard: boolean): string {
	if (status === 'hidden') return m.pupil_own_hidden();
	if (status === 'approved') return onBoard ? m.pupil_own_approved() : m.pupil_own_chosen();
	return m.pupil_own_pending();
}
