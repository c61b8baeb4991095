// The one place that says which network address a request or socket comes from. Behind a
// reverse proxy every connection comes from the proxy, so the deployment names the header the
// proxy sets (ADDRESS_HEADER, XFF_DEPTH: adapter-node's settings, read exactly as it reads
// them, so pages and sockets agree). The header is trusted only when configured.

import type { ProxyAddressing } from './config.ts';

type Headers = Record<string, string | string[] | undefined>;

/** The client's address, or null when the configured header is missing or too short. */
export function clientAddress(
	headers: Headers,
	peerAddress: string,
	{ addressHeader, xffDepth }: ProxyAddressing
): string | null {
	if (!addressHeader) return peerAddress;
	const raw = headers[addressHeader];
	if (raw === undefined) return null;
	const value = Array.isArray(raw) ? raw.join(',') : raw;
	if (addressHeader !== 'x-forwarded-for') return value.trim() || null;
	// Each proxy appends the address it saw: the one `xffDepth` from the right was added by our
	// own outermost proxy; everything left of it the client may have made up.
	const addresses = value.split(',');
	if (xffDepth > addresses.length) return null;
	return addresses[addresses.length - xffDepth].trim() || null;
}
