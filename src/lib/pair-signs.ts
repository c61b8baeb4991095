// The sign by which the pupils of one tweegesprek group find each other across the room: a
// number, a colour and a shape, so that it reads from afar and never by colour alone. Shared by
// the server (which hands a group its sign) and the phone and board (which draw it).

export const signColours = [
	'blauw',
	'oranje',
	'groen',
	'paars',
	'geel',
	'rood',
	'turkoois',
	'roze'
] as const;
export type SignColour = (typeof signColours)[number];

/** Five shapes beside eight colours: the pair (colour, shape) repeats only after 40 groups. */
export const signShapes = ['cirkel', 'vierkant', 'driehoek', 'ster', 'ruit'] as const;
export type SignShape = (typeof signShapes)[number];

export interface PairSign {
	/** 1 for the first group: unique in the round, the number pupils call out. */
	number: number;
	colour: SignColour;
	shape: SignShape;
}

/** The sign of the group at `index` (0-based) of a round. */
export function signOf(index: number): PairSign {
	return {
		number: index + 1,
		colour: signColours[index % signColours.length],
		shape: signShapes[index % signShapes.length]
	};
}
