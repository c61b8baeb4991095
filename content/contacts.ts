// Every organisation, phone number and website the sample lessons and the teacher guide name, and
// every law and rule they state, with the official page it was checked against and when. One
// owner: a test (tests/unit/lessons/contacts.test.ts) fails when a lesson or the guide names a
// phone number or website that is not here, or shows another 'laatst gecontroleerd' date than
// the one here. Check again when a date is a year old, and change the date in the lessons with it.

export interface CheckedContact {
	name: string;
	/** Who it is for and about what, in a few words: what a lesson may promise of it. */
	purpose: string;
	/** Phone numbers as the lessons write them. */
	phones: string[];
	/** Websites as the lessons write them, without https:// or www. */
	websites: string[];
	/** The official pages the details were checked against. */
	sources: string[];
	/** The day of the last check (ISO). */
	checked: string;
	/** How the check went: what could be confirmed where, and what still needs a look. */
	note: string;
}

export interface CheckedRule {
	/** The rule as the lessons use it. */
	rule: string;
	/** Where the lessons rely on it. */
	usedIn: string[];
	sources: string[];
	checked: string;
	note: string;
}

/** The day the list below was last gone through. */
export const lastChecked = '2026-12-07';

export const contacts: CheckedContact[] = [
	{
		name: 'Alarmnummer 112',
		purpose: 'Acuut gevaar: politie, brandweer, ambulance.',
		phones: ['112'],
		websites: [],
		sources: ['https://www.rijksoverheid.nl/onderwerpen/alarmnummer-112'],
		checked: lastChecked,
		note: 'The national emergency number; not looked up again with the search tool.'
	},
	{
		name: 'Landelijk Steunpunt Extremisme (LSE)',
		purpose:
			'Advies bij zorgen over radicalisering en extremisme, ook anoniem, voor burgers, ouders, familie en professionals; begeleiding van wie radicaliseert en van hun familie.',
		phones: ['088 20 80 080'],
		websites: ['landelijksteunpuntextremisme.nl'],
		sources: [
			'https://www.rijksoverheid.nl/onderwerpen/terrorismebestrijding/vraag-en-antwoord/hulp-bij-radicalisering',
			'https://www.landelijksteunpuntextremisme.nl/dienstverlening/consultatie-en-advies'
		],
		checked: lastChecked,
		note: 'Number and e-mail (info@hetlse.nl) confirmed on rijksoverheid.nl; anonymous advice for professionals and for people in their private life (parents, family, neighbours) confirmed on the LSE site.'
	},
	{
		name: 'Meld Misdaad Anoniem (M.), ook voor extremisme',
		purpose:
			'Anoniem informatie geven over een misdrijf of de voorbereiding ervan, ook extremistisch. Niet voor zorgen, vragen of spoed.',
		phones: ['0800-7000'],
		websites: ['meldmisdaadanoniem.nl'],
		sources: [
			'https://www.politie.nl/themas/meld-misdaad-anoniem.html',
			'https://www.meldmisdaadanoniem.nl/campagnes/extremisme/'
		],
		checked: lastChecked,
		note: "Number confirmed on politie.nl; M.'s own page on extremism says a report must always concern a criminal offence or its preparation, and refers callers with a worry elsewhere."
	},
	{
		name: 'Vertrouwensinspecteurs van de Inspectie van het Onderwijs',
		purpose:
			'Advies bij seksuele intimidatie, ernstig psychisch of fysiek geweld, discriminatie en radicalisering in of rond de school; voor leerlingen, ouders, personeel en schoolleiding. Werkdagen, kantoortijd.',
		phones: ['0900-111 3 111'],
		websites: [],
		sources: [
			'https://www.onderwijsinspectie.nl/documenten/vragen-en-antwoorden/bij-wie-kan-ik-terecht-met-een-vraag-over-een-ongewenste-situatie-op-een-instelling',
			'https://www.rijksoverheid.nl/onderwerpen/terrorismebestrijding/vraag-en-antwoord/hulp-bij-radicalisering'
		],
		checked: lastChecked,
		note: "Number confirmed on rijksoverheid.nl (0900-1113111); the inspectorate's own page confirms the topics, its excerpt did not show the number."
	},
	{
		name: 'De Kindertelefoon',
		purpose: 'Kinderen en jongeren van 8 tot 18 jaar: gratis en anoniem bellen of chatten.',
		phones: ['0800-0432'],
		websites: ['kindertelefoon.nl'],
		sources: ['https://www.kindertelefoon.nl'],
		checked: lastChecked,
		note: 'Number and ages confirmed only on a secondary page (vriendenkindertelefoon.nl); look at kindertelefoon.nl itself at the next check.'
	},
	{
		name: '113 Zelfmoordpreventie',
		purpose:
			'Wie aan zelfdoding denkt, of zich zorgen maakt om iemand: gratis en anoniem, dag en nacht.',
		phones: ['113', '0800-0113'],
		websites: ['113.nl'],
		sources: ['https://www.113.nl'],
		checked: lastChecked,
		note: 'Both numbers confirmed in news reports (2020: 113 in use; October 2025, ANP: 113 free of charge); not on 113.nl itself. Not named in the lessons; deployments list it in HELP_LINES.'
	},
	{
		name: 'Stichting School en Veiligheid',
		purpose:
			'Kennis en advies voor scholen over sociale veiligheid, ook over polarisatie en radicalisering.',
		phones: [],
		websites: ['schoolenveiligheid.nl'],
		sources: ['https://www.schoolenveiligheid.nl'],
		checked: lastChecked,
		note: 'Website only; no phone number is named, so none needs checking.'
	}
];

