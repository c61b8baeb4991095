// Where pupils can reach this server: the address the board, its QR code and the host's join
// link show. A teacher who opened the site on localhost must not put 'localhost' on the board:
// no phone can reach it, so the machine's LAN address is shown instead, unless the server
// listens on this machine only (HOST=127.0.0.1): then no address works, and the screens say so.

import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** A laptop that moves to another network shows its new address within this long. */
const interfacesFreshMs = 5_000;
let interfacesRead: { at: number; interfaces: Interfaces } | null = null;

/**
 * The machine's network interfaces, asked of the system at most every few seconds: asking costs
 * more than the rest of what the console's page needs for its join address.
 */
export function currentInterfaces(now = Date.now()): Interfaces {
	const age = interfacesRead ? now - interfacesRead.at : Infinity;
	if (!interfacesRead || age < 0 || age > interfacesFreshMs)
		interfacesRead = { at: now, interfaces: networkInterfaces() };
	return interfacesRead.interfaces;
}

export interface JoinAddress {
	/** The origin pupils use, e.g. `http://192.168.1.20:3000`, without a trailing slash. */
	origin: string;
	/** 'public': the deployment's own address; 'lan': this machine on the school network; 'request': the address the page was opened on. */
	source: 'public' | 'lan' | 'request';
	/**
	 * Why no phone can join, or null when one can: 'loopback-only', the server listens on this
	 * machine only (HOST=127.0.0.1); 'no-network', the machine has no network address.
	 */
	unreachable: Unreachable | null;
}

export type Unreachable = 'loopback-only' | 'no-network';

/** 0.0.0.0 and ::, the HOST that listens on every address of the machine. */
export function isWildcardHost(host: string): boolean {
	const bare = host.replace(/^\[|\]$/g, '');
	return bare === '0.0.0.0' || bare === '::' || bare === '';
}

/** localhost, 127.x.x.x and ::1: addresses only this machine itself can open. */
export function isLoopbackHost(hostname: string): boolean {
	const bare = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return (
		bare === 'localhost' ||
		bare.endsWith('.localhost') ||
		/^127(\.\d{1,3}){3}$/.test(bare) ||
		bare === '::1'
	);
}

/** The machine's IPv4 addresses other phones may reach, in the order the system lists them. */
export function lanAddresses(interfaces: Interfaces): string[] {
	return Object.values(interfaces)
		.flatMap((entries) => entries ?? [])
		.filter((entry) => entry.family === 'IPv4' && !entry.internal)
		.map((entry) => entry.address)
		.filter((address) => !address.startsWith('169.254.'));
}

/**
 * The address pupils join at, for a page opened on `requestUrl` of a server listening on
 * `listenHost` (HOST). Behind a proxy (PUBLIC_URL, or a page opened on a network name) the
 * server may listen on loopback and still be reached: only the address it derives itself is
 * checked against HOST.
 */
export function joinAddress(options: {
	publicUrl: string;
	requestUrl: URL;
	interfaces: Interfaces;
	listenHost: string;
}): JoinAddress {
	const { publicUrl, requestUrl, interfaces, listenHost } = options;
	if (publicUrl) return { origin: new URL(publicUrl).origin, source: 'public', unreachable: null };
	if (!isLoopbackHost(requestUrl.hostname)) {
		return { origin: requestUrl.origin, source: 'request', unreachable: null };
	}
	if (isLoopbackHost(listenHost)) {
		return { origin: requestUrl.origin, source: 'request', unreachable: 'loopback-only' };
	}
	// HOST=192.168.1.20 listens on that address alone: it is the one phones can use.
	const lan = isWildcardHost(listenHost) ? lanAddresses(interfaces)[0] : hostInUrl(listenHost);
	if (!lan) return { origin: requestUrl.origin, source: 'request', unreachable: 'no-network' };
	const port = requestUrl.port ? `:${requestUrl.port}` : '';
	return { origin: `${requestUrl.protocol}//${lan}${port}`, source: 'lan', unreachable: null };
}

const hostInUrl = (host: string) =>
	host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;

/** Every address pupils can use, for the line the server prints at start-up. */
export function pupilAddresses(options: {
	publicUrl: string;
	port: number;
	interfaces: Interfaces;
	listenHost?: string;
}): string[] {
	const { publicUrl, port, interfaces, listenHost = '0.0.0.0' } = options;
	if (publicUrl) return [new URL(publicUrl).origin];
	if (isLoopbackHost(listenHost)) return [];
	const hosts = isWildcardHost(listenHost) ? lanAddresses(interfaces) : [hostInUrl(listenHost)];
	return hosts.map((address) => `http://${address}:${port}`);
}

/** The one line the server prints once it listens: where to open it, and whether phones can. */
export function startupLine(options: {
	siteName: string;
	lessonCount: number;
	publicUrl: string;
	port: number;
	interfaces: Interfaces;
	listenHost: string;
}): string {
	const { siteName, lessonCount, port, listenHost } = options;
	const here = `http://${isWildcardHost(listenHost) ? 'localhost' : hostInUrl(listenHost)}:${port}`;
	const lessons = `${lessonCount} ${lessonCount === 1 ? 'lesson' : 'lessons'}`;
	const start = `${siteName} (${lessons}) is listening on ${here}`;
	if (isLoopbackHost(listenHost) && !options.publicUrl) {
		return `${start}, on this computer only: phones cannot reach it (start with HOST=0.0.0.0 to let pupils join).`;
	}
	const pupils = pupilAddresses(options);
	if (pupils.length === 0) {
		return `${start}; no network address found, so phones cannot reach it (connect to the school network or set PUBLIC_URL).`;
	}
	return `${start}; pupils join at ${pupils.join(' or ')}`;
}
