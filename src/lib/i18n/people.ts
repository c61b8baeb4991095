// Whom the board and the console speak of when they name the people answering on the phones:
// parents at a parents' evening (a lesson only for `ouders`), pupils everywhere else. A training
// for professionals keeps the pupils' words: teachers try out what their pupils will see. The
// page that knows the lesson provides it once; every component below reads it here and passes it
// to the messages that name them (their `people` variant). The phones have their own wording.

import { getContext, setContext } from 'svelte';
import { forParents, type Audience } from '../lessons/vocabulary.ts';

export type People = 'pupils' | 'parents';

/** Whom a lesson's audience answers as. */
export const peopleOf = (audience: readonly Audience[]): People =>
	forParents(audience) ? 'parents' : 'pupils';

const key = Symbol('people');

/** Called by the page that knows the lesson (board, console, lesson view), during its set-up. */
export function providePeople(people: () => People): void {
	setContext(key, people);
}

/** Whom this page's messages name: pupils unless a page said otherwise. */
export function peopleHere(): () => People {
	return getContext<(() => People) | undefined>(key) ?? (() => 'pupils');
}
