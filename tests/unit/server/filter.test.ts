import { describe, expect, it } from 'vitest';
import { ResponseFilter, type FlagKind } from '../../../src/lib/server/moderation/filter.ts';

const filter = new ResponseFilter();
const kinds = (text: string): FlagKind[] =>
	[...new Set(filter.check(text).map((flag) => flag.kind))].sort();

describe('the response filter', () => {
	it.each([
		['Die kankerhomo moet weg', 'slur'],
		['vuile homo', 'slur'],
		['Het zijn allemaal kutmarokkanen', 'slur'],
		['wat een fl1kker', 'slur'],
		['die zandnegers', 'slur'],
		['Nobody likes faggots', 'slur'],
		['you are such a retard', 'slur'],
		['Jij bent een kankerlijer', 'insult'],
		['KLOOTZAKKEN allemaal', 'insult'],
		['fuck you', 'insult'],
		['Ik maak je af na school', 'threat'],
		['ik weet waar je woont', 'threat'],
		['Ze moeten allemaal dood', 'threat'],
		['I will kill you', 'threat'],
		['kys loser', 'threat']
	])('holds %j as %s', (text, kind) => {
		expect(kinds(text)).toContain(kind);
	});

	it('sees through letter swaps, accents and stretched letters', () => {
		expect(kinds('k4nk3rl1j3r')).toContain('insult');
		expect(kinds('flíkker')).toContain('slur');
		expect(kinds('klooooootzak')).toContain('insult');
		expect(kinds('kaaaankerlijer')).toContain('insult');
	});

	it.each([
		['Bel me: 06-12345678', 'phone'],
		['mijn nummer is +31 6 1234 5678', 'phone'],
		['0201234567', 'phone'],
		['mail naar emma.jansen@gmail.com', 'email'],
		['volg me op @emma_2011', 'handle'],
		['kijk op https://example.com/profiel', 'link'],
		['www.tiktok.com/@iemand', 'link']
	])('holds personal data in %j as %s', (text, kind) => {
		expect(kinds(text)).toContain(kind);
	});

	it('does not count an e-mail address as a handle too', () => {
		expect(kinds('emma@school.nl')).toEqual(['email']);
	});

	it('says what matched', () => {
		expect(filter.check('Ik maak je af')).toEqual([{ kind: 'threat', match: 'ik maak je af' }]);
		expect(filter.check('bel 06-12345678 maar')).toEqual([{ kind: 'phone', match: '06-12345678' }]);
	});

	it.each([
		// Scunthorpe: words that contain a listed word are not that word.
		'Ik woon in Scunthorpe',
		'Essex is een graafschap',
		'Mijn oma heeft kanker gehad',
		'We moeten het werk nog afmaken',
		'Ik ga een ballon opblazen voor het feest',
		'Mijn nicht is moslim en mijn buurman is joods',
		'Veel Marokkaanse en Turkse Nederlanders zijn hier geboren',
		'Christenen, moslims, joden en hindoes vieren allemaal feest',
		'Ik ben homo en dat is prima',
		'Hij is een Turk en zij is Marokkaan',
		'Polen en Syriërs wonen in mijn straat',
		'Arsenal won met 3-1 in 2024',
		'In 1945 eindigde de oorlog, 80 jaar geleden',
		'The Holocaust: 6 million Jews were murdered',
		'I think the killing in the play was awful',
		'My classmate is Muslim and my teacher is Jewish',
		'Ik vind hem een goede speler'
	])('does not hold %j', (text) => {
		expect(filter.check(text)).toEqual([]);
	});

	it('takes extra words from the deployment', () => {
		const local = new ResponseFilter([{ insult: ['stomkop*'] }, { threat: ['ik pak je'] }]);
		expect(local.check('jij stomkoppen')).toEqual([{ kind: 'insult', match: 'stomkoppen' }]);
		expect(local.check('ik pak je morgen')).toEqual([{ kind: 'threat', match: 'ik pak je' }]);
	});
});
