import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../../src/lib/server/config.ts';

describe('deployment configuration', () => {
	it('has working defaults for a fresh install', () => {
		expect(readConfig({})).toEqual({
			siteName: 'Klasgesprek',
			defaultLanguage: 'nl',
			signalling: {
				acuteNumber: '112',
				municipality: '',
				email: '',
				subject: 'signaal radicalisering'
			},
			retentionDays: 30,
			helpLines: [],
			filterWordsFile: '',
			lessonsDirectory: 'lessons',
			databaseUrl: '',
			extraThemes: [],
			authorKeysFile: '',
			databasePath: 'data/klasgesprek.sqlite',
			databaseSync: 'normal',
			sessionIdleHours: 8,
			proxy: { addressHeader: '', xffDepth: 1 },
			publicUrl: '',
			listenHost: '0.0.0.0',
			port: 3000,
			testSignIn: false
		});
	});

	it('lets a browser sign in as any teacher only when the browser tests ask for it', () => {
		expect(readConfig({ E2E_TEST_SIGN_IN: '1' }).testSignIn).toBe(true);
		expect(readConfig({ E2E_TEST_SIGN_IN: '0' }).testSignIn).toBe(false);
		expect(() => readConfig({ E2E_TEST_SIGN_IN: 'ja' })).toThrow(ConfigError);
	});

	it('takes the address pupils join at from PUBLIC_URL, else ORIGIN, as a bare origin', () => {
		expect(readConfig({ PUBLIC_URL: ' https://klas.example.nl/ ' }).publicUrl).toBe(
			'https://klas.example.nl'
		);
		expect(readConfig({ ORIGIN: 'https://proxy.example.nl' }).publicUrl).toBe(
			'https://proxy.example.nl'
		);
		expect(
			readConfig({ PUBLIC_URL: 'http://192.168.1.20:3000', ORIGIN: 'https://x.example.nl' })
				.publicUrl
		).toBe('http://192.168.1.20:3000');
	});

	it('reads every setting from the environment', () => {
		const config = readConfig({
			SITE_NAME: 'Klasgesprek Almere',
			DEFAULT_LANGUAGE: 'en',
			SIGNAL_ACUTE_NUMBER: '112',
			SIGNAL_MUNICIPALITY: 'Almere',
			SIGNAL_EMAIL: ' signaal@gemeente.example ',
			SIGNAL_SUBJECT: 'signaal radicalisering',
			RETENTION_DAYS: '14',
			LESSONS_DIR: '/srv/lessen',
			DATABASE_SYNC: 'full'
		});
		expect(config).toMatchObject({
			databaseSync: 'full',
			siteName: 'Klasgesprek Almere',
			defaultLanguage: 'en',
			signalling: { municipality: 'Almere', email: 'signaal@gemeente.example' },
			retentionDays: 14,
			lessonsDirectory: '/srv/lessen'
		});
	});

	it("adds the deployment's own lesson themes, comma separated, each once", () => {
		expect(
			readConfig({ LESSON_THEMES: ' nepnieuws, Mediawijsheid,,nepnieuws ' }).extraThemes
		).toEqual(['nepnieuws', 'mediawijsheid']);
	});

	it('refuses a lesson theme that cannot be a filter in a web address', () => {
		expect(() => readConfig({ LESSON_THEMES: 'nepnieuws, media wijsheid' })).toThrow(ConfigError);
		expect(() => readConfig({ LESSON_THEMES: 'nepnieuws, media wijsheid' })).toThrow(
			/LESSON_THEMES/
		);
	});

	it('reads help lines as label: contact pairs', () => {
		expect(
			readConfig({
				HELP_LINES: 'Kindertelefoon: 0800-0432; 113 Zelfmoordpreventie: 113; Je mentor'
			}).helpLines
		).toEqual([
			{ label: 'Kindertelefoon', contact: '0800-0432' },
			{ label: '113 Zelfmoordpreventie', contact: '113' },
			{ label: 'Je mentor', contact: '' }
		]);
	});

	it('takes a PostgreSQL address for region mode, and never logs a wrong one', () => {
		expect(
			readConfig({ DATABASE_URL: ' postgres://klas:geheim@db.example:5432/klas ' }).databaseUrl
		).toBe('postgres://klas:geheim@db.example:5432/klas');
		expect(readConfig({ DATABASE_URL: 'postgresql://127.0.0.1/test' }).databaseUrl).toBe(
			'postgresql://127.0.0.1/test'
		);
		expect(readConfig({ DATABASE_URL: 'postgresql://db/klas' }).databaseUrl).toBe(
			'postgresql://db/klas'
		);
		expect(readConfig({}).databaseUrl).toBe('');
		for (const wrong of [
			'mysql://klas:geheim@db/klas',
			'postgres://',
			'db.example:5432',
			'db.example.nl/klas',
			'redis://127.0.0.1:6379'
		]) {
			expect(() => readConfig({ DATABASE_URL: wrong })).toThrow(ConfigError);
			expect(() => readConfig({ DATABASE_URL: wrong })).toThrow(/DATABASE_URL: must be a postgres/);
			expect(() => readConfig({ DATABASE_URL: wrong })).toThrow(/\(value not shown/);
			expect(() => readConfig({ DATABASE_URL: wrong })).not.toThrow(/geheim|db\.example/);
		}
	});

	it('treats an empty variable as unset', () => {
		expect(readConfig({ SIGNAL_EMAIL: '', RETENTION_DAYS: '' }).retentionDays).toBe(30);
	});

	it.each([
		['DEFAULT_LANGUAGE', 'de'],
		['SIGNAL_EMAIL', 'geen-adres'],
		['RETENTION_DAYS', 'veertien'],
		['RETENTION_DAYS', '0'],
		['RETENTION_DAYS', '-3'],
		['DATABASE_SYNC', 'off'],
		['PUBLIC_URL', 'klas.example.nl'],
		['PUBLIC_URL', 'ftp://klas.example.nl'],
		['ORIGIN', 'not a url']
	])('refuses %s=%s with a message naming the setting', (key, value) => {
		expect(() => readConfig({ [key]: value })).toThrow(ConfigError);
		expect(() => readConfig({ [key]: value })).toThrow(key);
	});
});
