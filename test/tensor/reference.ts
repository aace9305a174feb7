/**
 * Naive reference implementations for the tensor tests: plain loops over plain JS
 * arrays, written from the math (NumPy semantics) and sharing no code with
 * `@backprop/tensor`. Every function here favours being obviously right over speed.
 *
 * A `Ref` is a shape plus its elements in row-major order.
 */

/** Nested arrays of numbers, as `Tensor.toArray()` returns them. */
export type Nested = number | Nested[];

/** A reference array: a shape and its elements in row-major (C) order. */
export interface Ref {
	shape: number[];
	data: number[];
}

/** Number of elements of a shape (1 for `[]`). */
export function sizeOf(shape: readonly number[]): number {
	let n = 1;
	for (const d of shape) n *= d;
	return n;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
	const s = new Array<number>(shape.length);
	let step = 1;
	for (let i = shape.length - 1; i >= 0; i--) {
		s[i] = step;
		step *= shape[i];
	}
	return s;
}

/** Every multi-index of `shape`, in row-major order (the last index runs fastest). */
export function indicesOf(shape: readonly number[]): number[][] {
	const out: number[][] = [];
	if (sizeOf(shape) === 0) return out;
	const idx = shape.map(() => 0);
	for (;;) {
		out.push(idx.slice());
		let d = shape.length - 1;
		while (d >= 0) {
			idx[d]++;
			if (idx[d] < shape[d]) break;
			idx[d] = 0;
			d--;
		}
		if (d < 0) return out;
	}
}

/** Flat row-major position of a multi-index. */
export function offsetOf(shape: readonly number[], idx: readonly number[]): number {
	const s = stridesOf(shape);
	let o = 0;
	for (let i = 0; i < idx.length; i++) o += idx[i] * s[i];
	return o;
}

/** The element of `r` at a multi-index. */
export function at(r: Ref, idx: readonly number[]): number {
	return r.data[offsetOf(r.shape, idx)];
}

/** A Ref built element by element from a function of the multi-index. */
export function build(shape: readonly number[], f: (idx: number[]) => number): Ref {
	return { shape: [...shape], data: indicesOf(shape).map(f) };
}

/** The same elements rounded to float32. */
export function round32(r: Ref): Ref {
	return { shape: [...r.shape], data: r.data.map(Math.fround) };
}

/** The dtype of a result of two operands: float64 if either is float64 (results are never truncated). */
export function promote(a: "float32" | "float64", b: "float32" | "float64"): "float32" | "float64" {
	return a === "float64" || b === "float64" ? "float64" : "float32";
}

/** Rounds to the given dtype: float32 rounds, float64 keeps. */
export function roundTo(r: Ref, dtype: "float32" | "float64"): Ref {
	return dtype === "float32" ? round32(r) : r;
}

/** Nested arrays of a Ref (a plain number for rank 0). */
export function toNested(r: Ref): Nested {
	if (r.shape.length === 0) return r.data[0];
	const go = (dim: number, offset: number): Nested[] => {
		const n = r.shape[dim];
		const step = sizeOf(r.shape.slice(dim + 1));
		const out: Nested[] = [];
		for (let i = 0; i < n; i++) {
			out.push(dim === r.shape.length - 1 ? r.data[offset + i] : go(dim + 1, offset + i * step));
		}
		return out;
	};
	return go(0, 0);
}

/** NumPy's broadcast of two shapes, or null when they do not broadcast. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
	const rank = Math.max(a.length, b.length);
	const out: number[] = [];
	for (let i = 0; i < rank; i++) {
		const da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
		const db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
		if (da !== db && da !== 1 && db !== 1) return null;
		out.push(da === 1 ? db : da);
	}
	return out;
}

/** The element of `r` that broadcasting to `idx` (an index of a larger shape) reads. */
function broadcastRead(r: Ref, idx: readonly number[]): number {
	const lead = idx.length - r.shape.length;
	const own = r.shape.map((d, i) => (d === 1 ? 0 : idx[lead + i]));
	return at(r, own);
}