export const rules: CheckedRule[] = [
	{
		rule: 'Telefoons zijn sinds 2024 niet in de klas, tenzij de les ze nodig heeft (vo sinds 1 januari 2024, po en gespecialiseerd onderwijs sinds schooljaar 2024-2025); een afspraak met de sector, geen wet. Scholen mogen strenger zijn.',
		usedIn: ['every lesson (materials)', 'content/guide.*.md'],
		sources: [
			'https://www.rijksoverheid.nl/onderwerpen/smartphones-op-school',
			'https://app.1848.nl/document/tkapi/18642'
		],
		checked: lastChecked,
		note: 'Dates and the "nee, tenzij" wording confirmed in news reports of 2023-2024 quoting the ministry.'
	},
	{
		rule: 'Doxing (persoonsgegevens verspreiden om iemand bang te maken) is strafbaar sinds 1 januari 2024, artikel 285d Wetboek van Strafrecht.',
		usedIn: ['the processing lesson of Wij tegen De Rest'],
		sources: ['https://wetten.overheid.nl/BWBR0001854'],
		checked: lastChecked,
		note: 'Article and date confirmed in legal commentary and the OM; the text of art. 285d quoted by zakboekenpolitie.com.'
	},
	{
		rule: 'Grondwet artikel 1 (gelijke behandeling), 6 (godsdienst en levensovertuiging), 7 (meningsuiting, geen censuur vooraf), 9 (vergadering en betoging), 120 (geen toetsing van wetten aan de Grondwet); wijziging in twee lezingen, de tweede met twee derde meerderheid.',
		usedIn: [
			'democratie-en-de-rechtsstaat.md',
			'vrijheid-van-meningsuiting.md',
			'wij-en-zij-vooroordelen.md',
			'signalen-herkennen-en-bespreken.md'
		],
		sources: ['https://wetten.overheid.nl/BWBR0001840'],
		checked: lastChecked,
		note: 'Not looked up with the search tool; check against wetten.overheid.nl at the next check.'
	},
	{
		rule: 'Wetboek van Strafrecht: opruiing (131), groepsbelediging (137c), aanzetten tot haat, discriminatie of geweld (137d), smaad en laster (261, 262), belediging (266), bedreiging (285); smalende godslastering (147) is sinds 1 januari 2014 niet meer strafbaar.',
		usedIn: ['vrijheid-van-meningsuiting.md'],
		sources: ['https://wetten.overheid.nl/BWBR0001854'],
		checked: lastChecked,
		note: 'Not looked up with the search tool; check against wetten.overheid.nl at the next check.'
	},
	{
		rule: 'EVRM artikel 10: ook uitingen die kwetsen, schokken of verontrusten zijn beschermd; beperkingen bij wet en nodig in een democratische samenleving.',
		usedIn: ['vrijheid-van-meningsuiting.md'],
		sources: ['https://www.echr.coe.int/documents/d/echr/convention_nld'],
		checked: lastChecked,
		note: 'Not looked up with the search tool.'
	},
	{
		rule: 'Digital Services Act artikel 38: de grootste platforms bieden sinds 2023 ten minste één aanbevelingssysteem dat niet op profilering berust.',
		usedIn: ['online-beinvloeding-en-algoritmes.md'],
		sources: ['https://eur-lex.europa.eu/eli/reg/2022/2065/oj'],
		checked: lastChecked,
		note: 'Not looked up with the search tool.'
	},
	{
		rule: 'Burgerinitiatief: met 40.000 handtekeningen op de agenda van de Tweede Kamer; kiesrecht gemeenteraad voor EU-burgers, en voor anderen na vijf jaar legaal verblijf.',
		usedIn: ['democratie-en-de-rechtsstaat.md'],
		sources: [
			'https://www.tweedekamer.nl/kamerleden_en_commissies/commissies/burgerinitiatieven',
			'https://wetten.overheid.nl/BWBR0004627'
		],
		checked: lastChecked,
		note: 'Not looked up with the search tool.'
	}
];

/** Only the digits of a phone number, the way a number is compared: `0900-111 3 111` → `09001113111`. */
export const phoneDigits = (phone: string): string => phone.replace(/\D/g, '');
