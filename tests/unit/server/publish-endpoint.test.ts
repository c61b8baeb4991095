import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	createKlasgesprek,
	provideKlasgesprek,
	type Klasgesprek
} from '../../../src/lib/server/app.ts';
import { readConfig } from '../../../src/lib/server/config.ts';
import { GET, POST } from '../../../src/routes/workshop/publish/+server.ts';
import { lessonWithBody } from '../lessons/lesson-source.ts';

const key = 'anne-0123456789-abcdef';
const source = lessonWithBody('## Stap\nTekst.\n').replace(
	'title: Testles',
	'title: Nepnieuws herkennen'
);

let root: string;
let lessons: string;
let app: Klasgesprek;

async function start(withKeys: boolean) {
	const keysFile = join(root, 'keys');
	if (withKeys) writeFileSync(keysFile, `${key} # Anne\n`);
	app = await createKlasgesprek(
		readConfig({
			LESSONS_DIR: lessons,
			AUTHOR_KEYS_FILE: withKeys ? keysFile : '',
			DATABASE_PATH: ':memory:'
		})
	);
	provideKlasgesprek(app);
}

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'klasgesprek-endpoint-'));
	lessons = join(root, 'lessons');
	mkdirSync(lessons);
});
afterEach(async () => {
	await app.close();
	rmSync(root, { recursive: true, force: true });
});

const event = (request: Request) => ({ request, getClientAddress: () => '10.0.0.1' }) as never;
const post = (body: BodyInit, headers: Record<string, string> = {}) =>
	POST(
		event(
			new Request('http://localhost/workshop/publish', {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body
			})
		)
	);
const answer = async (response: Response | Promise<Response>) => {
	const settled = await response;
	return { status: settled.status, body: await settled.json() };
};

describe('POST /workshop/publish', () => {
	it('says publishing is off and refuses when no keys are configured', async () => {
		await start(false);
		expect(await answer(GET(event(new Request('http://localhost/workshop/publish'))))).toEqual({
			status: 200,
			body: { enabled: false }
		});
		expect(await answer(post(JSON.stringify({ source, key })))).toEqual({
			status: 404,
			body: { error: 'publishing-off' }
		});
	});

	it('publishes with a key, and the library has the lesson at once after a reload', async () => {
		await start(true);
		expect(
			(await answer(GET(event(new Request('http://localhost/workshop/publish'))))).body
		).toEqual({ enabled: true });
		expect(await answer(post(JSON.stringify({ source, key })))).toEqual({
			status: 200,
			body: { slug: 'nepnieuws-herkennen', replaced: false }
		});
		app.library.reload();
		expect(app.library.find('nepnieuws-herkennen')?.meta.title).toBe('Nepnieuws herkennen');
		expect(await answer(post(JSON.stringify({ source, key })))).toEqual({
			status: 409,
			body: { error: 'exists' }
		});
		expect(await answer(post(JSON.stringify({ source, key, overwrite: true })))).toMatchObject({
			status: 200,
			body: { replaced: true }
		});
	});

	it('answers each refusal with its status and code, and writes nothing', async () => {
		await start(true);
		const refusals: [BodyInit, number, string][] = [
			[JSON.stringify({ source, key: 'fout-0123456789-abcdef' }), 401, 'key-wrong'],
			[JSON.stringify({ source }), 400, 'request-invalid'],
			[JSON.stringify({ source, key, overwrite: 'ja' }), 400, 'request-invalid'],
			['{niet json', 400, 'request-invalid'],
			[
				JSON.stringify({ source: source.replace('title:', "slug: '../buiten'\ntitle:"), key }),
				400,
				'slug-invalid'
			]
		];
		for (const [body, status, error] of refusals) {
			expect(await answer(post(body)), String(body).slice(0, 60)).toEqual({
				status,
				body: { error }
			});
		}
		expect(readdirSync(lessons)).toEqual([]);
	});

	it('lists the problems of an invalid lesson with a sentence for each', async () => {
		await start(true);
		const broken = lessonWithBody('## Stap\n:::stelling {#a redenen}\nTekst.\n:::\n');
		const { status, body } = await answer(post(JSON.stringify({ source: broken, key })));
		expect(status).toBe(422);
		expect(body).toEqual({
			error: 'lesson-invalid',
			problems: [
				expect.objectContaining({
					line: 15,
					code: 'block-attribute-unknown',
					message: expect.stringContaining("Bedoel je 'reason'?")
				})
			]
		});
	});

	it('refuses a 2 MB paste by its Content-Length, and a body that turns out larger than it said', async () => {
		await start(true);
		const paste = JSON.stringify({ source: source + 'x'.repeat(2 * 1024 * 1024), key });
		expect(await answer(post(paste))).toEqual({ status: 413, body: { error: 'too-large' } });
		// No Content-Length at all: a stream, counted as it comes.
		const stream = new ReadableStream({
			start(controller) {
				for (let chunk = 0; chunk < 40; chunk += 1)
					controller.enqueue(new TextEncoder().encode('x'.repeat(64 * 1024)));
				controller.close();
			}
		});
		const streamed = await POST(
			event(
				new Request('http://localhost/workshop/publish', {
					method: 'POST',
					body: stream,
					duplex: 'half'
				} as RequestInit)
			)
		);
		expect(streamed.status).toBe(413);
		// Under the request limit but over the lesson limit.
		const justOver = JSON.stringify({ source: source + 'x'.repeat(210 * 1024), key });
		expect(await answer(post(justOver))).toEqual({ status: 413, body: { error: 'too-large' } });
		expect(readdirSync(lessons)).toEqual([]);
	});

	it('answers 429 after ten wrong keys from one address', async () => {
		await start(true);
		for (let attempt = 0; attempt < 10; attempt += 1) {
			await post(JSON.stringify({ source, key: `gok-${attempt}-0123456789abcdef` }));
		}
		expect(await answer(post(JSON.stringify({ source, key })))).toEqual({
			status: 429,
			body: { error: 'too-many-attempts' }
		});
	});
});