/** `r` repeated to `shape` by NumPy's rules (the caller ensures they allow it). */
export function broadcastTo(r: Ref, shape: readonly number[]): Ref {
	return build(shape, (idx) => broadcastRead(r, idx));
}

/** `f` applied to each element. */
export function map(r: Ref, f: (x: number) => number): Ref {
	return { shape: [...r.shape], data: r.data.map((x) => f(x)) };
}

/** `f(a, b)` elementwise with broadcasting. Throws when the shapes do not broadcast. */
export function zip(a: Ref, b: Ref, f: (x: number, y: number) => number): Ref {
	const shape = broadcastShape(a.shape, b.shape);
	if (shape === null) throw new Error(`reference: ${a.shape} and ${b.shape} do not broadcast`);
	return build(shape, (idx) => f(broadcastRead(a, idx), broadcastRead(b, idx)));
}

/** Result dimension i is input dimension perm[i]. */
export function transpose(r: Ref, perm: readonly number[]): Ref {
	const shape = perm.map((p) => r.shape[p]);
	return build(shape, (idx) => {
		const src = new Array<number>(perm.length);
		for (let i = 0; i < perm.length; i++) src[perm[i]] = idx[i];
		return at(r, src);
	});
}

/** The inverse of a permutation. */
export function inversePerm(perm: readonly number[]): number[] {
	const inv = new Array<number>(perm.length);
	for (let i = 0; i < perm.length; i++) inv[perm[i]] = i;
	return inv;
}

/** `r` surrounded, along each axis, by `pads[axis] = [before, after]` copies of `fill`. */
export function pad(r: Ref, pads: readonly (readonly [number, number])[], fill: number): Ref {
	const shape = r.shape.map((d, i) => pads[i][0] + d + pads[i][1]);
	return build(shape, (idx) => {
		const inner = idx.map((k, i) => k - pads[i][0]);
		const inside = inner.every((k, i) => k >= 0 && k < r.shape[i]);
		return inside ? at(r, inner) : fill;
	});
}

/** Python's `range(n)[start:end]` bounds for step 1: `[lo, hi)` with hi >= lo. */
export function pythonBounds(n: number, start: number, end: number | undefined): [number, number] {
	const norm = (i: number) => (i < 0 ? Math.max(i + n, 0) : Math.min(i, n));
	const lo = norm(start);
	const hi = end === undefined ? n : norm(end);
	return [lo, Math.max(lo, hi)];
}

/** Elements `start..end` along `axis` with Python's bounds. */
export function slice(r: Ref, start: number, end: number | undefined, axis: number): Ref {
	const [lo, hi] = pythonBounds(r.shape[axis], start, end);
	const shape = [...r.shape];
	shape[axis] = hi - lo;
	return build(shape, (idx) => {
		const src = [...idx];
		src[axis] += lo;
		return at(r, src);
	});
}

/** The entries at `indices` (negative counts from the end) along `axis`. */
export function gather(r: Ref, indices: readonly number[], axis: number): Ref {
	const n = r.shape[axis];
	const shape = [...r.shape];
	shape[axis] = indices.length;
	return build(shape, (idx) => {
		const src = [...idx];
		const k = indices[idx[axis]];
		src[axis] = k < 0 ? k + n : k;
		return at(r, src);
	});
}

/** The refs joined along `axis` (same rank, same dims elsewhere). */
export function concat(refs: readonly Ref[], axis: number): Ref {
	const shape = [...refs[0].shape];
	shape[axis] = refs.reduce((s, r) => s + r.shape[axis], 0);
	return build(shape, (idx) => {
		let k = idx[axis];
		for (const r of refs) {
			if (k < r.shape[axis]) {
				const src = [...idx];
				src[axis] = k;
				return at(r, src);
			}
			k -= r.shape[axis];
		}
		throw new Error("reference concat: index out of range");
	});
}

/** Normalizes axes as NumPy does: undefined is all, negatives from the end; sorted. */
export function normAxes(axis: number | readonly number[] | undefined, rank: number): number[] {
	if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
	const list = typeof axis === "number" ? [axis] : [...axis];
	return list.map((a) => (a < 0 ? a + rank : a)).sort((x, y) => x - y);
}

