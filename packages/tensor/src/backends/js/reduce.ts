/** Reduction kernels over a tensor viewed as a matrix whose reduced axis is last or first. */
import type { TypedArray } from "../../dtype";
import type { ReduceOpName } from "../backend";

/** See {@link Kernels.reduce}. */
export function reduce(
	op: ReduceOpName,
	data: TypedArray,
	inner: number,
	outer: number,
	leading: boolean,
	out: TypedArray,
): void {
	if (leading) reduceLeading(op, data, inner, outer, out);
	else reduceTrailing(op, data, inner, outer, out);
}

// data is [outer, inner] row-major; out[o] = reduce(data[o, :]).
function reduceTrailing(op: ReduceOpName, data: TypedArray, inner: number, outer: number, out: TypedArray): void {
	for (let o = 0; o < outer; o++) {
		const base = o * inner;
		if (op === "sum") {
			let s = 0;
			for (let i = 0; i < inner; i++) s += data[base + i];
			out[o] = s;
		} else {
			out[o] = extreme(op, data, base, inner, 1);
		}
	}
}

// data is [inner, outer] row-major (the reduced axes lead); out[o] = reduce(data[:, o]).
function reduceLeading(op: ReduceOpName, data: TypedArray, inner: number, outer: number, out: TypedArray): void {
	if (op === "sum") {
		for (let i = 0; i < inner; i++) {
			const base = i * outer;
			for (let o = 0; o < outer; o++) out[o] = out[o] + data[base + o];
		}
		return;
	}
	for (let o = 0; o < outer; o++) out[o] = extreme(op, data, o, inner, outer);
}

// The max or min of n elements from `start` by `step`; the first NaN wins, as in NumPy.
function extreme(op: "max" | "min", data: TypedArray, start: number, n: number, step: number): number {
	let m = data[start];
	if (Number.isNaN(m)) return m;
	for (let i = 1, p = start + step; i < n; i++, p += step) {
		const v = data[p];
		if (Number.isNaN(v)) return v;
		if (op === "max" ? v > m : v < m) m = v;
	}
	return m;
}

/** See {@link Kernels.argmax}. */
export function argmax(data: TypedArray, inner: number, outer: number, out: TypedArray): void {
	for (let o = 0; o < outer; o++) {
		const base = o * inner;
		let best = 0;
		let m = data[base];
		for (let i = 1; i < inner && !Number.isNaN(m); i++) {
			const v = data[base + i];
			if (v > m || Number.isNaN(v)) {
				m = v;
				best = i;
			}
		}
		out[o] = best;
	}
}

/** See {@link Kernels.extremeMask}. */
export function extremeMask(op: "max" | "min", data: TypedArray, inner: number, outer: number, out: TypedArray): void {
	for (let o = 0; o < outer; o++) {
		const base = o * inner;
		let best = base;
		for (let i = base + 1; i < base + inner; i++) {
			const v = data[i];
			const m = data[best];
			if (op === "max" ? v > m : v < m) best = i;
		}
		if (inner > 0) out[best] = 1;
	}
}
