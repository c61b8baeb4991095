// Labels for the lesson format's closed word lists, through the i18n messages.

import type { BlockType } from '$lib/lessons/model';
import type {
	Audience,
	Language,
	LessonKind,
	Sensitivity,
	TheatrePhase,
	Theme
} from '$lib/lessons/vocabulary';
import * as m from '$lib/paraglide/messages.js';

type Labels<T extends string> = Record<T, () => string>;

const themeLabels: Labels<Theme> = {
	polarisatie: m.theme_polarisatie,
	radicalisering: m.theme_radicalisering,
	extremisme: m.theme_extremisme,
	democratie: m.theme_democratie,
	rechtsstaat: m.theme_rechtsstaat,
	'vrijheid-van-meningsuiting': m.theme_vrijheid_van_meningsuiting,
	identiteit: m.theme_identiteit,
	discriminatie: m.theme_discriminatie,
	complotdenken: m.theme_complotdenken,
	'online-veiligheid': m.theme_online_veiligheid,
	weerbaarheid: m.theme_weerbaarheid,
	signaleren: m.theme_signaleren
};

const audienceLabels: Labels<Audience> = {
	'po-groep-7-8': m.audience_po_groep_7_8,
	'vo-onderbouw': m.audience_vo_onderbouw,
	'vo-bovenbouw': m.audience_vo_bovenbouw,
	mbo: m.audience_mbo,
	professionals: m.audience_professionals
};

const kindLabels: Labels<LessonKind> = {
	lesson: m.kind_lesson,
	'theatre-followup': m.kind_theatre_followup
};

const phaseLabels: Labels<TheatrePhase> = {
	voorbereiding: m.phase_voorbereiding,
	nagesprek: m.phase_nagesprek,
	verwerking: m.phase_verwerking
};

const sensitivityLabels: Labels<Sensitivity> = {
	low: m.sensitivity_low,
	medium: m.sensitivity_medium,
	high: m.sensitivity_high
};

const languageLabels: Labels<Language> = { nl: m.language_nl, en: m.language_en };

const blockLabels: Labels<BlockType> = {
	poll: m.block_poll,
	stelling: m.block_stelling,
	positielijn: m.block_positielijn,
	thermometer: m.block_thermometer,
	woordwolk: m.block_woordwolk,
	'vier-hoeken': m.block_vier_hoeken,
	lagerhuis: m.block_lagerhuis,
	open: m.block_open,
	'stil-debat': m.block_stil_debat,
	vragenbus: m.block_vragenbus,
	casus: m.block_casus,
	'exit-ticket': m.block_exit_ticket,
	gespreksregels: m.block_gespreksregels,
	docent: m.note_docent,
	vervolgvragen: m.note_vervolgvragen
};

export const themeLabel = (theme: Theme) => themeLabels[theme]();
export const audienceLabel = (audience: Audience) => audienceLabels[audience]();
export const kindLabel = (kind: LessonKind) => kindLabels[kind]();
export const phaseLabel = (phase: TheatrePhase) => phaseLabels[phase]();
export const sensitivityLabel = (sensitivity: Sensitivity) => sensitivityLabels[sensitivity]();
export const languageLabel = (language: Language) => languageLabels[language]();
export const blockLabel = (type: BlockType) => blockLabels[type]();
