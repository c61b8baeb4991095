// The filter measured as the issue measures it: a table of disguised forms that must be held,
// and a table of clean pupil sentences from the sample lessons' topics that must pass.
import { describe, expect, it } from 'vitest';
import { ResponseFilter, type FlagKind } from '../../../src/lib/server/moderation/filter.ts';

const filter = new ResponseFilter();
const kinds = (text: string): FlagKind[] => [
	...new Set(filter.check(text).map((flag) => flag.kind))
];

/** Disguised forms, each with the kind it must be held as. A row marked 'miss' is a known gap. */
const disguised: [category: string, text: string, kind: FlagKind, miss?: 'miss'][] = [
	// A curse spaced, stretched, swapped or masked is a signal, though the plain word may pass.
	['spaced curse', 'k a n k e r', 'curse'],
	['spaced curse in a sentence', 'jij bent echt k a n k e r', 'curse'],
	['dotted curse', 'k.a.n.k.e.r', 'curse'],
	['underscored curse', 'k_a_n_k_e_r', 'curse'],
	['curse in pieces', 'ka nk er', 'curse'],
	['stretched curse', 'kaaaanker', 'curse'],
	['stretched curse in capitals', 'KAAAANKER!!', 'curse'],
	['curse with doubled letters', 'kannkerr', 'curse'],
	['curse in leetspeak', 'k4nk3r', 'curse'],
	['curse with an at sign', 'k@nker', 'curse'],
	['curse with a star', 'k*nker', 'curse'],
	['spaced tyfus', 't y f u s', 'curse'],
	['stretched tering', 'teeeeering', 'curse'],
	['English curse with a star', 'f*ck this', 'curse'],
	['English curse stretched', 'fuuuuuck', 'curse'],
	['English curse in leetspeak', 'sh1t', 'curse'],
	['English curse spaced', 's h i t', 'curse'],
	['curse cut in two', 'wat een kan ker school', 'curse'],
	['curse with dashes', 'k-a-n-k-e-r', 'curse'],
	['curse in full-width letters', '\uFF4B\uFF41\uFF4E\uFF4B\uFF45\uFF52', 'curse'],
	['curse with a Cyrillic letter', '\u043Aanker', 'curse'],
	['curse with a zero-width space', 'kan\u200Bker', 'curse'],
	['curse stretched at its end', 'kankerrrrr', 'curse'],
	['English curse with a mark', 'sh!t man', 'curse'],
	['English curse masked twice', 'f**k', 'curse'],
	// Two listed words run together, or a hostile word before a group word.
	['kut and a group word', 'kutmarokkaan', 'slur'],
	['vuile and a group word together', 'vuilejood', 'slur'],
	['kanker and a group word in the plural', 'kankermoslims', 'slur'],
	['kut and a slur', 'kutneger', 'slur'],
	['vieze and a group word together', 'viezeturken', 'slur'],
	['kk and a group word', 'kkjoden', 'slur'],
	['tering and a group word', 'teringjoden', 'slur'],
	['tyfus and a group word', 'tyfusturk', 'slur'],
	['a slur and a slur', 'negerhoer', 'slur'],
	['a group word and a slur', 'moslimhoer', 'slur'],
	['a slur and a group word', 'flikkerjood', 'slur'],
	['vuile before a group word', 'die vuile marokkanen', 'slur'],
	['kanker before a group word', 'kanker joden', 'slur'],
	['smerige before a group word', 'smerige turken', 'slur'],
	['English hostile word joined', 'fuckingmuslims', 'slur'],
	['English hostile word before a group', 'filthy immigrants', 'slur'],
	['compound stretched', 'kuuutmarokkaan', 'slur'],
	['compound in leetspeak', 'kutm4r0kk44n', 'slur'],
	['compound spaced', 'v u i l e j o o d', 'slur'],
	['hostile word and group word with a dash', 'kanker-marokkaan', 'slur'],
	['hostile word, curse and group word', 'vuile kk marokkanen', 'slur'],
	['compound with a diminutive', 'kutmarokkaantje', 'slur'],
	['compound with a group word not listed with kut', 'kankerallochtoon', 'slur'],
	['English slur masked', 'n*gger', 'slur'],
	// Reversed with bidi controls: shown one way, typed the other.
	['right-to-left override', '\u202Ereknak\u202C', 'curse'],
	['override closed by an isolate pop', '\u202Erekkilf\u2069', 'slur'],
	['override inside an isolate', '\u2067\u202Ereoh\u202C\u2069', 'slur'],
	['override before a compound', 'jij \u202Enaakkoramtuk', 'slur'],
	['override in an insult', 'je bent een \u202Ekaztoolk\u202C echt', 'insult'],
	['override nested in an embedding', '\u202B\u202Erekkin\u202C\u202C', 'slur'],
	['override around a spaced word', '\u202Er e k n a k', 'curse'],
	// Phone numbers with letters for digits, split by words or written out.
	['letter O for a zero', 'O6 12345678', 'phone'],
	['O for zero and I for one', 'O6-I2345678', 'phone'],
	['lower-case o and l', 'bel o6 l2 34 56 78', 'phone'],
	['split by words', '06 en dan 12345678', 'phone'],
	['split in a sentence', 'mijn nummer is 06 1234 en dan 5678', 'phone'],
	['written out in Dutch', 'nul zes twaalf vierendertig zesenvijftig achtenzeventig', 'phone'],
	['written out digit by digit', 'nul zes een twee drie vier vijf zes zeven acht', 'phone'],
	['written out in English', 'zero six one two three four five six seven eight', 'phone'],
	['digits and words mixed', 'nul 6 twaalf 34 56 78', 'phone'],
	['country code in words', 'plus eenendertig zes 12345678', 'phone'],
	['in pieces with slashes and words', '06 / 12 / 34 en 56 78', 'phone'],
	['English oh for zero', 'oh six one two three four five six seven eight', 'phone'],
	// E-mail with spaced or spelled '@' and '.'.
	['spaced @ and .', 'jan @ gmail . com', 'email'],
	['spelled at and dot', 'jan at gmail dot com', 'email'],
	['dotted name spaced', 'jan.de.vries @ hotmail . nl', 'email'],
	['(a) for the at sign', 'mail me op jan (a) gmail.com', 'email'],
	['apestaartje and punt', 'jan apestaartje hotmail punt com', 'email'],
	['provider without a domain', 'stuur maar naar jan at gmail', 'email'],
	['@ and a provider', 'emma @ outlook', 'email'],
	['brackets', 'emma[at]ziggo[dot]nl', 'email'],
	['spaced @ only', 'emma.jansen @gmail.com', 'email'],
	['spelled at and a real dot', 'emma at hotmail.com', 'email'],
	// A postcode with 'nr' and a street with a house number.
	['postcode and nr', '1234 AB nr 5', 'address'],
	['postcode and nummer', '1234ab nummer 12', 'address'],
	['postcode and huisnummer', 'ik woon 3512 JK huisnummer 7', 'address'],
	['postcode on its own', 'mijn postcode is 3512JK', 'address'],
	['street, number and town', 'Kerkstraat 12 Almere', 'address'],
	['a lane in a sentence', 'ik woon op de Lindenlaan 4', 'address'],
	['a lane in lower case', 'ik woon op de lindenlaan 4', 'address'],
	['a road with a letter', 'Dorpsweg 7b', 'address'],
	['street in lower case and a town', 'kerkstraat 12 in Almere', 'address'],
	['an address given', 'mijn adres is stationsweg 3', 'address'],
	['a square with nr', 'Marktplein nr 9', 'address'],
	['an English street', 'I live at Baker Street 21', 'address'],
	['street and op nummer', 'ik woon in de Kerkstraat op nummer 12', 'address'],
	['street, number, postcode and town', 'Stationsweg 3, 1234 AB Almere', 'address'],
	// A second batch, written after the filter without tuning it to them; the misses stay marked.
	['dotted curse ending in a dot', 'k.a.n.k.e.r.', 'curse'],
	['dashed curse in capitals', 'K-A-N-K-E-R', 'curse'],
	[
		'curse struck through with combining marks',
		'k\u0336a\u0336n\u0336k\u0336e\u0336r\u0336',
		'curse'
	],
	['curse stretched with marks after it', 'kankerrr!!!', 'curse'],
	['curse with two Cyrillic letters', 'k\u0430nk\u0435r', 'curse'],
	['tering in leetspeak', 't3r1ng', 'curse'],
	['tyfus with a dot inside', 'tyf.us', 'curse'],
	['klote with zeros', 'kl00te', 'curse'],
	['English curse dotted', 'f.u.c.k', 'curse'],
	['English curse with v for u', 'fvck dit', 'curse', 'miss'],
	['English curse spelled ph', 'phuck', 'curse', 'miss'],
	['English curse with a star for the i', 'sh*t', 'curse'],
	['English curse with a dollar', '$hit', 'curse'],
	['kut and a group word cut short', 'kutmarok', 'slur'],
	['kanker before a group word', 'kanker jood', 'slur'],
	['kk and a slang group word', 'kkmocro', 'slur'],
	['tyfus and a slur', 'tyfusmongool', 'slur'],
	['vieze before refugees', 'vieze vluchtelingen', 'slur'],
	['vuile before a group word in the plural', 'vuile allochtonen', 'slur'],
	['override across two words', '\u202Enaakkoram tuk', 'slur'],
	['override never closed', '\u202Ereknak', 'curse'],
	['phone with spaced digits and a dash', '06 - 1 2 3 4 5 6 7 8', 'phone'],
	['phone digit by digit', '0 6 1 2 3 4 5 6 7 8', 'phone'],
	['phone in words with commas', 'nul zes, een twee, drie vier, vijf zes, zeven acht', 'phone'],
	['phone in digits and numbers', '06 twaalf 34 vijfenvijftig 78', 'phone'],
	['phone with O and I and dots', 'O6.I2.34.56.78', 'phone'],
	['phone with country code and a word', '+31 six 12345678', 'phone'],
	['phone told in a sentence', 'mijn nummer begint met 06 en dan 1234 5678', 'phone'],
	['e-mail with a spaced name', 'emma . jansen @ gmail . com', 'email'],
	['e-mail in capitals', 'emma AT gmail DOT com', 'email'],
	['e-mail without a domain', 'emma@gmail', 'email'],
	['e-mail with at and punt', 'emma at gmail punt com', 'email'],
	['e-mail in brackets with words', 'emma (apenstaartje) gmail (punt) com', 'email'],
	['e-mail with bij', 'emma bij gmail', 'email', 'miss'],
	['postcode with nr and a dot', '1234 ab nr. 5', 'address'],
	['postcode with a dash', '1234-AB 5', 'address'],
	['postcode, comma, nummer', '1234 AB, nummer 5', 'address'],
	['a street and a number', 'Hoofdstraat 1', 'address'],
	['lives on a road', 'ik woon aan de kerkweg 3', 'address'],
	['a lane and a town', 'mijn huis is op de Julianalaan 44 in Utrecht', 'address'],
	[
		'a street named Laan van',
		'Ik woon in Den Haag op de Laan van Meerdervoort 100',
		'address',
		'miss'
	],
	['a street with a letter', 'kerkstraat 12a', 'address'],
	['a street, number and town', 'Bezoek me: Dorpsstraat 5, Zwolle', 'address'],
	['threat in leetspeak', 'ik m44k j3 4f', 'threat'],
	['threat with the last word spaced', 'ik maak je a f', 'threat', 'miss'],
	['threat with you spaced', 'ik vermoord j o u', 'threat'],
	['slur in leetspeak', 'n3g3r', 'slur'],
	['slur stretched', 'nikkkker', 'slur'],
	['insult spaced', 'k l o o t z a k', 'insult'],
	['slur plural in leetspeak', 'hoer3n', 'slur']
];

