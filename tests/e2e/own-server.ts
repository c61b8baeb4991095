// A server of a spec's own, on the build the webServer made, for what the shared one cannot show
// (a setting of its own, a kill). It answers before the promise resolves; stop() ends it.

import { spawn } from 'node:child_process';
import { e2eServerEnvironment } from '../../playwright.config';

export async function startOwnServer(port: number, environment: Record<string, string> = {}) {
	const origin = `http://127.0.0.1:${port}`;
	const server = spawn(process.execPath, ['server.ts'], {
		env: { ...process.env, ...e2eServerEnvironment, PORT: String(port), ...environment },
		stdio: 'ignore'
	});
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		const up = await fetch(`${origin}/`).then(
			(response) => response.ok,
			() => false
		);
		if (up)
			return {
				origin,
				stop: () => {
					const exited = new Promise((resolve) => server.once('exit', resolve));
					server.kill('SIGTERM');
					return exited;
				}
			};
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	server.kill('SIGKILL');
	throw new Error(`a server of our own did not start on port ${port}`);
}
