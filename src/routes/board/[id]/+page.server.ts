import { useKlasgesprek } from '$lib/server/app';
import { hostFromCookie } from '$lib/server/host-access';
import { error } from '@sveltejs/kit';
import { joinAddress } from '$lib/server/join-address';
import { networkInterfaces } from 'node:os';
import QRCode from 'qrcode';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, cookies, url }) => {
	const { sessions, config } = useKlasgesprek();
	const host = hostFromCookie(cookies, sessions, params.id);
	if (!host) error(403, 'not-host');
	const lesson = sessions.lessonOf(host.session);
	if (!lesson) error(404, 'lesson-not-found');
	const address = joinAddress({
		publicUrl: config.publicUrl,
		requestUrl: url,
		interfaces: networkInterfaces()
	});
	const joinUrl = `${address.origin}/j/${host.session.joinCode}`;
	const qr = await QRCode.toString(joinUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
	return {
		sessionId: host.session.id,
		hostSecret: host.hostSecret,
		joinUrl,
		joinHost: new URL(address.origin).host,
		/** Opened on localhost with no network: the teacher is told no phone can reach this. */
		unreachable: address.unreachable,
		qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(qr).toString('base64')}`,
		lesson: {
			meta: lesson.meta,
			steps: lesson.steps.map(({ number, title, board }) => ({ number, title, board }))
		}
	};
};
