// The production server: SvelteKit's handler and socket.io on one HTTP server.
// It honours PORT and HOST as adapter-node does, and shuts down gracefully on SIGTERM/SIGINT.

import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TLSSocket } from 'node:tls';

if (existsSync('.env')) process.loadEnvFile('.env');

const { createKlasgesprek, provideKlasgesprek } = await import('./src/lib/server/app.ts');
const { attachRealtime } = await import('./src/lib/server/realtime/index.ts');
const { regionAdapter } = await import('./src/lib/server/realtime/adapter.ts');
const { startupLine } = await import('./src/lib/server/join-address.ts');

/** Where DATABASE_URL points, without its user name or password, for a message. */
function databaseAddress(databaseUrl: string): string {
	try {
		const url = new URL(databaseUrl);
		return `${url.hostname}:${url.port || 5432}${url.pathname}`;
	} catch {
		return 'DATABASE_URL (not a valid URL)';
	}
}

// The store opens first, before the handler is even loaded (its own start, hooks.server.ts, then
// finds it open): in region mode PostgreSQL must answer, and a node that cannot reach it says so
// in one line and exits, without ever listening, so nothing is acknowledged that is not stored.
let app: Awaited<ReturnType<typeof createKlasgesprek>>;
let region: Awaited<ReturnType<typeof regionAdapter>>;
try {
	// The library follows LESSONS_DIR: lessons added, changed or removed are served without restart.
	app = await createKlasgesprek(undefined, { watchLessons: true });
	provideKlasgesprek(app);
	// Region mode: broadcasts reach every node through the PostgreSQL they share.
	region = await regionAdapter(app.config);
} catch (error) {
	const reason = error instanceof Error ? error.message : String(error);
	const databaseUrl = process.env.DATABASE_URL;
	console.error(
		databaseUrl
			? `Region mode: cannot use PostgreSQL at ${databaseAddress(databaseUrl)} (${reason}). Not starting: check DATABASE_URL and that PostgreSQL is running.`
			: `Klasgesprek cannot start: ${reason}`
	);
	process.exit(1);
}

// adapter-node takes every request for https unless told otherwise, which makes forms fail
// on a plain `npm start` over http. Unless the deployment set ORIGIN or PROTOCOL_HEADER (as it
// should behind a TLS proxy), tell it the truth per request, in a header clients cannot set.
const protocolHeader = 'x-klasgesprek-protocol';
const deriveProtocol = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (deriveProtocol) process.env.PROTOCOL_HEADER = protocolHeader;

// The build `npm run build` made, in BUILD_DIR when set (as svelte.config.js reads it).
const buildDirectory = resolve(process.env.BUILD_DIR || 'build');
const { handler: svelteKitHandler } = (await import(
	pathToFileURL(resolve(buildDirectory, 'handler.js')).href
)) as { handler: (request: IncomingMessage, response: ServerResponse) => void };
const handler = (request: IncomingMessage, response: ServerResponse) => {
	if (deriveProtocol) {
		request.headers[protocolHeader] = (request.socket as TLSSocket).encrypted ? 'https' : 'http';
	}
	svelteKitHandler(request, response);
};

const httpServer = createServer(handler);
const realtime = attachRealtime(httpServer, {
	...app,
	adapter: region?.adapter,
	sharedWithOthers: region?.sharedWithOthers
});
region?.onShared((sessionId) => {
	void realtime
		.resyncSession(sessionId)
		.catch((error: unknown) => console.error('Region: re-sending a shared session failed', error));
});
region?.onRelisten(() => {
	void realtime.resyncLocal().then(
		(count) => console.log(`Region: listening again; ${count} sessions' screens re-sent`),
		(error: unknown) => console.error('Region: re-sending after listening again failed', error)
	);
});

/**
 * Connections the kernel may hold until the server accepts them. A class's phones (a region's
 * classes) connect in bursts; one that finds the queue full has its first packet dropped and
 * retries only a second later, then three, then seven. Node's default is 511; Linux caps it at
 * net.core.somaxconn (4096 on current kernels).
 */
const listenBacklog = 4096;
const { port, listenHost } = app.config;
httpServer.listen({ port, host: listenHost, backlog: listenBacklog }, () => {
	// One line, once the server truly listens: where to open it, and whether phones can reach it.
	console.log(
		startupLine({
			siteName: app.config.siteName,
			lessonCount: app.library.lessons.size,
			publicUrl: app.config.publicUrl,
			port: (httpServer.address() as AddressInfo).port,
			interfaces: networkInterfaces(),
			listenHost
		})
	);
});

let closing = false;
function shutdown(signal: string) {
	if (closing) return;
	closing = true;
	console.log(`${signal} received: closing`);
	// Stop accepting, tell sockets to go, then let open requests finish for a moment. The adapter
	// closes after socket.io, or it would try to reconnect for sockets still saying goodbye.
	void realtime.close().then(() => region?.close());
	const exit = () =>
		app.close().then(
			() => process.exit(0),
			() => process.exit(1)
		);
	httpServer.close(() => void exit());
	httpServer.closeIdleConnections();
	setTimeout(() => {
		httpServer.closeAllConnections();
		void exit();
	}, 5_000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
