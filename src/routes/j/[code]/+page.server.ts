import { normaliseJoinCode } from '$lib/joinCode';
import type { PageServerLoad } from './$types';

// Live sessions do not exist yet in this version, so no code belongs to one: say so plainly.
export const load: PageServerLoad = ({ params }) => {
	return { code: normaliseJoinCode(params.code) ?? params.code.slice(0, 12) };
};
