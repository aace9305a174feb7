/**
 * Reductions over any set of axes. The tensor is viewed with the reduced axes
 * last (a transpose, copied dense only if needed), so each output element
 * reduces one contiguous run; reducing leading axes of dense data skips even that.
 */
import { allocate, type TypedArray } from "../dtype";
import { formatShape, ShapeError } from "../errors";
import { normalizeAxes, normalizeAxis, sizeOf } from "../shape";
import { type Axis, Tensor } from "../tensor";
import { checkTensor } from "./operand";

type Reducer = "sum" | "max" | "min";

function outShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
	const out: number[] = [];
	for (let i = 0; i < shape.length; i++) {
		if (!axes.includes(i)) out.push(shape[i] as number);
		else if (keepDims) out.push(1);
	}
	return out;
}

function reduce(op: string, kind: Reducer, x: Tensor, axis: Axis | undefined, keepDims: boolean): Tensor {
	checkTensor(x, op);
	const axes = normalizeAxes(axis, x.rank, op);
	const shape = outShape(x.shape, axes, keepDims);
	const inner = sizeOf(axes.map((a) => x.shape[a] as number));
	const outer = x.size === 0 ? sizeOf(shape) : x.size / inner;
	if (inner === 0 && kind !== "sum" && outer > 0) {
		throw new ShapeError(`${op}: cannot reduce an empty axis of shape ${formatShape(x.shape)}`);
	}
	const out = allocate(x.dtype, outer);
	const leading = axes.every((a, i) => a === i);
	if (leading && x.isDense()) {
		reduceLeading(kind, x.array.data, inner, outer, out);
	} else {
		const kept = Array.from({ length: x.rank }, (_, i) => i).filter((i) => !axes.includes(i));
		const data = x.transpose([...kept, ...axes]).values();
		reduceTrailing(kind, data, inner, outer, out);
	}
	return Tensor.fromTypedArray(out, shape);
}

// data is [outer, inner] row-major; out[o] = reduce(data[o, :]).
function reduceTrailing(kind: Reducer, data: TypedArray, inner: number, outer: number, out: TypedArray): void {
	for (let o = 0; o < outer; o++) {
		const base = o * inner;
		if (kind === "sum") {
			let s = 0;
			for (let i = 0; i < inner; i++) s += data[base + i] as number;
			out[o] = s;
		} else {
			out[o] = extreme(kind, data, base, inner, 1);
		}
	}
}

// data is [inner, outer] row-major (the reduced axes lead); out[o] = reduce(data[:, o]).
function reduceLeading(kind: Reducer, data: TypedArray, inner: number, outer: number, out: TypedArray): void {
	if (kind === "sum") {
		for (let i = 0; i < inner; i++) {
			const base = i * outer;
			for (let o = 0; o < outer; o++) out[o] = (out[o] as number) + (data[base + o] as number);
		}
		return;
	}
	for (let o = 0; o < outer; o++) out[o] = extreme(kind, data, o, inner, outer);
}

// The max or min of n elements from `start` by `step`; the first NaN wins, as in NumPy.
function extreme(kind: "max" | "min", data: TypedArray, start: number, n: number, step: number): number {
	let m = data[start] as number;
	if (Number.isNaN(m)) return m;
	for (let i = 1, p = start + step; i < n; i++, p += step) {
		const v = data[p] as number;
		if (Number.isNaN(v)) return v;
		if (kind === "max" ? v > m : v < m) m = v;
	}
	return m;
}

/** Sum over `axis` (a number, a list, or all axes when omitted). Throws ShapeError for a bad axis. */
export function sum(x: Tensor, axis?: Axis, keepDims = false): Tensor {
	return reduce("sum", "sum", x, axis, keepDims);
}

/** Mean over `axis` (all axes when omitted); the mean over zero elements is NaN. */
export function mean(x: Tensor, axis?: Axis, keepDims = false): Tensor {
	const s = reduce("mean", "sum", x, axis, keepDims);
	const n = sizeOf(normalizeAxes(axis, x.rank, "mean").map((a) => x.shape[a] as number));
	return s.div(n);
}

/** Maximum over `axis`; NaN propagates. Throws ShapeError when reducing an empty axis. */
export function max(x: Tensor, axis?: Axis, keepDims = false): Tensor {
	return reduce("max", "max", x, axis, keepDims);
}

/** Minimum over `axis`; NaN propagates. Throws ShapeError when reducing an empty axis. */
export function min(x: Tensor, axis?: Axis, keepDims = false): Tensor {
	return reduce("min", "min", x, axis, keepDims);
}

/**
 * Index of the first maximum along `axis`, as a float64 tensor of integers;
 * without an axis, the index into the flattened tensor (a rank-0 tensor).
 * Throws ShapeError for an empty axis or a bad axis.
 */
export function argmax(x: Tensor, axis?: number): Tensor {
	checkTensor(x, "argmax");
	if (axis === undefined) return argmax(x.reshape([-1]), 0).reshape([]);
	const a = normalizeAxis(axis, x.rank, "argmax");
	const n = x.shape[a] as number;
	const shape = x.shape.filter((_, i) => i !== a);
	const outer = sizeOf(shape);
	if (n === 0 && outer > 0)
		throw new ShapeError(`argmax: cannot reduce an empty axis of shape ${formatShape(x.shape)}`);
	const perm = [...Array.from({ length: x.rank }, (_, i) => i).filter((i) => i !== a), a];
	const data = x.transpose(perm).values();
	const out = new Float64Array(outer);
	for (let o = 0; o < outer; o++) {
		const base = o * n;
		let best = 0;
		let m = data[base] as number;
		for (let i = 1; i < n && !Number.isNaN(m); i++) {
			const v = data[base + i] as number;
			if (v > m || Number.isNaN(v)) {
				m = v;
				best = i;
			}
		}
		out[o] = best;
	}
	return Tensor.fromTypedArray(out, shape);
}
