import { normaliseJoinCode } from '$lib/joinCode';
import type { PageServerLoad } from './$types';

// Whether a code is live is only ever told over the socket, where wrong guesses are rate
// limited; this page must not become a way around that.
export const load: PageServerLoad = ({ params }) => ({ code: normaliseJoinCode(params.code) });
