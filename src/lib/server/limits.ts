// Sizes and rates that protect the server and the class, in one place.

/** Largest socket.io message the server accepts, in bytes. */
export const maxMessageBytes = 16 * 1024;

/** How long a socket.io client may stay silent before it counts as gone, in ms. */
export const pingTimeoutMs = 20_000;
export const pingIntervalMs = 25_000;

/** Answers and commands one connection may send: a steady rate with a small burst. */
export const eventsPerSecond = 5;
export const eventBurst = 15;

/** Wrong join codes per network address per minute, counted in memory only and never stored. */
export const joinAttemptsPerMinute = 20;

/** Board and host results are sent at most this often per session, however fast answers come. */
export const resultsIntervalMs = 150;

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
