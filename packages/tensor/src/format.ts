/**
 * Printing tensors as NumPy prints arrays: one format shared by all elements
 * (integers as `1.`, fixed point with up to `precision` decimals, or scientific
 * notation when magnitudes are far apart), nested brackets aligned, rows wrapped
 * at `lineWidth`, and large tensors summarized with `...` around their edges.
 */
import { formatShape } from "./errors";
import type { Tensor } from "./tensor";

/** Options for {@link formatTensor} (NumPy's `set_printoptions` names and defaults). */
export interface FormatOptions {
	/** Decimals at most (default 4; NumPy's 8 is wide for a terminal). */
	precision?: number;
	/** Tensors with more elements than this are summarized (default 1000, NumPy's). */
	threshold?: number;
	/** Elements shown at each end of a summarized dimension (default 3, NumPy's). */
	edgeItems?: number;
	/** Characters per line before a row wraps (default 75, NumPy's). */
	lineWidth?: number;
}

// Picks one formatter for all the shown elements, as NumPy's FloatingFormat does.
function elementFormatter(values: number[], precision: number): (v: number) => string {
	const finite = values.filter(Number.isFinite);
	const special = (v: number) => (Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
	const abs = finite.map(Math.abs).filter((v) => v > 0);
	const max = abs.length ? Math.max(...abs) : 0;
	const min = abs.length ? Math.min(...abs) : 0;
	if (finite.every(Number.isInteger) && max < 1e8) {
		return (v) => (Number.isFinite(v) ? `${Object.is(v, -0) ? "-0" : v.toFixed(0)}.` : special(v));
	}
	if (max >= 1e8 || (min > 0 && min < 10 ** -precision) || (min > 0 && max / min > 1e3)) {
		return (v) => {
			if (!Number.isFinite(v)) return special(v);
			const [mantissa, exponent] = v.toExponential(precision).split("e") as [string, string];
			const sign = exponent.startsWith("-") ? "-" : "+";
			return `${mantissa}e${sign}${exponent.replace(/^[+-]/, "").padStart(2, "0")}`;
		};
	}
	// Fixed point: as many decimals as the most precise element needs, up to `precision`.
	const decimals = Math.max(
		1,
		...finite.map((v) => {
			const text = v.toFixed(precision).replace(/0+$/, "");
			return text.length - text.indexOf(".") - 1;
		}),
	);
	return (v) => (Number.isFinite(v) ? v.toFixed(decimals) : special(v));
}

/**
 * The tensor's elements as NumPy prints an array's (`[[1., 2.],\n [3., 4.]]`),
 * without the `tensor(...)` around them. `indent` is the width of what precedes
 * the first bracket on its line, so continuation lines align under it.
 */
export function formatValues(t: Tensor, options: FormatOptions = {}, indent = 0): string {
	const precision = options.precision ?? 4;
	const edge = options.edgeItems ?? 3;
	const summarize = t.size > (options.threshold ?? 1000);
	const lineWidth = options.lineWidth ?? 75;
	const data = t.dataSync();
	const shape = t.shape;
	if (t.rank === 0) return elementFormatter([data[0]], precision)(data[0]);
	// The indices shown along each dimension; -1 marks the `...` of a summarized one.
	const shown = shape.map((n) =>
		summarize && n > 2 * edge
			? [...Array.from({ length: edge }, (_, i) => i), -1, ...Array.from({ length: edge }, (_, i) => n - edge + i)]
			: Array.from({ length: n }, (_, i) => i),
	);
	const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
	const visible: number[] = [];
	const collect = (dim: number, offset: number) => {
		for (const i of shown[dim] as number[]) {
			if (i < 0) continue;
			const at = offset + i * strides[dim];
			if (dim === shape.length - 1) visible.push(data[at]);
			else collect(dim + 1, at);
		}
	};
	collect(0, 0);
	const format = elementFormatter(visible, precision);
	const width = Math.max(...visible.map((v) => format(v).length));
	const cell = (v: number) => format(v).padStart(width);
	const render = (dim: number, offset: number, column: number): string => {
		const inner = column + 1;
		if (dim === shape.length - 1) {
			const items = (shown[dim] as number[]).map((i) => (i < 0 ? "..." : cell(data[offset + i * strides[dim]])));
			// Wrap the row at lineWidth, continuation lines under the first element.
			const lines: string[] = [];
			let line = "";
			for (const [k, item] of items.entries()) {
				const piece = k < items.length - 1 ? `${item},` : item;
				if (line && inner + line.length + 1 + piece.length + 1 > lineWidth) {
					lines.push(line);
					line = piece;
				} else line = line ? `${line} ${piece}` : piece;
			}
			lines.push(line);
			return `[${lines.join(`\n${" ".repeat(inner)}`)}]`;
		}
		const blankLines = "\n".repeat(Math.max(1, shape.length - dim - 1));
		const parts = (shown[dim] as number[]).map((i) =>
			i < 0 ? "..." : render(dim + 1, offset + i * strides[dim], inner),
		);
		return `[${parts.join(`,${blankLines}${" ".repeat(inner)}`)}]`;
	};
	return render(0, 0, indent);
}

/**
 * A tensor as NumPy's repr shows an array, with its dtype and shape:
 * `tensor([[1., 2.],\n        [3., 4.]], dtype=float64, shape=[2,2])`. Tensors of more
 * than `threshold` elements show `edgeItems` at each end of every dimension.
 */
export function formatTensor(t: Tensor, options: FormatOptions = {}): string {
	const head = "tensor(";
	return `${head}${formatValues(t, options, head.length)}, dtype=${t.dtype}, shape=${formatShape(t.shape)})`;
}
