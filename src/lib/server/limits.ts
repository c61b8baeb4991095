// Sizes and rates that protect the server and the class, in one place. Those the pupil's phone
// shares with the server are in ../limits.ts, and are named here as well.

export { joinCodeLength, maxReasonLength, maxWordLength } from '../limits.ts';

/** Largest socket.io message the server accepts, in bytes. */
export const maxMessageBytes = 16 * 1024;

/** How long a socket.io client may stay silent before it counts as gone, in ms. */
export const pingTimeoutMs = 20_000;
export const pingIntervalMs = 25_000;

/** Answers and commands one connection may send: a steady rate with a small burst. */
export const eventsPerSecond = 5;
export const eventBurst = 15;

/**
 * Wrong join codes, counted in memory only and never stored. One phone that mistypes this
 * often in a minute waits a minute, alone: nobody else at its address notices.
 */
export const joinFailuresPerConnectionPerMinute = 5;
/**
 * One network address (a whole school behind NAT) may have this many wrong codes in reserve,
 * refilled at the rate below: far more than classes mistyping at the start of a period, while
 * someone guessing gets at most the reserve once and then the refill rate (see deployment.md).
 */
export const joinFailuresPerAddressReserve = 400;
export const joinFailuresPerAddressPerHour = 120;

/** Open socket connections per network address: a school of 1,000 pupils behind one NAT, each
 * with a spare connection while reloading, and its teachers and boards, still fit. */
export const connectionsPerAddress = 2500;

/** Lessons one network address may start per hour: a large school starting every class at once. */
export const startsPerAddressPerHour = 60;

/** Random join codes tried before a start gives up with 'no-free-code' (never an exception). */
export const joinCodeAttempts = 50;

/** How often the server looks for live sessions idle past SESSION_IDLE_HOURS. */
export const idleSweepMs = 5 * 60 * 1000;

/**
 * How long a browser stays host (or board) of a session without the secret link again: a school
 * day, so the PC's next user the following morning finds no way in. Never past retention.
 */
export const hostCookieHours = 12;
/** How long a teacher who asks to be remembered on their own device stays signed in. */
export const rememberedSignInDays = 30;

/** Board and host results are sent at most this often per session, however fast answers come. */
export const resultsIntervalMs = 150;

/**
 * Who is present is sent at most this often per session. The first arrival after a quiet moment
 * shows at once; while a class streams in, one count a second is enough for the console and the
 * board, and saves a message to each of them per arriving phone.
 */
export const presenceIntervalMs = 1_000;

/** How often retention looks for sessions whose time is up. */
export const retentionSweepMs = 60 * 60 * 1000;

/** Written responses one session takes per second, across all its pupils: a flooded room
 * slows down while every other room carries on. */
export const roomResponsesPerSecond = 20;
export const roomResponseBurst = 60;

/** Timer extensions remembered per timer, so a resent one counts once. */
export const rememberedExtensions = 20;
/** Responses one pupil may have waiting for the teacher, per block and per session: five tabs
 * of one phone share one pseudonym, so they share these bounds too. */
export const pendingResponsesPerBlock = 5;
export const pendingResponsesPerSession = 12;

/** How long the lesson library waits after a change in LESSONS_DIR before rereading it. */
export const lessonWatchDebounceMs = 150;
/** The library rereads its folder this often too: fs.watch misses events on some filesystems. */
export const lessonRescanMs = 2_000;
/**
 * A replaced lesson version is kept while live sessions still use it: until it has not been
 * asked for in this long, the longest a live session can stay idle (SESSION_IDLE_HOURS = 168).
 */
export const retainedLessonVersionMs = 168 * 60 * 60 * 1000;

/** The largest lesson the workshop may publish, in UTF-8 bytes: ten times the largest shipped one. */
export const maxPublishedLessonBytes = 200 * 1024;
/** The publish request as a whole: the source escaped as JSON, plus key and flags. */
export const maxPublishRequestBytes = 2 * maxPublishedLessonBytes;
/** Wrong author keys one address may send per window before even a right key waits. */
export const authorKeyFailuresPerAddress = 10;
export const authorKeyFailureWindowMs = 15 * 60 * 1000;
/** Shorter author keys are ignored: they could be guessed within the rate limit's patience. */
export const minAuthorKeyLength = 16;

/** Wrong coordinator keys one address may send per window before even a right key waits. */
export const coordinatorKeyFailuresPerAddress = 10;
export const coordinatorKeyFailureWindowMs = 15 * 60 * 1000;
/** Shorter coordinator keys are ignored, as author keys are. */
export const minCoordinatorKeyLength = 16;
/** How long a browser that entered a coordinator key may read the overview without it again. */
export const coordinatorCookieHours = 2;
/**
 * How long we wait for the school's identity provider (discovery, token, userinfo) before the
 * teacher is told it does not answer.
 */
export const identityProviderTimeoutMs = 8_000;
/** A sign-in started at the identity provider must come back within this many minutes. */
export const pendingSignInMinutes = 10;
/**
 * Wrong personal links one network address may open per window before even a right one waits:
 * a link holds 256 random bits, so this only keeps a guesser from costing us work.
 */
export const linkFailuresPerAddress = 20;
export const linkFailureWindowMs = 15 * 60 * 1000;
/** Longest display name a teacher may give themselves. */
export const maxDisplayNameLength = 80;