/** Shape after reducing `axes` (normalized). */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
	const out: number[] = [];
	shape.forEach((d, i) => {
		if (!axes.includes(i)) out.push(d);
		else if (keepDims) out.push(1);
	});
	return out;
}

/**
 * The groups a reduction over `axes` folds: for each output element (row-major), the
 * input elements it covers, in row-major order.
 */
export function reductionGroups(r: Ref, axes: readonly number[]): { shape: number[]; groups: number[][] } {
	const kept = r.shape.map((_, i) => i).filter((i) => !axes.includes(i));
	const outShape = kept.map((i) => r.shape[i]);
	const redShape = axes.map((i) => r.shape[i]);
	const groups = indicesOf(outShape).map((o) =>
		indicesOf(redShape).map((red) => {
			const idx = new Array<number>(r.shape.length);
			kept.forEach((ax, j) => {
				idx[ax] = o[j];
			});
			axes.forEach((ax, j) => {
				idx[ax] = red[j];
			});
			return at(r, idx);
		}),
	);
	return { shape: outShape, groups };
}

/** Sum, mean, max or min over `axes`, and the sum of |x| of each group (for tolerances). */
export function reduce(
	kind: "sum" | "mean" | "max" | "min",
	r: Ref,
	axis: number | readonly number[] | undefined,
	keepDims: boolean,
): { out: Ref; scale: number[] } {
	const axes = normAxes(axis, r.shape.length);
	const { groups } = reductionGroups(r, axes);
	const shape = reducedShape(r.shape, axes, keepDims);
	const data = groups.map((g) => {
		let s = 0;
		for (const x of g) s += x;
		if (kind === "sum") return s;
		if (kind === "mean") return s / g.length;
		let m = g[0];
		for (const x of g) {
			if (Number.isNaN(x)) return Number.NaN;
			if (kind === "max" ? x > m : x < m) m = x;
		}
		return m;
	});
	const scale = groups.map((g) => g.reduce((s, x) => s + Math.abs(x), 0) / (kind === "mean" ? g.length : 1));
	return { out: { shape, data }, scale };
}

/** Index of the first maximum (or first NaN) along `axis` (the flattened array when undefined). */
export function argmax(r: Ref, axis: number | undefined): Ref {
	const flat = axis === undefined;
	const src: Ref = flat ? { shape: [r.data.length], data: r.data } : r;
	const ax = flat ? 0 : axis < 0 ? axis + r.shape.length : axis;
	const { shape, groups } = reductionGroups(src, [ax]);
	const data = groups.map((g) => {
		// NaN counts as the largest value, and the first one wins (NumPy's rule).
		let best = 0;
		for (let i = 1; i < g.length && !Number.isNaN(g[best]); i++) {
			if (Number.isNaN(g[i]) || g[i] > g[best]) best = i;
		}
		return best;
	});
	return { shape, data };
}

/**
 * NumPy's matmul: 1-D operands are vectors (their dimension is dropped from the
 * result), leading dimensions are batch dimensions and broadcast. Returns the product
 * and, per output element, sum |a_ik * b_kj| (for tolerances).
 */
