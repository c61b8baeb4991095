import { classErrorMessage } from '$lib/i18n/class-errors';
import { useKlasgesprek } from '$lib/server/app';
import type { ClassOutcome } from '$lib/server/classes';
import { signInPath } from '$lib/server/redirect-target';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

/** The signed-in teacher's key; a browser that is not signed in goes to sign in first. */
function teacherKeyOf(locals: App.Locals, url: URL): string {
	if (!locals.teacher) redirect(303, signInPath(url.pathname));
	return locals.teacher.teacher.key;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const teacherKey = teacherKeyOf(locals, url);
	const { classes, library } = useKlasgesprek();
	const threads = await classes.threads(teacherKey);
	return {
		classes: threads.map(({ id, name, lessons }) => {
			const [lastSlug, last] =
				Object.entries(lessons).sort(([, a], [, b]) => b.ranAt - a.ranAt)[0] ?? [];
			return {
				id,
				name,
				last: last
					? { title: library.find(lastSlug)?.meta.title ?? lastSlug, ranAt: last.ranAt }
					: null
			};
		})
	};
};

/** What the page says back after a form: the refusal in the teacher's words, or what was done. */
function answer<T>(outcome: ClassOutcome<T>, action: string, id: string, typed: string) {
	if (outcome.ok) return null;
	return fail(outcome.error === 'class-not-found' ? 404 : 400, {
		action,
		id,
		typed,
		error: classErrorMessage(outcome.error)
	});
}

const text = (form: FormData, name: string) => {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
};

export const actions: Actions = {
	add: async ({ locals, url, request }) => {
		const teacherKey = teacherKeyOf(locals, url);
		const form = await request.formData();
		const added = await useKlasgesprek().classes.add(teacherKey, text(form, 'naam'));
		return (
			answer(added, 'add', '', text(form, 'naam')) ?? {
				done: 'added',
				name: added.ok ? added.value.name : ''
			}
		);
	},
	rename: async ({ locals, url, request }) => {
		const teacherKey = teacherKeyOf(locals, url);
		const form = await request.formData();
		const id = text(form, 'id');
		const renamed = await useKlasgesprek().classes.rename(teacherKey, id, text(form, 'naam'));
		return (
			answer(renamed, 'rename', id, text(form, 'naam')) ?? {
				done: 'renamed',
				name: renamed.ok ? renamed.value.name : ''
			}
		);
	},
	/** Asks first: the page shows the question, and only `bevestigd` deletes. */
	delete: async ({ locals, url, request }) => {
		const teacherKey = teacherKeyOf(locals, url);
		const form = await request.formData();
		const id = text(form, 'id');
		const { classes } = useKlasgesprek();
		const record = await classes.own(teacherKey, id);
		if (!record) return answer({ ok: false, error: 'class-not-found' }, 'delete', id, '');
		if (form.get('bevestigd') !== 'ja') return { confirm: { id, name: record.name } };
		const removed = await classes.remove(teacherKey, id);
		return answer(removed, 'delete', id, '') ?? { done: 'deleted', name: record.name };
	}
};
