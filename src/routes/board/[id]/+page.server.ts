import { useKlasgesprek } from '$lib/server/app';
import { boardFromCookie, rememberBoard } from '$lib/server/host-access';
import { error, redirect } from '@sveltejs/kit';
import { currentInterfaces, joinAddress } from '$lib/server/join-address';
import QRCode from 'qrcode';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, cookies, url, locals }) => {
	const { sessions, config } = useKlasgesprek();
	// The board link (for the projector PC): remember its view-only secret, then drop it from
	// the address bar. The host secret never comes here.
	const key = url.searchParams.get('key');
	if (key) {
		const outcome = await sessions.asBoard(params.id, key);
		if (outcome.ok) {
			rememberBoard(cookies, url.protocol === 'https:', outcome.value, key);
			redirect(303, `/board/${params.id}`);
		}
	}
	const board = await boardFromCookie(cookies, sessions, params.id, locals.teacher);
	if (!board) error(403, 'not-board');
	const lesson = sessions.lessonOf(board.session);
	if (!lesson) error(404, 'lesson-not-found');
	const address = joinAddress({
		publicUrl: config.publicUrl,
		requestUrl: url,
		interfaces: currentInterfaces(),
		listenHost: config.listenHost
	});
	const joinUrl = `${address.origin}/j/${board.session.joinCode}`;
	const qr = await QRCode.toString(joinUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
	return {
		sessionId: board.session.id,
		boardSecret: board.boardSecret,
		joinUrl,
		joinHost: new URL(address.origin).host,
		/** Why no phone can reach this ('loopback-only', 'no-network'), or null: the teacher is told. */
		unreachable: address.unreachable,
		qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(qr).toString('base64')}`,
		lesson: {
			meta: lesson.meta,
			steps: lesson.steps.map(({ number, title, board }) => ({ number, title, board }))
		}
	};
};
