import { describe, expect, it } from 'vitest';
import {
	currentInterfaces,
	isLoopbackHost,
	joinAddress,
	pupilAddresses,
	startupLine,
	type Interfaces
} from '../../../src/lib/server/join-address.ts';

const entry = (address: string, family: 'IPv4' | 'IPv6' = 'IPv4', internal = false) =>
	({
		address,
		family,
		internal,
		netmask: family === 'IPv4' ? '255.255.255.0' : 'ffff:ffff:ffff:ffff::',
		mac: '00:00:00:00:00:00',
		cidr: null,
		...(family === 'IPv6' ? { scopeid: 0 } : {})
	}) as NonNullable<Interfaces[string]>[number];

const schoolLaptop: Interfaces = {
	lo: [entry('127.0.0.1', 'IPv4', true), entry('::1', 'IPv6', true)],
	wlan0: [entry('fe80::1', 'IPv6'), entry('192.168.1.20')],
	eth0: [entry('10.0.0.5')]
};
const offline: Interfaces = { lo: [entry('127.0.0.1', 'IPv4', true)] };

describe('the address pupils join at', () => {
	it('is the deployment’s public address when one is set, whatever the page was opened on', () => {
		const address = joinAddress({
			publicUrl: 'https://klasgesprek.gemeente.nl/',
			requestUrl: new URL('http://localhost:3000/board/x'),
			interfaces: schoolLaptop,
			listenHost: '0.0.0.0'
		});
		expect(address).toEqual({
			origin: 'https://klasgesprek.gemeente.nl',
			source: 'public',
			unreachable: null
		});
	});

	it('is the machine’s first LAN address, with the port, when the page was opened on localhost', () => {
		const address = joinAddress({
			publicUrl: '',
			requestUrl: new URL('http://localhost:3000/board/x'),
			interfaces: schoolLaptop,
			listenHost: '0.0.0.0'
		});
		expect(address).toEqual({
			origin: 'http://192.168.1.20:3000',
			source: 'lan',
			unreachable: null
		});
	});

	it('treats 127.0.0.1 and [::1] as this machine too', () => {
		for (const url of ['http://127.0.0.1:4000/', 'http://[::1]:4000/']) {
			const address = joinAddress({
				publicUrl: '',
				requestUrl: new URL(url),
				interfaces: schoolLaptop,
				listenHost: '0.0.0.0'
			});
			expect(address.origin).toBe('http://192.168.1.20:4000');
		}
	});

	it('keeps the address the page was opened on when that is already a network address', () => {
		const address = joinAddress({
			publicUrl: '',
			requestUrl: new URL('http://10.0.0.5:3000/board/x'),
			interfaces: schoolLaptop,
			listenHost: '0.0.0.0'
		});
		expect(address).toEqual({
			origin: 'http://10.0.0.5:3000',
			source: 'request',
			unreachable: null
		});
	});

	it('says no phone can join when the page is on localhost and the machine has no network address', () => {
		const address = joinAddress({
			publicUrl: '',
			requestUrl: new URL('http://localhost:3000/board/x'),
			interfaces: offline,
			listenHost: '0.0.0.0'
		});
		expect(address).toEqual({
			origin: 'http://localhost:3000',
			source: 'request',
			unreachable: 'no-network'
		});
	});

	it('skips link-local addresses a phone cannot reach', () => {
		const address = joinAddress({
			publicUrl: '',
			requestUrl: new URL('http://localhost:3000/'),
			interfaces: { eth0: [entry('169.254.10.2')], wlan0: [entry('192.168.2.7')] },
			listenHost: '0.0.0.0'
		});
		expect(address.origin).toBe('http://192.168.2.7:3000');
	});

	it('says no phone can join, naming no address, when the server listens on this machine only', () => {
		for (const listenHost of ['127.0.0.1', 'localhost', '::1']) {
			const address = joinAddress({
				publicUrl: '',
				requestUrl: new URL('http://127.0.0.1:3000/board/x'),
				interfaces: schoolLaptop,
				listenHost
			});
			expect(address).toEqual({
				origin: 'http://127.0.0.1:3000',
				source: 'request',
				unreachable: 'loopback-only'
			});
			expect(address.origin).not.toContain('192.168.1.20');
		}
	});

	it('trusts a proxy in front of a server on loopback: the public address or the name the page came on', () => {
		const behindProxy = { interfaces: schoolLaptop, listenHost: '127.0.0.1' };
		expect(
			joinAddress({
				...behindProxy,
				publicUrl: 'https://klas.example.nl',
				requestUrl: new URL('http://127.0.0.1:3000/')
			})
		).toEqual({ origin: 'https://klas.example.nl', source: 'public', unreachable: null });
		expect(
			joinAddress({
				...behindProxy,
				publicUrl: '',
				requestUrl: new URL('https://klas.school.nl/board/x')
			})
		).toEqual({ origin: 'https://klas.school.nl', source: 'request', unreachable: null });
	});

	it('uses the one address the server listens on when HOST names it', () => {
		const address = joinAddress({
			publicUrl: '',
			requestUrl: new URL('http://localhost:3000/board/x'),
			interfaces: schoolLaptop,
			listenHost: '10.0.0.5'
		});
		expect(address).toEqual({ origin: 'http://10.0.0.5:3000', source: 'lan', unreachable: null });
	});

	it('does not mistake a host that merely contains localhost for this machine', () => {
		expect(isLoopbackHost('localhost.example.nl')).toBe(false);
		expect(isLoopbackHost('127.0.0.1.example.nl')).toBe(false);
		expect(isLoopbackHost('LOCALHOST')).toBe(true);
	});
});

