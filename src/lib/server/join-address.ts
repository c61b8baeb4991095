// Where pupils can reach this server: the address the board, its QR code and the host's join
// link show. A teacher who opened the site on localhost must not put 'localhost' on the board:
// no phone can reach it, so the machine's LAN address is shown instead.

import type { NetworkInterfaceInfo } from 'node:os';

export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

export interface JoinAddress {
	/** The origin pupils use, e.g. `http://192.168.1.20:3000`, without a trailing slash. */
	origin: string;
	/** 'public': the deployment's own address; 'lan': this machine on the school network; 'request': the address the page was opened on. */
	source: 'public' | 'lan' | 'request';
	/** The page was opened on this machine and it has no network address: no phone can join. */
	unreachable: boolean;
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

/** The address pupils join at, for a page opened on `requestUrl`. */
export function joinAddress(options: {
	publicUrl: string;
	requestUrl: URL;
	interfaces: Interfaces;
}): JoinAddress {
	const { publicUrl, requestUrl, interfaces } = options;
	if (publicUrl) return { origin: new URL(publicUrl).origin, source: 'public', unreachable: false };
	if (!isLoopbackHost(requestUrl.hostname)) {
		return { origin: requestUrl.origin, source: 'request', unreachable: false };
	}
	const [lan] = lanAddresses(interfaces);
	if (!lan) return { origin: requestUrl.origin, source: 'request', unreachable: true };
	const port = requestUrl.port ? `:${requestUrl.port}` : '';
	return { origin: `${requestUrl.protocol}//${lan}${port}`, source: 'lan', unreachable: false };
}

/** What the server prints at start-up: every address pupils can use. */
export function pupilAddresses(options: {
	publicUrl: string;
	port: number;
	interfaces: Interfaces;
}): string[] {
	if (options.publicUrl) return [new URL(options.publicUrl).origin];
	return lanAddresses(options.interfaces).map((address) => `http://${address}:${options.port}`);
}
