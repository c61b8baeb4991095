// The load balancer's health check (deploy/haproxy.cfg): 200 while this process can read its
// store, 503 when it cannot, so the balancer sends new connections to a node that can.

import { useKlasgesprek } from '$lib/server/app';
import type { RequestHandler } from './$types';

/** A store that has not answered in this long counts as unreachable. */
const storeTimeoutMs = 2_000;

export const GET: RequestHandler = async () => {
	const reachable = await storeAnswers(storeTimeoutMs);
	return new Response(reachable ? 'ok' : 'store unreachable', {
		status: reachable ? 200 : 503,
		headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
	});
};

/** One read of a session that cannot exist: answered (null) means the store is there. */
async function storeAnswers(timeoutMs: number): Promise<boolean> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timedOut = new Promise<false>((resolve) => {
		timer = setTimeout(() => resolve(false), timeoutMs);
	});
	const read = (async () => {
		await useKlasgesprek().store.getSession('healthz');
		return true;
	})();
	try {
		return await Promise.race([read, timedOut]);
	} catch {
		return false;
	} finally {
		clearTimeout(timer);
	}
}