export function matmul(a: Ref, b: Ref): { out: Ref; scale: number[] } {
	const a2: Ref = a.shape.length === 1 ? { shape: [1, a.shape[0]], data: a.data } : a;
	const b2: Ref = b.shape.length === 1 ? { shape: [b.shape[0], 1], data: b.data } : b;
	const ra = a2.shape.length;
	const rb = b2.shape.length;
	const m = a2.shape[ra - 2];
	const k = a2.shape[ra - 1];
	const n = b2.shape[rb - 1];
	if (b2.shape[rb - 2] !== k) throw new Error("reference matmul: inner dimensions differ");
	const batch = broadcastShape(a2.shape.slice(0, -2), b2.shape.slice(0, -2));
	if (batch === null) throw new Error("reference matmul: batch dimensions do not broadcast");
	const full = [...batch, m, n];
	const data: number[] = [];
	const scale: number[] = [];
	// Row i of a's matrix and column j of b's matrix, for one batch index.
	const row = (bi: number[], i: number): number[] => {
		const base = offsetOf(a2.shape, [...batchIndex(a2, bi), i, 0]);
		const out: number[] = [];
		for (let p = 0; p < k; p++) out.push(a2.data[base + p]);
		return out;
	};
	const col = (bi: number[], j: number): number[] => {
		const base = offsetOf(b2.shape, [...batchIndex(b2, bi), 0, j]);
		const out: number[] = [];
		for (let p = 0; p < k; p++) out.push(b2.data[base + p * n]);
		return out;
	};
	for (const idx of indicesOf(full)) {
		const bi = idx.slice(0, -2);
		const x = row(bi, idx[idx.length - 2]);
		const y = col(bi, idx[idx.length - 1]);
		let s = 0;
		let abs = 0;
		for (let p = 0; p < k; p++) {
			s += x[p] * y[p];
			abs += Math.abs(x[p] * y[p]);
		}
		data.push(s);
		scale.push(abs);
	}
	const shape = [...batch];
	if (a.shape.length > 1) shape.push(m);
	if (b.shape.length > 1) shape.push(n);
	return { out: { shape, data }, scale };
}

/** The batch index of `r` (a matrix stack) that broadcasting reads for the full batch index `bi`. */
function batchIndex(r: Ref, bi: readonly number[]): number[] {
	const own = r.shape.slice(0, -2);
	const lead = bi.length - own.length;
	return own.map((d, i) => (d === 1 ? 0 : bi[lead + i]));
}

/** Softmax along one axis, straight from the definition exp(x_i) / sum_j exp(x_j). */
export function softmax(r: Ref, axis: number): Ref {
	const ax = axis < 0 ? axis + r.shape.length : axis;
	const e = map(r, Math.exp);
	const sums = reduce("sum", e, ax, true).out;
	return zip(e, sums, (x, s) => x / s);
}

/** log(sum(exp(x))) over `axis`, straight from the definition. */
export function logSumExp(r: Ref, axis: number | readonly number[] | undefined, keepDims: boolean): Ref {
	return map(reduce("sum", map(r, Math.exp), axis, keepDims).out, Math.log);
}

// Gauss-Legendre nodes and weights on [-1, 1], found by Newton's method on P_n (Numerical Recipes' gauleg).
function gaussLegendre(n: number): { nodes: number[]; weights: number[] } {
	const nodes: number[] = [];
	const weights: number[] = [];
	for (let i = 1; i <= n; i++) {
		let z = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
		let dp = 0;
		for (let iter = 0; iter < 100; iter++) {
			let p1 = 1;
			let p2 = 0;
			for (let j = 1; j <= n; j++) {
				const p3 = p2;
				p2 = p1;
				p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
			}
			dp = (n * (z * p1 - p2)) / (z * z - 1);
			const step = p1 / dp;
			z -= step;
			if (Math.abs(step) < 1e-17) break;
		}
		nodes.push(z);
		weights.push(2 / ((1 - z * z) * dp * dp));
	}
	return { nodes, weights };
}
const GL = gaussLegendre(20);

/**
 * erf(x) = (2/√π) ∫₀ˣ e^(-t²) dt by 20-point Gauss-Legendre quadrature on panels of
 * width ≤ 1/4: an algorithm independent of the kernel's (series and continued fraction).
 */
export function erfReference(x: number): number {
	if (Number.isNaN(x)) return x;
	if (Math.abs(x) > 6) return Math.sign(x);
	const panels = Math.max(1, Math.ceil(Math.abs(x) * 4));
	const h = x / panels;
	let sum = 0;
	for (let p = 0; p < panels; p++) {
		const mid = (p + 0.5) * h;
		for (let i = 0; i < GL.nodes.length; i++) {
			const t = mid + GL.nodes[i] * (h / 2);
			sum += GL.weights[i] * Math.exp(-t * t);
		}
	}
	return (2 / Math.sqrt(Math.PI)) * sum * (h / 2);
}
