// What a lesson never asks: a pupil to give themselves away. Two patterns a reader can find in
// the text: asking the class *who* chose, voted, switched or changed their mind (which undoes the
// tool's anonymity out loud), and promising that what is said stays in the class without the
// exception a teacher must keep (when someone's safety is at stake). Both are warnings: the words
// are the author's to weigh, and a sentence that forbids the question ('Vraag nooit wie …') is fine.

import type { LessonWarning } from './model.ts';

interface Sentence {
	text: string;
	line: number;
}

/** A verb (or 'anders') that turns 'wie …?' into a question about what a pupil chose. */
const choiceWords = [
	// Dutch
	'kozen',
	'koos',
	'kiest',
	'gekozen',
	'stemde',
	'stemden',
	'gestemd',
	'wisselde',
	'wisselden',
	'gewisseld',
	'veranderd',
	'veranderde',
	'veranderden',
	'anders',
	'aangevinkt',
	'aanvinkte',
	'gepast',
	'ingestuurd',
	'instuurde',
	// English
	'chose',
	'chosen',
	'choose',
	'picked',
	'voted',
	'switched',
	'changed',
	'differently',
	'ticked',
	'passed'
];
const asksWho = new RegExp(`\\b(wie|who)\\b[^.?!]*?\\b(${choiceWords.join('|')})\\b`, 'iu');

/** Words that make the sentence forbid or deny the question instead of asking it. */
const denial =
	/\b(niet|nooit|geen|niemand|zonder|never|not|don't|do not|nobody|no one|cannot|can't|no way|without)\b/iu;
/** Between 'wie' and the verb: 'Wie iets zegt, hoeft niet te zeggen wat hij koos.' */
const notNeeded =
	/\b(niemand|hoeft niet|hoeven niet|nobody|no one|doesn't have to|don't have to|need not|needn't)\b/iu;

// Secrecy as the lesson's own promise; not the word as a subject ('Geheimhouding is hoe werven werkt').
const secrecy =
	/\b(blijft (hier|in (de|deze|dit|het) (klas|groep|ruimte|lokaal|kring|zaal)|tussen ons|geheim)|vertellen we niet verder|(niet|nooit) (door|verder) ?vertellen|(beloof|beloven|belooft|garandeer|garanderen) (\w+ ){0,2}geheimhouding|(houd|houden|hou) (het |dit )?geheim|stays? (here|in (the|this) (class|classroom|room|group))|between us|keep (it |this )?secret|(promise|promises|guarantee) (\w+ ){0,2}secrecy)\b/iu;
const secrecyDenied = /\b(geen|niet beloven|beloof nooit|never promise|don't promise|do not promise|no)\s+(\w+\s+){0,2}$/iu;
// 'Tenzij …', or the exception as its own sentence: 'Maakt de docent zich zorgen over iemands
// veiligheid? Dan …'.
const exception =
	/\b(tenzij|behalve|uitzondering|alleen als|zorgen over|unless|except|only if|worried about|worries about)\b/iu;
const safety = /(veilig|gevaar|safe|danger|harm)/iu;

/** The lesson body cut into sentences, each with the file line it starts on. */
export function sentencesOf(body: string, firstLine = 1): Sentence[] {
	const sentences: Sentence[] = [];
	let current = '';
	let start = firstLine;
	const flush = () => {
		const text = current.replace(/\s+/g, ' ').trim();
		if (text !== '') sentences.push({ text, line: start });
		current = '';
	};
	body.split('\n').forEach((raw, index) => {
		const line = firstLine + index;
		const text = raw.trim();
		// Blank lines, block fences, headings and list items begin a new sentence.
		if (text === '' || /^:{3,}/.test(text)) return flush();
		if (/^(#{1,6}\s|[-*+]\s|\d+\.\s|\|)/.test(text)) flush();
		let rest = raw.trim();
		while (rest !== '') {
			if (current.trim() === '') start = line;
			const end = /[.?!…]+['’"”)]*(\s+|$)/u.exec(rest);
			if (!end) {
				current += `${rest} `;
				break;
			}
			current += rest.slice(0, end.index + end[0].length);
			flush();
			rest = rest.slice(end.index + end[0].length);
		}
	});
	flush();
	return sentences;
}

const fragmentOf = (text: string, at: number) => {
	const from = Math.max(0, at - 20);
	return `${from > 0 ? '…' : ''}${text.slice(from, at + 60).trim()}${at + 60 < text.length ? '…' : ''}`;
};

/** Sentences that ask who chose what, or promise secrecy without the safety exception. */
export function findSelfDisclosure(body: string, firstLine = 1): LessonWarning[] {
	const sentences = sentencesOf(body, firstLine);
	const warnings: LessonWarning[] = [];
	sentences.forEach((sentence, index) => {
		const who = asksWho.exec(sentence.text);
		// 'Vraag nooit wie …' forbids the question: a denial just before 'wie' excuses it.
		const denied =
			who !== null &&
			(denial.test(sentence.text.slice(Math.max(0, who.index - 40), who.index)) ||
				notNeeded.test(who[0]));
		if (who && !denied) {
			warnings.push({
				line: sentence.line,
				code: 'asks-who',
				params: { fragment: fragmentOf(sentence.text, who.index) }
			});
		}
		const promise = secrecy.exec(sentence.text);
		// 'Beloof geen geheimhouding' denies within the words that matched.
		const promised =
			promise !== null &&
			!secrecyDenied.test(sentence.text.slice(0, promise.index)) &&
			!/\b(geen|nooit|no|never)\b/iu.test(promise[0]);
		if (promised) {
			const around = `${sentence.text} ${sentences[index + 1]?.text ?? ''}`;
			if (!(exception.test(around) && safety.test(around))) {
				warnings.push({
					line: sentence.line,
					code: 'secrecy-promise',
					params: { fragment: fragmentOf(sentence.text, promise.index) }
				});
			}
		}
	});
	return warnings;
}
