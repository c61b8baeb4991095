// A written response's status as the teacher reads it in the queue and the summary: what waits
// says 'Wacht'; an answer to a kind that is read, never waiting (an exit ticket), says 'Ontvangen'.

import { wordsWait, type BoardBlockType } from '$lib/lessons/kinds';
import * as m from '$lib/paraglide/messages.js';
import type { QueuedResponse } from '$lib/protocol';

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
