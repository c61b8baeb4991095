import { useKlasgesprek } from '$lib/server/app';
import { maxDisplayNameLength } from '$lib/server/limits';
import { showLink } from '$lib/server/personal-link';
import { signOutTeacher } from '$lib/server/teacher-access';
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

// Mijn lessen: the signed-in teacher's sessions on any device, and their space (name, secret
// link, signing out, deleting it). Signed out, the sign-in page comes first.

function teacherOf({ locals }: Pick<RequestEvent, 'locals'>) {
	if (!locals.teacher) redirect(303, `/inloggen?naar=${encodeURIComponent('/mijn')}`);
	return locals.teacher.teacher;
}

export const load: PageServerLoad = async (event) => {
	const teacher = teacherOf(event);
	const { teacherSpaces } = useKlasgesprek();
	event.setHeaders({ 'cache-control': 'no-store' });
	return {
		displayName: teacher.displayName,
		hasLink: await teacherSpaces.hasLink(teacher.key),
		lessons: await teacherSpaces.lessonsOf(teacher.key),
		maxDisplayNameLength
	};
};

const text = (form: FormData, name: string) => {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
};

export const actions: Actions = {
	rename: async (event) => {
		const teacher = teacherOf(event);
		const name = text(await event.request.formData(), 'displayName').trim();
		if (name.length > maxDisplayNameLength) return fail(400, { nameTooLong: true });
		await useKlasgesprek().teacherSpaces.setDisplayName(teacher.key, name);
		return { nameSaved: true };
	},
	/** A new personal link, shown this once; the old one stops working at once. */
	newLink: async (event) => {
		const teacher = teacherOf(event);
		const { teacherSpaces, config } = useKlasgesprek();
		const secret = await teacherSpaces.newLink(teacher.key);
		return { link: await showLink(secret, event.url, config) };
	},
	revokeLink: async (event) => {
		const teacher = teacherOf(event);
		await useKlasgesprek().teacherSpaces.revokeLink(teacher.key);
		return { linkRevoked: true };
	},
	/** "Een les toevoegen": a session started before signing in, proven with its host link. */
	addLesson: async (event) => {
		const teacher = teacherOf(event);
		const given = text(await event.request.formData(), 'hostLink').slice(0, 2000);
		const added = await useKlasgesprek().teacherSpaces.addLesson(teacher.key, given);
		if (!added.ok) return fail(400, { addError: added.error });
		return { added: added.value.id };
	},
	deleteLesson: async (event) => {
		const teacher = teacherOf(event);
		const sessionId = text(await event.request.formData(), 'sessionId');
		const deleted = await useKlasgesprek().teacherSpaces.deleteLesson(teacher.key, sessionId);
		if (!deleted.ok) return fail(deleted.error === 'session-live' ? 409 : 404, deleted);
		return { deleted: true };
	},
	signOutEverywhere: async (event) => {
		const teacher = teacherOf(event);
		const { teacherSpaces, store } = useKlasgesprek();
		await teacherSpaces.signOutEverywhere(teacher.key);
		await signOutTeacher(event.cookies, store);
		redirect(303, '/inloggen?uitgelogd');
	},
	deleteSpace: async (event) => {
		const teacher = teacherOf(event);
		const { teacherSpaces, store } = useKlasgesprek();
		await teacherSpaces.deleteSpace(teacher.key);
		await signOutTeacher(event.cookies, store);
		redirect(303, '/inloggen?uitgelogd');
	}
};
