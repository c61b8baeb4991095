// The realtime contract between browsers and the server: every event name and payload, in
// one file that client and server both import. Event names read `entity:verb`.

/** Events a browser sends. Each is validated on the server before anything else happens. */
export type ClientToServerEvents = Record<never, never>;

/** Events the server sends. */
export type ServerToClientEvents = Record<never, never>;

export type InterServerEvents = Record<never, never>;

/** What the server keeps per connection: never a name, address or device detail. */
export type SocketData = Record<never, never>;