describe('the addresses printed at start-up', () => {
	it('lists every LAN address with the port', () => {
		expect(pupilAddresses({ publicUrl: '', port: 3000, interfaces: schoolLaptop })).toEqual([
			'http://192.168.1.20:3000',
			'http://10.0.0.5:3000'
		]);
	});

	it('is only the public address when one is set', () => {
		expect(
			pupilAddresses({ publicUrl: 'https://klas.example.nl', port: 3000, interfaces: schoolLaptop })
		).toEqual(['https://klas.example.nl']);
	});

	it('is empty when the machine has no network address', () => {
		expect(pupilAddresses({ publicUrl: '', port: 3000, interfaces: offline })).toEqual([]);
	});
});

describe('the line the server prints once it listens', () => {
	const base = {
		siteName: 'Klasgesprek',
		lessonCount: 12,
		publicUrl: '',
		port: 3000,
		interfaces: schoolLaptop
	};

	it('names where to open it and every address pupils join at', () => {
		expect(startupLine({ ...base, listenHost: '0.0.0.0' })).toBe(
			'Klasgesprek (12 lessons) is listening on http://localhost:3000; pupils join at http://192.168.1.20:3000 or http://10.0.0.5:3000'
		);
	});

	it('says phones cannot reach a server on loopback, and how to let them', () => {
		const line = startupLine({ ...base, lessonCount: 1, listenHost: '127.0.0.1' });
		expect(line).toBe(
			'Klasgesprek (1 lesson) is listening on http://127.0.0.1:3000, on this computer only: phones cannot reach it (start with HOST=0.0.0.0 to let pupils join).'
		);
		expect(line).not.toContain('192.168.1.20');
	});

	it('says so when the machine has no network address', () => {
		expect(startupLine({ ...base, interfaces: offline, listenHost: '0.0.0.0' })).toContain(
			'no network address found, so phones cannot reach it'
		);
	});

	it('gives the public address when one is set, also behind a proxy on loopback', () => {
		expect(
			startupLine({ ...base, publicUrl: 'https://klas.example.nl', listenHost: '127.0.0.1' })
		).toBe(
			'Klasgesprek (12 lessons) is listening on http://127.0.0.1:3000; pupils join at https://klas.example.nl'
		);
	});
});

describe("the machine's network interfaces", () => {
	it('are asked of the system again once five seconds have passed, not on every page', () => {
		const first = currentInterfaces(1_000_000);
		expect(currentInterfaces(1_004_000)).toBe(first);
		const later = currentInterfaces(1_006_000);
		expect(later).not.toBe(first);
		expect(later).toEqual(first);
	});
});
