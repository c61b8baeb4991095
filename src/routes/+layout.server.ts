import { useKlasgesprek } from '$lib/server/app';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const { config } = useKlasgesprek();
	return {
		siteName: config.siteName,
		retentionDays: config.retentionDays,
		/** The header offers 'Mijn lessen' to a signed-in teacher, 'Inloggen' to everyone else. */
		signedIn: locals.teacher !== null
	};
};
