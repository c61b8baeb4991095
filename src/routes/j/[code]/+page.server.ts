import { normaliseJoinCode } from '$lib/joinCode';
import { randomUUID } from 'node:crypto';
import { useKlasgesprek } from '$lib/server/app';
import type { PageServerLoad } from './$types';

// Whether a code is live is only ever told over the socket, where wrong guesses are rate
// limited; this page must not become a way around that.
export const load: PageServerLoad = ({ params }) => {
	const { config } = useKlasgesprek();
	return {
		// The pupil page is an app: the layout leaves out the site menu and footer.
		app: true,
		code: normaliseJoinCode(params.code),
		// The socket's first request goes out with the page (a preload): a new one each time.
		handshake: randomUUID().slice(0, 8),
		// Where to go after a hard lesson: the lines for pupils, and at a parents' evening (known
		// once the phone is in) the contacts for parents, as in the letter to them.
		help: {
			lines: config.helpLines,
			parentsLines: config.parentsContacts,
			acuteNumber: config.signalling.acuteNumber
		},
		// When the session counts in the municipality's overview, the privacy text says so.
		overviewMinClasses: config.overview.minClasses
	};
};
