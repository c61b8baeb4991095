// One short explanation per word of the lesson format, for the workshop's completions. The words
// themselves come from their owners (vocabulary.ts, blocks.ts, frontmatter.ts); these records are
// typed by them, so a new block type, attribute or field does not compile without its sentence.

import type { AttributeName } from '$lib/lessons/blocks';
import type { BlockType, LessonMeta } from '$lib/lessons/model';
import * as m from '$lib/paraglide/messages.js';

type Explain = () => string;

export const blockExplanations: Record<BlockType, Explain> = {
	poll: m.workshop_block_poll,
	stelling: m.workshop_block_stelling,
	positielijn: m.workshop_block_positielijn,
	thermometer: m.workshop_block_thermometer,
	woordwolk: m.workshop_block_woordwolk,
	'vier-hoeken': m.workshop_block_vier_hoeken,
	lagerhuis: m.workshop_block_lagerhuis,
	open: m.workshop_block_open,
	'stil-debat': m.workshop_block_stil_debat,
	vragenbus: m.workshop_block_vragenbus,
	casus: m.workshop_block_casus,
	'exit-ticket': m.workshop_block_exit_ticket,
	gespreksregels: m.workshop_block_gespreksregels,
	tweegesprek: m.workshop_block_tweegesprek,
	docent: m.workshop_block_docent,
	vervolgvragen: m.workshop_block_vervolgvragen
};

export const attributeExplanations: Record<AttributeName, Explain> = {
	reveal: m.workshop_attribute_reveal,
	pass: m.workshop_attribute_pass,
	min: m.workshop_attribute_min,
	compare: m.workshop_attribute_compare,
	multiple: m.workshop_attribute_multiple,
	reason: m.workshop_attribute_reason,
	'max-length': m.workshop_attribute_max_length,
	words: m.workshop_attribute_words,
	timer: m.workshop_attribute_timer,
	scale: m.workshop_attribute_scale,
	replies: m.workshop_attribute_replies,
	direct: m.workshop_attribute_direct,
	'think-time': m.workshop_attribute_think_time,
	agree: m.workshop_attribute_agree,
	from: m.workshop_attribute_from
};

export const fieldExplanations: Record<keyof LessonMeta, Explain> = {
	slug: m.workshop_field_slug,
	title: m.workshop_field_title,
	summary: m.workshop_field_summary,
	kind: m.workshop_field_kind,
	performance: m.workshop_field_performance,
	phase: m.workshop_field_phase,
	themes: m.workshop_field_themes,
	audience: m.workshop_field_audience,
	duration: m.workshop_field_duration,
	goals: m.workshop_field_goals,
	materials: m.workshop_field_materials,
	language: m.workshop_field_language,
	authors: m.workshop_field_authors,
	licence: m.workshop_field_licence,
	version: m.workshop_field_version,
	sensitivity: m.workshop_field_sensitivity,
	preparation: m.workshop_field_preparation,
	series: m.workshop_field_series,
	part: m.workshop_field_part
};
