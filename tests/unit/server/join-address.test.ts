import { describe, expect, it } from 'vitest';
import {
	isLoopbackHost,
	joinAddress,
	pupilAddresses,
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
			interfaces: schoolLaptop
		});
		expect(address).toEqual({
			origin: 'https://klasgesprek.gemeente.nl',
			source: 'public',
			unreachable: false
		});
	});

	it('is the machine’s first LAN address, with the port, when the page was opened on localhost', () => {
		const address = joinAddress({
			publicUrl: '',
			requestUrl: new URL('http://localhost:3000/board/x'),
			interfaces: schoolLaptop
		});
		expect(address).toEqual({
			origin: 'http://192.168.1.20:3000',
			source: 'lan',
			unreachable: false
		});
	});

	it('treats 127.0.0.1 and [::1] as this machine too', () => {
		for (const url of ['http://127.0.0.1:4000/', 'http://[::1]:4000/']) {
			const address = joinAddress({
				publicUrl: '',
				requestUrl: new URL(url),
				interfaces: schoolLaptop
			});
			expect(address.origin).toBe('http://192.168.1.20:4000');
		}
	});

	it('keeps the address the page was opened on when that is already a network address', () => {
		const address = joinAddress({
			publicUrl: '',
			requestUrl: new URL('http://10.0.0.5:3000/board/x'),
			interfaces: schoolLaptop
		});
		expect(address).toEqual({
			origin: 'http://10.0.0.5:3000',
			source: 'request',
			unreachable: false
		});
	});

	it('says no phone can join when the page is on localhost and the machine has no network address', () => {
		const address = joinAddress({
			publicUrl: '',
			requestUrl: new URL('http://localhost:3000/board/x'),
			interfaces: offline
		});
		expect(address).toEqual({
			origin: 'http://localhost:3000',
			source: 'request',
			unreachable: true
		});
	});

	it('skips link-local addresses a phone cannot reach', () => {
		const address = joinAddress({
			publicUrl: '',
			requestUrl: new URL('http://localhost:3000/'),
			interfaces: { eth0: [entry('169.254.10.2')], wlan0: [entry('192.168.2.7')] }
		});
		expect(address.origin).toBe('http://192.168.2.7:3000');
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
