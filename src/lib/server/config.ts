// The deployment's settings, read from the environment once at start-up and checked, so a
// typo in a setting stops the server with a clear message instead of misbehaving in class.

import * as v from 'valibot';

const optionalText = (fallback: string) =>
	v.pipe(
		v.optional(v.string(), fallback),
		v.transform((value) => value.trim())
	);

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
	LESSONS_DIR: optionalText('lessons'),
	DATABASE_PATH: optionalText('data/klasgesprek.sqlite')
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

export interface Config {
	siteName: string;
	defaultLanguage: 'nl' | 'en';
	signalling: SignallingRoute;
	retentionDays: number;
	lessonsDirectory: string;
	/** The embedded store's file, or ':memory:'. */
	databasePath: string;
}

export class ConfigError extends Error {}

export function readConfig(environment: Record<string, string | undefined> = process.env): Config {
	const present = Object.fromEntries(
		Object.entries(environment).filter(([, value]) => value !== undefined && value !== '')
	);
	const result = v.safeParse(environmentSchema, present);
	if (!result.success) {
		const lines = result.issues.map((issue) => {
			const key = issue.path?.map((item) => String(item.key)).join('.') ?? '?';
			return `${key}: ${issue.message} (got ${JSON.stringify(issue.input)})`;
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
		lessonsDirectory: env.LESSONS_DIR,
		databasePath: env.DATABASE_PATH
	};
}
