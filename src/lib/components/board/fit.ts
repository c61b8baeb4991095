// Shrinks a board region's type until its content fits, so a long prompt never pushes the
// board into scrolling; the slide's own size stays fixed. The board's sizes are written as
// max(var(--board-floor), …), so the fit shrinks type only down to the floor the back row reads
// (tokens.css): what still does not fit is paged (Paged.svelte), not made smaller.

const smallest = 0.55;
const step = 0.05;

function fitOnce(node: HTMLElement) {
	let scale = 1;
	node.style.setProperty('--fit', '1');
	while (node.scrollHeight > node.clientHeight + 1 && scale > smallest) {
		scale = Math.max(smallest, scale - step);
		node.style.setProperty('--fit', String(scale));
	}
}

/** A Svelte attachment: `{@attach fitContent}` on an element of fixed height using `--fit`. */
export function fitContent(node: HTMLElement) {
	let frame = 0;
	const schedule = () => {
		cancelAnimationFrame(frame);
		frame = requestAnimationFrame(() => fitOnce(node));
	};
	fitOnce(node);
	const mutations = new MutationObserver(schedule);
	mutations.observe(node, { childList: true, subtree: true, characterData: true });
	const resizes = new ResizeObserver(schedule);
	resizes.observe(node);
	return () => {
		cancelAnimationFrame(frame);
		mutations.disconnect();
		resizes.disconnect();
	};
}
