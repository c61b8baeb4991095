// The workshop's publish endpoint: a thin shell around Publishing (src/lib/server/publishing.ts).
// GET says whether this deployment takes publications; POST publishes. Errors are JSON
// `{ error, problems? }` with a status per code, so the page can explain each one.

import { describeProblem } from '$lib/lessons/problem-messages';
import { getLocale } from '$lib/paraglide/runtime';
import { useKlasgesprek } from '$lib/server/app';
import { maxPublishRequestBytes } from '$lib/server/limits';
import type { PublishError } from '$lib/server/publishing';
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

const statusOf: Record<PublishError, number> = {
	'publishing-off': 404,
	'too-large': 413,
	'request-invalid': 400,
	'too-many-attempts': 429,
	'key-wrong': 401,
	'lesson-invalid': 422,
	'slug-invalid': 400,
	exists: 409
};

const refuse = (error: PublishError) => json({ error }, { status: statusOf[error] });

export const GET: RequestHandler = () => json({ enabled: useKlasgesprek().publishing.enabled });

export const POST: RequestHandler = async ({ request, getClientAddress }) => {
	const { publishing } = useKlasgesprek();
	if (!publishing.enabled) return refuse('publishing-off');
	// A 2 MB paste is refused by its size before a byte of it is parsed.
	if (Number(request.headers.get('content-length') ?? 0) > maxPublishRequestBytes)
		return refuse('too-large');
	const text = await readLimited(request);
	if (text === null) return refuse('too-large');

	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return refuse('request-invalid');
	}
	if (!isPublishBody(body)) return refuse('request-invalid');

	const result = publishing.publish({ ...body, address: getClientAddress() });
	if (result.ok) return json(result.value);
	const locale = getLocale();
	return json(
		{
			error: result.error,
			...(result.problems && {
				problems: result.problems.map((problem) => ({
					...problem,
					message: describeProblem(problem, locale)
				}))
			})
		},
		{ status: statusOf[result.error] }
	);
};

function isPublishBody(
	body: unknown
): body is { source: string; key: string; overwrite?: boolean } {
	if (typeof body !== 'object' || body === null) return false;
	const { source, key, overwrite } = body as Record<string, unknown>;
	return (
		typeof source === 'string' &&
		typeof key === 'string' &&
		(overwrite === undefined || typeof overwrite === 'boolean')
	);
}

/** The body as text, or null once it passes the limit (whatever Content-Length said). */
async function readLimited(request: Request): Promise<string | null> {
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > maxPublishRequestBytes) {
				await reader.cancel();
				return null;
			}
			chunks.push(value);
		}
	} catch {
		return null; // adapter-node's own BODY_SIZE_LIMIT ends the stream with an error
	}
	return new TextDecoder().decode(Buffer.concat(chunks));
}
