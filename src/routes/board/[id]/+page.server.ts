import { useKlasgesprek } from '$lib/server/app';
import { hostFromCookie } from '$lib/server/host-access';
import { error } from '@sveltejs/kit';
import QRCode from 'qrcode';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, cookies, url }) => {
	const { sessions } = useKlasgesprek();
	const host = hostFromCookie(cookies, sessions, params.id);
	if (!host) error(403, 'not-host');
	const lesson = sessions.lessonOf(host.session);
	if (!lesson) error(404, 'lesson-not-found');
	const joinUrl = `${url.origin}/j/${host.session.joinCode}`;
	const qr = await QRCode.toString(joinUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
	return {
		sessionId: host.session.id,
		hostSecret: host.hostSecret,
		joinUrl,
		joinHost: url.host,
		qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(qr).toString('base64')}`,
		lesson: {
			meta: lesson.meta,
			steps: lesson.steps.map(({ number, title, board }) => ({ number, title, board }))
		}
	};
};
