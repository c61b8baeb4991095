// Sizes that the pupil's phone and the server must agree on, in one place: the phone stops typing
// where the server would refuse. Limits that only protect the server live in server/limits.ts.

/** The reason a pupil may give with a stelling, choice or corner, in characters. */
export const maxReasonLength = 140;
/** One word of a word cloud, in characters. */
export const maxWordLength = 30;
/** The digits of a join code. */
export const joinCodeLength = 6;
/**
 * Words the teacher lets through with one 'Toon alle woorden': those they saw waiting, named,
 * so that a word that arrived since waits for their next look. More wait for another tap.
 */
export const wordsReleasedAtOnce = 200;
/** What a teacher fills in on a letter to parents (class, date, sender), in characters. */
export const maxLetterFieldLength = 60;
/** A class's name as the teacher types it ("3B", "mentorgroep dinsdag"), in characters. */
export const maxClassNameLength = 40;
