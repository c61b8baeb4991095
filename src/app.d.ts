// See https://svelte.dev/docs/kit/types#app.d.ts
// for information about these interfaces
declare global {
	namespace App {
		// interface Error {}
		interface Locals {
			/** The teacher signed in on this browser (hooks.server.ts), or null. */
			teacher: import('$lib/server/teacher-access').SignedInTeacher | null;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
