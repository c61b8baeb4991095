// A tweegesprek group's sign in words: its colour and shape by name, so that it is never told by
// colour alone, and a screen reader says it as the eye sees it.

import type { PairSign, SignColour, SignShape } from '$lib/pair-signs';
import * as m from '$lib/paraglide/messages.js';

const colours: Record<SignColour, () => string> = {
	blauw: m.sign_colour_blauw,
	oranje: m.sign_colour_oranje,
	groen: m.sign_colour_groen,
	paars: m.sign_colour_paars,
	geel: m.sign_colour_geel,
	rood: m.sign_colour_rood,
	turkoois: m.sign_colour_turkoois,
	roze: m.sign_colour_roze
};

const shapes: Record<SignShape, () => string> = {
	cirkel: m.sign_shape_cirkel,
	vierkant: m.sign_shape_vierkant,
	driehoek: m.sign_shape_driehoek,
	ster: m.sign_shape_ster,
	ruit: m.sign_shape_ruit
};

export const colourName = (colour: SignColour) => colours[colour]();
export const shapeName = (shape: SignShape) => shapes[shape]();

/** 'Blauw · cirkel · 7': what a pupil calls out, or looks for on another's phone. */
export const signText = (sign: PairSign) =>
	m.sign_text({
		colour: colourName(sign.colour),
		shape: shapeName(sign.shape),
		number: sign.number
	});
