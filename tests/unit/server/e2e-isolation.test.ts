import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import playwrightConfig, { e2eBuildDirectory } from '../../../playwright.config.ts';
import { assertPortFree } from '../../../scripts/port-free.ts';

const busyPort = 4238;
const serverPort = 4239;
const backlogPort = 4240;

describe('the e2e run keeps to its own server', () => {
	it('refuses a port that something already listens on, saying so', async () => {
		const other = createServer();
		await new Promise<void>((resolve) => other.listen(busyPort, '127.0.0.1', resolve));
		try {
			await expect(assertPortFree(busyPort)).rejects.toThrow(/4238 on 127.0.0.1 is already in use/);
		} finally {
			await new Promise((resolve) => other.close(resolve));
		}
		await expect(assertPortFree(busyPort)).resolves.toBeUndefined();
	});

	it('never reuses a running server and builds into a folder of its own', () => {
		const webServer = playwrightConfig.webServer as {
			command: string;
			reuseExistingServer: boolean;
			env: Record<string, string>;
		};
		expect(webServer.reuseExistingServer).toBe(false);
		expect(webServer.command).toMatch(/^node scripts\/port-free\.ts \d+ 127\.0\.0\.1 && /);
		expect(webServer.env.BUILD_DIR).toBe(e2eBuildDirectory);
		expect(e2eBuildDirectory).not.toBe('build');
	});
});

describe('server.ts', () => {
	// A stand-in for the build: a handler that says where it came from.
	const directory = mkdtempSync(join(tmpdir(), 'klasgesprek-build-'));
	writeFileSync(
		join(directory, 'handler.js'),
		"export const handler = (request, response) => response.end('the build in BUILD_DIR');\n"
	);
	afterAll(() => rmSync(directory, { recursive: true, force: true }));

	/** server.ts on the stand-in build above, on `port`; killed when the test ends. */
	async function startServerTs(port: number) {
		const server = spawn(process.execPath, ['server.ts'], {
			env: {
				...process.env,
				BUILD_DIR: directory,
				PORT: String(port),
				HOST: '127.0.0.1',
				DATABASE_PATH: ':memory:'
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		// Also when the test fails or times out: no server of ours outlives it.
		onTestFinished(() => {
			server.kill('SIGTERM');
		});
		let errors = '';
		server.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
		await new Promise<void>((resolve, reject) => {
			server.stdout.on('data', (chunk: Buffer) => {
				if (chunk.toString().includes('listening')) resolve();
			});
			server.once('exit', (code) => reject(new Error(`server.ts exited with ${code}: ${errors}`)));
		});
	}

	it('serves the build in BUILD_DIR, not the one in build/', async () => {
		await startServerTs(serverPort);
		const response = await fetch(`http://127.0.0.1:${serverPort}/`);
		expect(await response.text()).toBe('the build in BUILD_DIR');
	}, 30_000);

	// `ss` shows a listening socket's queue length in Send-Q.
	it.runIf(process.platform === 'linux')(
		"queues as many waiting connections as the kernel allows, up to 4096, not Node's 511",
		async () => {
			await startServerTs(backlogPort);
			const listening = execFileSync('ss', ['-ltnH', `sport = :${backlogPort}`], {
				encoding: 'utf8'
			});
			const queue = Number(listening.trim().split(/\s+/)[2]);
			const kernelCap = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
			expect(queue).toBe(Math.min(4096, kernelCap));
		},
		30_000
	);
});
