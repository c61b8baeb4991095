// The deployment's settings, read from the environment once at start-up and checked, so a
// typo in a setting stops the server with a clear message instead of misbehaving in class.

import * as v from 'valibot';

const optionalText = (fallback: string) =>
	v.pipe(
		v.optional(v.string(), fallback),
		v.transform((value) => value.trim())
	);

const publicAddress = v.pipe(
	v.string(),
	v.trim(),
	v.url(),
	v.regex(/^https?:\/\//i, 'must start with http:// or https://'),
	v.transform((value) => new URL(value).origin)
);

const themePattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** `nepnieuws, Mediawijsheid` → ['nepnieuws', 'mediawijsheid']: how LESSON_THEMES is read. */
export function readThemeList(text: string): string[] {
	return [
		...new Set(
			text
				.split(',')
				.map((theme) => theme.trim().toLowerCase())
				.filter(Boolean)
		)
	];
}

const environmentSchema = v.object({
	SITE_NAME: optionalText('Klasgesprek'),
	DEFAULT_LANGUAGE: v.optional(v.picklist(['nl', 'en']), 'nl'),
	SIGNAL_ACUTE_NUMBER: optionalText('112'),
	SIGNAL_MUNICIPALITY: optionalText(''),
	SIGNAL_EMAIL: v.optional(v.union([v.literal(''), v.pipe(v.string(), v.trim(), v.email())]), ''),
	SIGNAL_SUBJECT: optionalText('signaal radicalisering'),
	RETENTION_DAYS: v.optional(
		v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(1), v.maxValue(3650)),
		'30'
	),
	HELP_LINES: optionalText(''),
	FILTER_WORDS_FILE: optionalText(''),
	LESSONS_DIR: optionalText('lessons'),
	// Themes this deployment adds to the known ones, e.g. `nepnieuws, mediawijsheid`.
	LESSON_THEMES: v.optional(
		v.pipe(
			v.string(),
			v.transform(readThemeList),
			v.check(
				(list) => list.every((theme) => themePattern.test(theme)),
				'themes are lower-case words joined by hyphens, separated by commas'
			)
		),
		''
	),
	AUTHOR_KEYS_FILE: optionalText(''),
	DATABASE_PATH: optionalText('data/klasgesprek.sqlite'),
	DATABASE_SYNC: v.optional(v.picklist(['normal', 'full']), 'normal'),
	// Region mode: several processes on one PostgreSQL. Unset, the embedded SQLite file is used.
	DATABASE_URL: v.optional(
		v.union([
			v.literal(''),
			v.pipe(
				v.string(),
				v.trim(),
				v.regex(/^postgres(ql)?:\/\/\S+$/i, 'must be a postgres:// or postgresql:// address'),
				v.check((value) => URL.canParse(value), 'is not a valid address')
			)
		]),
		''
	),
	SESSION_IDLE_HOURS: v.optional(
		v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(1), v.maxValue(168)),
		'8'
	),
	// The names adapter-node reads, so pages (getClientAddress) and sockets agree.
	ADDRESS_HEADER: v.optional(
		v.union([
			v.literal(''),
			v.pipe(
				v.string(),
				v.trim(),
				v.regex(/^[A-Za-z0-9-]+$/),
				v.transform((name) => name.toLowerCase())
			)
		]),
		''
	),
	XFF_DEPTH: v.optional(
		v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(1), v.maxValue(20)),
		'1'
	),
	PUBLIC_URL: v.optional(publicAddress),
	ORIGIN: v.optional(publicAddress),
	// Where the server listens, as adapter-node reads them: HOST=127.0.0.1 keeps it to this machine.
	HOST: optionalText('0.0.0.0'),
	// Browser tests only: lets /test/sign-in sign a browser in as any teacher. Never in a deployment.
	E2E_TEST_SIGN_IN: v.optional(v.picklist(['0', '1']), '0'),
	PORT: v.optional(
		v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(0), v.maxValue(65535)),
		'3000'
	)
});

export interface SignallingRoute {
	/** Number to call when there is acute danger. */
	acuteNumber: string;
	/** Name of the municipality, or '' when the deployment did not set it. */
	municipality: string;
	/** Where non-acute concerns go, or '' when the deployment did not set it. */
	email: string;
	subject: string;
}

/** Where a pupil can get help, shown at the end of every exit ticket. */
export interface HelpLine {
	label: string;
	/** A phone number, an address or a web page; '' when the label says it all. */
	contact: string;
}

