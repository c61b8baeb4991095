import { useKlasgesprek } from '$lib/server/app';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = () => {
	const { config } = useKlasgesprek();
	return { siteName: config.siteName, retentionDays: config.retentionDays };
};
