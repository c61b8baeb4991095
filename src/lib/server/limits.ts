// Sizes and rates that protect the server and the class, in one place.

/** Largest socket.io message the server accepts, in bytes. */
export const maxMessageBytes = 16 * 1024;

/** How long a socket.io client may stay silent before it counts as gone, in ms. */
export const pingTimeoutMs = 20_000;
export const pingIntervalMs = 25_000;
