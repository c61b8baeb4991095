// Fails when something already listens on the e2e port, so a test run never talks to a
// server it did not start (another developer's, or a stale `npm start`).
// Usage: node scripts/port-free.ts <port> [host]

import { createServer } from 'node:net';

/** Resolves when nothing listens on `port` at `host`; rejects with a sentence saying what to do. */
export function assertPortFree(port: number, host = '127.0.0.1'): Promise<void> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', (error: NodeJS.ErrnoException) =>
			reject(
				new Error(
					error.code === 'EADDRINUSE'
						? `Port ${port} on ${host} is already in use: stop what listens there or set E2E_PORT to a free port.`
						: `Port ${port} on ${host} cannot be used: ${error.message}`
				)
			)
		);
		probe.listen(port, host, () => probe.close(() => resolve()));
	});
}

if (import.meta.main) {
	const [port, host] = process.argv.slice(2);
	assertPortFree(Number(port), host).catch((error: Error) => {
		console.error(error.message);
		process.exit(1);
	});
}