export interface Config {
	siteName: string;
	defaultLanguage: 'nl' | 'en';
	signalling: SignallingRoute;
	retentionDays: number;
	/** Extra help lines of this deployment, after mentor and vertrouwenspersoon. */
	helpLines: HelpLine[];
	/** A JSON word list ({ slur, insult, threat }) added to the shipped ones, or ''. */
	filterWordsFile: string;
	lessonsDirectory: string;
	/**
	 * The PostgreSQL server of region mode (postgres://user:password@host:port/database), or ''
	 * for the embedded SQLite file at `databasePath`.
	 */
	databaseUrl: string;
	/** Themes added to the known ones (LESSON_THEMES), accepted in frontmatter and offered as filters. */
	extraThemes: string[];
	/** The file of author keys that may publish from the workshop (AUTHOR_KEYS_FILE), or '' for none. */
	authorKeysFile: string;
	/** The embedded store's file, or ':memory:'. */
	databasePath: string;
	/**
	 * 'normal': an acknowledged answer survives a crash or restart of the server;
	 * 'full': also a power cut or a crash of the machine, at one disk sync per group of answers.
	 */
	databaseSync: 'normal' | 'full';
	/** A live session the teacher has not changed for this many hours ends itself. */
	sessionIdleHours: number;
	/** Where the client's address comes from behind a proxy; see `clientAddress`. */
	proxy: ProxyAddressing;
	/** The address pupils join at (PUBLIC_URL, else ORIGIN), or '' to derive it per request. */
	publicUrl: string;
	/** The address the server listens on (HOST): 0.0.0.0 for every network, 127.0.0.1 for this machine only. */
	listenHost: string;
	/** The port the server listens on (PORT). */
	port: number;
	/**
	 * TEST ONLY (E2E_TEST_SIGN_IN=1, set by the browser tests' server): `/test/sign-in?key=…`
	 * signs a browser in as that teacher, so specs reach a teacher's pages without an identity
	 * provider. Off unless set; a deployment never sets it.
	 */
	testSignIn: boolean;
}

/**
 * The request header a reverse proxy puts the client's address in ('' when there is no proxy:
 * then the connection's own peer address counts), and for X-Forwarded-For how many proxies of
 * our own added to it: the address `xffDepth` from the right is the client's.
 */
export interface ProxyAddressing {
	addressHeader: string;
	xffDepth: number;
}

export class ConfigError extends Error {}

/** Settings whose value an error message must not repeat into a log. */
const secretSettings = new Set(['DATABASE_URL']);

export function readConfig(environment: Record<string, string | undefined> = process.env): Config {
	const present = Object.fromEntries(
		Object.entries(environment).filter(([, value]) => value !== undefined && value !== '')
	);
	const result = v.safeParse(environmentSchema, present);
	if (!result.success) {
		const lines = result.issues.map((issue) => {
			const key = issue.path?.map((item) => String(item.key)).join('.') ?? '?';
			const got = secretSettings.has(key)
				? 'value not shown: it may hold a password'
				: `got ${JSON.stringify(issue.input)}`;
			return `${key}: ${issue.message} (${got})`;
		});
		throw new ConfigError(`Invalid Klasgesprek configuration:\n  ${lines.join('\n  ')}`);
	}
	const env = result.output;
	return {
		siteName: env.SITE_NAME,
		defaultLanguage: env.DEFAULT_LANGUAGE,
		signalling: {
			acuteNumber: env.SIGNAL_ACUTE_NUMBER,
			municipality: env.SIGNAL_MUNICIPALITY,
			email: env.SIGNAL_EMAIL,
			subject: env.SIGNAL_SUBJECT
		},
		retentionDays: env.RETENTION_DAYS,
		helpLines: parseHelpLines(env.HELP_LINES),
		filterWordsFile: env.FILTER_WORDS_FILE,
		lessonsDirectory: env.LESSONS_DIR,
		extraThemes: env.LESSON_THEMES,
		authorKeysFile: env.AUTHOR_KEYS_FILE,
		databasePath: env.DATABASE_PATH,
		databaseSync: env.DATABASE_SYNC,
		databaseUrl: env.DATABASE_URL,
		sessionIdleHours: env.SESSION_IDLE_HOURS,
		proxy: { addressHeader: env.ADDRESS_HEADER, xffDepth: env.XFF_DEPTH },
		publicUrl: env.PUBLIC_URL ?? env.ORIGIN ?? '',
		listenHost: env.HOST,
		port: env.PORT,
		testSignIn: env.E2E_TEST_SIGN_IN === '1'
	};
}

/** `Label: contact; Label: contact`, e.g. `Kindertelefoon: 0800-0432; 113 Zelfmoordpreventie: 113`. */
function parseHelpLines(text: string): HelpLine[] {
	return text
		.split(';')
		.map((entry) => entry.trim())
		.filter(Boolean)
		.map((entry) => {
			const colon = entry.indexOf(':');
			return colon === -1
				? { label: entry, contact: '' }
				: { label: entry.slice(0, colon).trim(), contact: entry.slice(colon + 1).trim() };
		});
}
