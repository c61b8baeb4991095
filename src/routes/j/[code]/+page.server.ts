import { normaliseJoinCode } from '$lib/joinCode';
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
		help: { lines: config.helpLines, acuteNumber: config.signalling.acuteNumber },
		// When the session counts in the municipality's overview, the privacy text says so.
		overviewMinClasses: config.overview.minClasses
	};
};
