// A block's prompt as plain text, for labels, headings and notes. The prompt is sanitised HTML
// (parsed from the lesson), and a teacher should never read its markup.

const entities: Record<string, string> = {
	'&lt;': '<',
	'&gt;': '>',
	'&quot;': '"',
	'&#39;': "'",
	'&#039;': "'",
	'&nbsp;': ' ',
	'&amp;': '&'
};

/** The prompt's text on one line, without tags or entities. */
export function promptText(html: string): string {
	return html
		.replace(/<[^>]*>/g, ' ')
		.replace(/&(?:lt|gt|quot|#0*39|nbsp|amp);/g, (entity) => entities[entity] ?? "'")
		.replace(/\s+/g, ' ')
		.trim();
}

/** The prompt's text, cut at a word with an ellipsis when longer than `length` characters. */
export function shortPromptText(html: string, length = 48): string {
	return shortened(promptText(html), length);
}

/** Plain text cut at a word with an ellipsis when longer than `length` characters. */
export function shortened(text: string, length: number): string {
	if (text.length <= length) return text;
	const cut = text.slice(0, length - 1);
	const atWord = cut.lastIndexOf(' ');
	return `${(atWord > length / 2 ? cut.slice(0, atWord) : cut).replace(/[\s·,;:]+$/, '')}…`;
}