/** Clean sentences pupils write in these lessons: nothing in them may be held. */
const clean: string[] = [
	// Islam, Judaism, being gay, groups in the Netherlands
	'Mijn nicht is moslim en ze draagt een hoofddoek, dat is haar eigen keuze',
	'Veel moslims in Nederland vieren het Suikerfeest met hun familie',
	'Joden werden in de Tweede Wereldoorlog vervolgd en vermoord',
	'Mijn buurman is joods en gaat op zaterdag naar de synagoge',
	'Ik vind dat homo’s gewoon moeten kunnen trouwen',
	'Mijn oom is homo en hij is gewoon mijn oom',
	'Het homohuwelijk is in 2001 in Nederland ingevoerd',
	'Marokkaanse Nederlanders worden vaker gediscrimineerd bij sollicitaties',
	'Turkse en Marokkaanse jongeren horen gewoon bij Nederland',
	'Vluchtelingen uit Syrië en Oekraïne hebben hier een nieuw leven',
	'Zwarte mensen worden soms anders behandeld door de politie',
	'Christenen, joden en moslims geloven allemaal in één god',
	'Je kunt niet zeggen dat alle moslims hetzelfde denken',
	'Antisemitisme is haat tegen joden en dat neemt weer toe',
	// Terrorism, attacks, the war, the news
	'De aanslag in Parijs was verschrikkelijk en veel mensen waren bang',
	'Terrorisme wil mensen bang maken en tegen elkaar opzetten',
	'Na de aanslag keken mensen anders naar moslims, dat is niet eerlijk',
	'In het nieuws zag ik beelden van de oorlog in Gaza',
	'De oorlog in Oekraïne begon in februari 2022',
	'Mijn opa vertelde over de bombardementen op Rotterdam in 1940',
	'In 1945 was de oorlog voorbij, dat is al 80 jaar geleden',
	'Hitler wilde alle joden vermoorden, dat noemen we de Holocaust',
	'De nazi’s brachten joden naar kampen zoals Auschwitz',
	'Een bom leggen is nooit een oplossing voor een probleem',
	'Hij werd opgepakt omdat hij een aanslag wilde plegen',
	'Ik schrok van het filmpje over de schietpartij in Amerika',
	// Illness and plain uses of words that are curses elsewhere
	'Mijn opa is overleden aan kanker',
	'Mijn oma heeft kanker gehad en is nu beter',
	'Kankeronderzoek is heel belangrijk',
	'Tyfus was vroeger een ziekte die veel mensen doodde',
	'Het was echt klote dat hij ziek werd',
	'Tijdens corona waren veel mensen eenzaam',
	// Democracy, rights, conspiracies, rumours, algorithms
	'In een rechtsstaat moet ook de regering zich aan de wet houden',
	'Ik denk dat stemmen wel zin heeft, ook als je partij niet wint',
	'Demonstreren mag, maar zonder geweld',
	'Een complotdenker is niet dom, iedereen kan erin meegaan',
	'Het gerucht over de bakker op de hoek klopte helemaal niet',
	'In de buurtapp was iedereen het eens en het klopte toch niet',
	'Het algoritme laat me steeds meer filmpjes zien waar ik boos van word',
	'Op TikTok zie je vaak maar één kant van het verhaal',
	'Rage bait is een filmpje dat je boos moet maken zodat je reageert',
	'Ik zou tegen mijn neef zeggen dat ik hem mis en met hem wil praten',
	'Als iemand wordt buitengesloten, ga ik naast hem staan',
	'Ik zou Tijn vragen of het goed met hem gaat',
	'Om erbij te horen moet je soms dingen doen die je niet wilt, dat vind ik lastig',
	'Je moet altijd kunnen zeggen wat je denkt, maar zonder iemand te kwetsen',
	'Ik weet niet waar je woont, maar ik zou je best willen helpen',
	// Numbers that are not personal data
	'In groep 8 hadden we ook een les over vooroordelen',
	'3 op de 10 jongeren zegt weleens iets online wat ze later niet menen',
	'Ongeveer 45 procent van de mensen stemde niet',
	'De les begint om 14.30 en duurt tot 15.20',
	'Ik ben 14 jaar en zit in 2 havo',
	'Er zaten 1000 km tussen hun land en Nederland',
	'In 2024 is 5 procent gestopt met TikTok',
	'Tussen 1940 en 1945 zijn 102000 joden uit Nederland vermoord',
	'Van de 30 leerlingen vonden 12 de stelling waar',
	'Het werd 3-1 en het stadion zat vol met 50000 mensen',
	'Op het schoolplein 3 keer per week ruzie is te veel',
	'De Tweede Kamer heeft 150 zetels',
	'We wonen 2 straten van elkaar, op 5 minuten fietsen',
	// English
	'My grandad died of kanker last year',
	'Many Muslims in Europe are treated unfairly after an attack',
	'Jewish people were murdered in the Holocaust',
	'My cousin is gay and that is completely fine',
	'Terrorists want us to hate each other',
	'The news only shows one side of the war',
	'In a big disagreement I do not always want to choose a side',
	'Social media make us angrier than we really are',
	'I would tell my friend to stop sending those memes',
	'About 3 out of 10 students never say anything in class',
	'Dirty black shoes are not allowed in the gym',
	'Ik laat het los, er is niets aan te doen',
	'Het is kut voor homo’s dat ze zo vaak worden uitgescholden',
	'Mijn vader zegt dat het vies is hoe joden soms worden behandeld',
	'In de oorlog werden 6 miljoen joden vermoord, dat mogen we nooit vergeten',
	'Een vriend van mij is Turk en een ander is Marokkaan',
	'De politie zei dat de dader een bom had willen leggen bij het station',
	'Ik hoorde op het journaal dat er 25 doden waren bij de aanslag',
	'Ik vind kanker een rotziekte, mijn tante is eraan overleden',
	// A second batch, written after the filter without tuning it to them.
	'In de Kalverstraat 3 winkels gingen dicht na de rellen',
	'Op het Malieveld stonden 2000 mensen te demonstreren',
	'De aanslag op de Coolsingel was in 2019',
	'Mijn opa woonde in de oorlog in de Jodenbreestraat',
	'De Dam is het plein waar 4 mei wordt herdacht',
	'Er kwamen 12 reacties op mijn filmpje in 2 uur',
	'We lazen artikel 1 van de Grondwet: iedereen wordt gelijk behandeld',
	'Ik vind het kanker irritant als mensen liegen',
	'Mijn moeder is Marokkaans en mijn vader is Nederlands',
	'Een homo kan net zo goed voetballen als iedereen',
	'Joodse scholen hebben beveiliging nodig, dat is triest',
	'De moslimgemeenschap hielp na de overstroming',
	'De nazi’s noemden joden ongedierte, dat is ontmenselijken',
	'Op 7 oktober 2023 begon een nieuwe oorlog',
	'Mijn tante heeft borstkanker en is nu aan het herstellen',
	'Ik woon in Utrecht en fiets 20 minuten naar school',
	'Mensen die zeggen dat ze allemaal dood moeten, zijn gevaarlijk',
	'Ik weet waar je hulp kan vinden',
	'The word kanker is used as a swear word a lot',
	'My mum is from Turkey and my dad from Morocco',
	'In 2015 kwamen veel vluchtelingen uit Syrië',
	'Bij mij in de klas zitten 28 leerlingen uit 9 landen',
	'Mijn telefoonnummer geef ik niet, dat is privé',
	'Op 0,5 procent na was het gelijk'
];

const heldRate = () =>
	disguised.filter(([, text, kind]) => kinds(text).includes(kind)).length / disguised.length;
const falseAlarmRate = () => clean.filter((text) => kinds(text).length > 0).length / clean.length;

describe('the filter against disguised forms', () => {
	describe.each(disguised)('%s: %j', (_, text, kind, miss) => {
		(miss ? it.fails : it)(`is held as ${kind}`, () => {
			expect(kinds(text)).toContain(kind);
		});
	});

	it('holds at least 90% of the disguised forms', () => {
		expect(disguised.length).toBeGreaterThanOrEqual(60);
		expect(heldRate()).toBeGreaterThanOrEqual(0.9);
	});
});

describe('the filter against clean pupil sentences', () => {
	it.each(clean)('lets %j through', (text) => {
		expect(filter.check(text)).toEqual([]);
	});

	it('flags at most 4% of the clean sentences', () => {
		expect(clean.length).toBeGreaterThanOrEqual(60);
		expect(falseAlarmRate()).toBeLessThanOrEqual(0.04);
	});
});
