/**
 * A small XML well-formedness check for the SVG documents the plots produce: one
 * `<svg>` root, every tag closed in order, attributes quoted, no stray `<` or `&`.
 * (No XML parser is installed; this checks the structure that matters here.)
 */
export interface SvgCheck {
	/** Elements seen, by name. */
	counts: Record<string, number>;
	/** The root's width and height attributes, as numbers. */
	width: number;
	height: number;
}

const TOKEN =
	/<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|[^<]+|</g;
const ENTITY = /&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);/g;

/** Throws an Error describing the first problem; returns element counts and the root size. */
export function checkSvg(text: string): SvgCheck {
	const trimmed = text.trim();
	if (!trimmed.startsWith("<svg")) throw new Error(`does not start with <svg: ${trimmed.slice(0, 40)}`);
	const stack: string[] = [];
	const counts: Record<string, number> = {};
	let rootAttrs = "";
	let rootsClosed = 0;
	for (const m of trimmed.matchAll(TOKEN)) {
		const token = m[0];
		if (token === "<") throw new Error(`stray "<" at ${m.index}: ${trimmed.slice(m.index, m.index + 40)}`);
		if (token.startsWith("<!--") || token.startsWith("<?")) continue;
		const name = m[2];
		if (name === undefined) {
			// Text: every & must start an entity.
			if (token.replace(ENTITY, "").includes("&")) throw new Error(`bare & in text: ${token.slice(0, 40)}`);
			if (stack.length === 0 && token.trim() !== "") throw new Error(`text outside the root: ${token.slice(0, 40)}`);
			continue;
		}
		if ((m[3] ?? "").replace(ENTITY, "").includes("&")) throw new Error(`bare & in attributes of <${name}>`);
		if (m[1] === "/") {
			const open = stack.pop();
			if (open !== name) throw new Error(`</${name}> closes <${open ?? "nothing"}>`);
			if (stack.length === 0) rootsClosed++;
			continue;
		}
		if (stack.length === 0) {
			if (rootsClosed > 0 || name !== "svg") throw new Error(`second root element <${name}>`);
			rootAttrs = m[3] ?? "";
		}
		counts[name] = (counts[name] ?? 0) + 1;
		if (m[4] !== "/") stack.push(name);
		else if (stack.length === 0) rootsClosed++;
	}
	if (stack.length > 0) throw new Error(`unclosed <${stack.join("> <")}>`);
	if (rootsClosed !== 1) throw new Error("no <svg> root element");
	const attr = (k: string) => Number(new RegExp(`\\s${k}="([\\d.]+)"`).exec(rootAttrs)?.[1]);
	return { counts, width: attr("width"), height: attr("height") };
}
