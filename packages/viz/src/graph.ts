/**
 * The computation graph as a picture, as micrograd's `draw_dot` draws it: every
 * value a box with its data and gradient, every op a small oval between its
 * inputs and its output, laid out from the inputs on the left to the loss on the
 * right. Plain SVG text, no renderer needed.
 */
import type { Variable } from "@backprop/autograd";
import { formatValues, type Tensor } from "@backprop/tensor";

/** Options for {@link drawGraph}. */
export interface DrawGraphOptions {
	/** Names for variables (e.g. `new Map([[w, "w1"]])`); others show their own `name` or their shape. */
	labels?: ReadonlyMap<Variable, string>;
	/** Decimals shown (default 4). */
	precision?: number;
	/** A title drawn above the graph. */
	title?: string;
}

interface ValueBox {
	v: Variable;
	grad: Tensor | null;
	depth: number;
}

const CHAR = 7.25; // width of a 12px monospace character
const LINE = 16;
const PAD = 8;
const OP_W = 56;
const OP_H = 26;
const GAP_X = 40;
const GAP_Y = 18;

function escapeXml(s: string): string {
	return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function show(t: Tensor | null, precision: number): string {
	if (t === null) return "–";
	// One line: small tensors in full, larger ones with their edges.
	return formatValues(t, { precision, threshold: 8, edgeItems: 2, lineWidth: 10_000 }).replace(/\s*\n\s*/g, " ");
}

// Reverse-mode gradients of `root` for every variable in its graph, computed here
// (nothing is stored on the variables, and the graph is kept).
function gradients(order: readonly Variable[], root: Variable): Map<Variable, Tensor> {
	const grads = new Map<Variable, Tensor>();
	grads.set(root, root.value.mul(0).add(1));
	for (let i = order.length - 1; i >= 0; i--) {
		const v = order[i] as Variable;
		const g = grads.get(v);
		const node = v.node;
		if (!g || !node) continue;
		const inputGrads = node.backward(g);
		node.inputs.forEach((input, k) => {
			const ig = inputGrads[k];
			if (!ig || !input.requiresGrad) return;
			const previous = grads.get(input);
			grads.set(input, previous ? previous.add(ig) : ig);
		});
	}
	return grads;
}

/**
 * An SVG picture of the graph that computed `root` (typically a loss): each
 * variable's data and its gradient d root / d variable (computed for the picture,
 * leaving every `.grad` and the graph as they are), each op's name. Draw it before
 * `backward()` releases the graph. Throws an Error when the graph was released.
 */
export function drawGraph(root: Variable, options: DrawGraphOptions = {}): string {
	const precision = options.precision ?? 4;
	// Topological order (inputs before outputs), iteratively so deep graphs do not overflow the stack.
	const order: Variable[] = [];
	const seen = new Set<Variable>();
	const stack: Array<[Variable, boolean]> = [[root, false]];
	while (stack.length > 0) {
		const [v, expanded] = stack.pop() as [Variable, boolean];
		if (expanded) {
			order.push(v);
			continue;
		}
		if (seen.has(v)) continue;
		seen.add(v);
		if (v.node?.released) {
			throw new Error(
				`drawGraph: the graph through '${v.node.op}' was released by backward(); draw it before backward(), or call backward(undefined, { retainGraph: true })`,
			);
		}
		stack.push([v, true]);
		for (const input of v.node?.inputs ?? []) if (!seen.has(input)) stack.push([input, false]);
	}
	const grads = root.requiresGrad ? gradients(order, root) : new Map<Variable, Tensor>();
	const boxes = new Map<Variable, ValueBox>();
	for (const v of order) {
		const depth = Math.max(0, ...(v.node?.inputs ?? []).map((i) => (boxes.get(i)?.depth ?? 0) + 1));
		boxes.set(v, { v, grad: grads.get(v) ?? null, depth });
	}
	// Leaves (inputs, weights, constants) move right, next to their first use.
	for (const v of order) {
		const box = boxes.get(v) as ValueBox;
		if (v.node === null) {
			const uses = order.filter((u) => u.node?.inputs.includes(v)).map((u) => (boxes.get(u) as ValueBox).depth - 1);
			if (uses.length > 0) box.depth = Math.min(...uses);
		}
	}

	const label = (v: Variable) =>
		options.labels?.get(v) ?? v.name ?? (v.rank === 0 ? "scalar" : `[${v.shape.join("×")}]`);
	const lines = (b: ValueBox) => [label(b.v), `data ${show(b.v.value, precision)}`, `grad ${show(b.grad, precision)}`];
	const columns: ValueBox[][] = [];
	for (const b of boxes.values()) {
		const column = columns[b.depth] ?? [];
		column.push(b);
		columns[b.depth] = column;
	}
	const widthOf = (b: ValueBox) => Math.round(Math.max(...lines(b).map((l) => l.length)) * CHAR + 2 * PAD);
	const boxH = 3 * LINE + PAD;
	const columnWidth = columns.map((col) => Math.max(...col.map(widthOf)));
	const top = options.title ? 34 : 12;
	// x of each value column: an op column (OP_W) sits before every column but the first.
	const xs: number[] = [];
	let x = 12;
	columns.forEach((_, d) => {
		if (d > 0) x += GAP_X + OP_W + GAP_X;
		xs[d] = x;
		x += columnWidth[d];
	});
	const width = x + 12;
	const height = top + Math.max(...columns.map((c) => c.length)) * (boxH + GAP_Y) + 12;
	const place = new Map<Variable, { x: number; y: number; w: number }>();
	columns.forEach((col, d) => {
		col.forEach((b, k) => {
			place.set(b.v, { x: xs[d], y: top + k * (boxH + GAP_Y), w: widthOf(b) });
		});
	});

	const out: string[] = [];
	out.push(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="12">`,
		`<rect width="100%" height="100%" fill="white"/>`,
	);
	if (options.title)
		out.push(`<text x="12" y="22" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`);
	for (const b of boxes.values()) {
		const p = place.get(b.v) as { x: number; y: number; w: number };
		const node = b.v.node;
		if (node) {
			// The op's oval sits left of its output box; edges run from each input to the oval, then to the box.
			const ox = p.x - GAP_X - OP_W;
			const oy = p.y + boxH / 2;
			out.push(
				`<ellipse cx="${ox + OP_W / 2}" cy="${oy}" rx="${OP_W / 2}" ry="${OP_H / 2}" fill="#fff4e0" stroke="#b07020"/>`,
				`<text x="${ox + OP_W / 2}" y="${oy + 4}" text-anchor="middle">${escapeXml(node.op)}</text>`,
				`<path d="M${ox + OP_W} ${oy} L${p.x} ${oy}" stroke="#555" fill="none" marker-end="url(#arrow)"/>`,
			);
			for (const input of node.inputs) {
				const q = place.get(input) as { x: number; y: number; w: number };
				const sx = q.x + q.w;
				const sy = q.y + boxH / 2;
				const mx = (sx + ox) / 2;
				out.push(
					`<path d="M${sx} ${sy} C${mx} ${sy}, ${mx} ${oy}, ${ox} ${oy}" stroke="#555" fill="none" marker-end="url(#arrow)"/>`,
				);
			}
		}
		const leaf = node === null;
		out.push(
			`<rect x="${p.x}" y="${p.y}" width="${p.w}" height="${boxH}" rx="4" fill="${leaf ? (b.v.requiresGrad ? "#e8f0ff" : "#f2f2f2") : "#ffffff"}" stroke="#3060a0"/>`,
		);
		lines(b).forEach((text, i) => {
			const weight = i === 0 ? ' font-weight="bold"' : "";
			out.push(`<text x="${p.x + PAD}" y="${p.y + PAD + (i + 1) * LINE - 4}"${weight}>${escapeXml(text)}</text>`);
		});
	}
	out.splice(
		2,
		0,
		`<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#555"/></marker></defs>`,
	);
	out.push("</svg>");
	return `${out.join("\n")}\n`;
}
