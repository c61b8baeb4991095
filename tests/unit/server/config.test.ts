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
			parentsContacts: [],
			filterWordsFile: '',
			lessonsDirectory: 'lessons',
			databaseUrl: '',
			extraThemes: [],
			authorKeysFile: '',
			coordinatorKeysFile: '',
			overview: { minClasses: 5, minAnswers: 50, countsByDefault: false },
			databasePath: 'data/klasgesprek.sqlite',
			databaseSync: 'normal',
			sessionIdleHours: 8,
			proxy: { addressHeader: '', xffDepth: 1 },
			publicUrl: '',
			listenHost: '0.0.0.0',
			port: 3000,
			schoolSignIn: null
		});
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

	it('reads where parents can turn as label: contact pairs, for the letter to them', () => {
		expect(
			readConfig({
				PARENTS_CONTACT: ' Opvoedsteunpunt Almere: 036 123 4567 ; Wijkteam '
			}).parentsContacts
		).toEqual([
			{ label: 'Opvoedsteunpunt Almere', contact: '036 123 4567' },
			{ label: 'Wijkteam', contact: '' }
		]);
		expect(readConfig({ PARENTS_CONTACT: ' ; ' }).parentsContacts).toEqual([]);
	});

	it('refuses a parents contact without a label, or a list too long for a letter', () => {
		expect(() => readConfig({ PARENTS_CONTACT: ': 036 123 4567' })).toThrow(
			/PARENTS_CONTACT: each entry is `Label: contact`/
		);
		expect(() => readConfig({ PARENTS_CONTACT: 'a; b; c; d; e; f; g' })).toThrow(
			/PARENTS_CONTACT: at most 6 entries/
		);
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

	it("takes the overview's minimums upward, and its default for new sessions", () => {
		expect(
			readConfig({
				COORDINATOR_KEYS_FILE: ' /etc/klasgesprek/coordinators ',
				OVERVIEW_MIN_CLASSES: '8',
				OVERVIEW_MIN_ANSWERS: '120',
				OVERVIEW_DEFAULT: 'yes'
			})
		).toMatchObject({
			coordinatorKeysFile: '/etc/klasgesprek/coordinators',
			overview: { minClasses: 8, minAnswers: 120, countsByDefault: true }
		});
		expect(readConfig({ OVERVIEW_DEFAULT: 'no' }).overview.countsByDefault).toBe(false);
	});

	it('refuses overview minimums below 5 classes or 50 answers, saying why', () => {
		expect(() => readConfig({ OVERVIEW_MIN_CLASSES: '4' })).toThrow(
			/OVERVIEW_MIN_CLASSES: must be 5 or more: fewer classes could show what one class answered \(got 4\)/
		);
		expect(() => readConfig({ OVERVIEW_MIN_ANSWERS: '49' })).toThrow(
			/OVERVIEW_MIN_ANSWERS: must be 50 or more/
		);
		expect(() => readConfig({ OVERVIEW_MIN_CLASSES: '0' })).toThrow(ConfigError);
		expect(() => readConfig({ OVERVIEW_MIN_CLASSES: '-5' })).toThrow(/must be a whole number/);
		expect(() => readConfig({ OVERVIEW_MIN_ANSWERS: '50.5' })).toThrow(/must be a whole number/);
		expect(() => readConfig({ OVERVIEW_DEFAULT: 'ja' })).toThrow(
			/OVERVIEW_DEFAULT: must be yes or no/
		);
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

	describe("signing in with the school's account", () => {
		const provider = {
			OIDC_ISSUER: 'https://login.school.example/oidc',
			OIDC_CLIENT_ID: 'klasgesprek',
			OIDC_CLIENT_SECRET: 'geheim-geheim'
		};

		it('is off without settings, and reads the three together with default scope openid', () => {
			expect(readConfig({}).schoolSignIn).toBeNull();
			expect(readConfig(provider).schoolSignIn).toEqual({
				issuer: 'https://login.school.example/oidc',
				clientId: 'klasgesprek',
				clientSecret: 'geheim-geheim',
				scopes: ['openid'],
				coordinator: null
			});
		});

		it('reads scopes and the coordinator claim', () => {
			const config = readConfig({
				...provider,
				OIDC_SCOPES: 'openid  groups,openid',
				OIDC_COORDINATOR_CLAIM: 'groups',
				OIDC_COORDINATOR_VALUE: 'preventie-coordinator'
			});
			expect(config.schoolSignIn).toMatchObject({
				scopes: ['openid', 'groups'],
				coordinator: { claim: 'groups', value: 'preventie-coordinator' }
			});
		});

		it('refuses half a provider, naming what is missing', () => {
			expect(() => readConfig({ OIDC_ISSUER: provider.OIDC_ISSUER })).toThrow(
				/OIDC_CLIENT_ID, OIDC_CLIENT_SECRET/
			);
			expect(() => readConfig({ ...provider, OIDC_COORDINATOR_CLAIM: 'groups' })).toThrow(
				/OIDC_COORDINATOR_VALUE/
			);
			expect(() =>
				readConfig({ OIDC_COORDINATOR_CLAIM: 'groups', OIDC_COORDINATOR_VALUE: 'x' })
			).toThrow(/OIDC_ISSUER/);
		});

		it('refuses a plain-http issuer except on this machine, and scopes without openid', () => {
			expect(() => readConfig({ ...provider, OIDC_ISSUER: 'http://login.school.example' })).toThrow(
				/OIDC_ISSUER: must start with https/
			);
			expect(
				readConfig({ ...provider, OIDC_ISSUER: 'http://127.0.0.1:4400' }).schoolSignIn?.issuer
			).toBe('http://127.0.0.1:4400');
			expect(() => readConfig({ ...provider, OIDC_SCOPES: 'profile' })).toThrow(/openid/);
		});
	});
});
