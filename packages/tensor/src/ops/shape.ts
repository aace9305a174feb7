/**
 * Shape ops. Transpose, slice, broadcastTo and reshape of row-major data are
 * views (new strides over the same buffer); gather and concat copy.
 */

import { kernels } from "../backends/registry";
import { type DType, resultDtype } from "../dtype";
import { formatShape, ShapeError } from "../errors";
import { ndview } from "../ndview";
import { broadcastShapes, contiguousStrides, normalizeAxis, sameShape, sizeOf } from "../shape";
import { denseData, fromData, fromView, isDense, type Tensor, viewOf } from "../tensor";
import { allocArray, broadcastView, checkTensor } from "./operand";

/**
 * Permutes dimensions: result dimension i is input dimension `perm[i]`
 * (reversed when omitted). Throws ShapeError unless `perm` is a permutation of 0..rank-1.
 */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
	checkTensor(x, "transpose");
	const a = viewOf(x);
	// The common case, a matrix's transpose, without building and checking a permutation.
	if (x.rank === 2 && (perm === undefined || (perm[0] === 1 && perm[1] === 0 && perm.length === 2))) {
		return fromView(ndview(a.data, [a.shape[1], a.shape[0]], [a.stride[1], a.stride[0]], a.offset));
	}
	const p = perm ? [...perm] : Array.from({ length: x.rank }, (_, i) => x.rank - 1 - i);
	const seen = new Set(p);
	if (p.length !== x.rank || seen.size !== p.length || p.some((a) => !Number.isInteger(a) || a < 0 || a >= x.rank)) {
		throw new ShapeError(`transpose: [${p.join(",")}] is not a permutation of the axes of ${formatShape(x.shape)}`);
	}
	if (x.rank < 2) return x;
	return fromView(
		ndview(
			a.data,
			p.map((i) => a.shape[i]),
			p.map((i) => a.stride[i]),
			a.offset,
		),
	);
}

// True when the elements are in row-major order (any offset), so a reshape can be a view.
function isRowMajor(x: Tensor): boolean {
	const stride = viewOf(x).stride;
	let s = 1;
	for (let i = x.rank - 1; i >= 0; i--) {
		const d = x.shape[i];
		if (d !== 1 && stride[i] !== s) return false;
		s *= d;
	}
	return true;
}

/**
 * The same elements (row-major order) in `shape`; one entry may be -1 and is inferred.
 * Throws ShapeError when the sizes differ or the shape is invalid.
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
	checkTensor(x, "reshape");
	if (sameShape(x.shape, shape)) return x;
	const target = [...shape];
	let unknown = -1;
	let known = 1;
	for (let i = 0; i < target.length; i++) {
		const d = target[i];
		if (d === -1 && unknown === -1) unknown = i;
		else if (!Number.isInteger(d) || d < 0) throw reshapeError(x, shape);
		else known *= d;
	}
	if (unknown !== -1) {
		if (known === 0 || x.size % known !== 0) throw reshapeError(x, shape);
		target[unknown] = x.size / known;
	} else if (known !== x.size) throw reshapeError(x, shape);
	const view = viewOf(x);
	if (isRowMajor(x)) return fromView(ndview(view.data, target, contiguousStrides(target), view.offset));
	return fromData(denseData(x), target);
}

function reshapeError(x: Tensor, shape: readonly number[]): ShapeError {
	return new ShapeError(
		`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)}`,
	);
}

/** A stride-0 view of `x` broadcast to `shape`. Throws ShapeError when NumPy's rules forbid it. */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
	checkTensor(x, "broadcastTo");
	const target = [...shape];
	let ok = target.length >= x.rank;
	if (ok) {
		try {
			ok = sameShape(broadcastShapes(x.shape, target, "broadcastTo"), target);
		} catch {
			ok = false;
		}
	}
	if (!ok) throw new ShapeError(`broadcastTo: cannot broadcast ${formatShape(x.shape)} to ${formatShape(shape)}`);
	return fromView(broadcastView(x, target, "broadcastTo"));
}

/**
 * Elements `start` up to (not including) `end` along `axis`, as a view. Bounds
 * follow Python slices: negative counts from the end, out-of-range is clamped.
 * Throws ShapeError for a rank-0 tensor or a bad axis; TypeError for non-integer bounds.
 */
export function slice(x: Tensor, start: number, end?: number, axis = 0): Tensor {
	checkTensor(x, "slice");
	if (x.rank === 0) throw new ShapeError("slice: cannot slice a rank-0 tensor");
	const ax = normalizeAxis(axis, x.rank, "slice");
	if (!Number.isInteger(start) || (end !== undefined && !Number.isInteger(end))) {
		throw new TypeError(`slice: start and end must be integers, got ${start} and ${end}`);
	}
	const n = x.shape[ax];
	const lo = clampIndex(start, n);
	const hi = Math.max(lo, clampIndex(end ?? n, n));
	const a = viewOf(x);
	const shape = a.shape.slice();
	shape[ax] = hi - lo;
	return fromView(ndview(a.data, shape, a.stride.slice(), a.offset + lo * a.stride[ax]));
}

/** A Python slice bound: negative counts from the end, then clamped into [0, n]. */
export function clampIndex(i: number, n: number): number {
	return Math.min(Math.max(i < 0 ? i + n : i, 0), n);
}

/**
 * The entries at `indices` along `axis` (default 0), copied: `gather(x, [2, 0])` is
 * rows 2 and 0 (an embedding lookup when `x` is the table). Throws ShapeError for an
 * index out of range (negative counts from the end), RangeError for one that is not an
 * integer, each naming the index's position in `indices`.
 */
export function gather(x: Tensor, indices: ArrayLike<number>, axis = 0): Tensor {
	checkTensor(x, "gather");
	if (x.rank === 0) throw new ShapeError("gather: cannot gather from a rank-0 tensor");
	const ax = normalizeAxis(axis, x.rank, "gather");
	const n = x.shape[ax];
	const idx = Array.from(indices, (i, at) => {
		if (!Number.isInteger(i)) {
			throw new RangeError(`gather: index ${i} at position ${at} is not an integer`);
		}
		if (i < -n || i >= n) {
			throw new ShapeError(
				`gather: index ${i} at position ${at} is out of range for axis ${ax} of ${formatShape(x.shape)}`,
			);
		}
		return i < 0 ? i + n : i;
	});
	// Rows along axis 0 of dense data are contiguous runs: move the axis first, gather rows, move it back.
	const perm = [ax, ...x.shape.map((_, i) => i).filter((i) => i !== ax)];
	const moved = ax === 0 ? x : transpose(x, perm);
	const rowSize = n === 0 ? 0 : x.size / n;
	const out = allocArray(x.dtype, [idx.length, ...moved.shape.slice(1)]);
	if (out.size > 0) kernels().gatherRows(denseData(moved), idx, rowSize, out.data);
	const rows = fromView(out);
	return ax === 0 ? rows : transpose(rows, inversePermutation(perm));
}

/** The permutation that undoes `perm`. */
export function inversePermutation(perm: readonly number[]): number[] {
	return perm.map((_, i) => perm.indexOf(i));
}

/**
 * The gradient of `gather`: a zero tensor of `shape` with each row `j` of `src`
 * (along `axis`) added into row `indices[j]`, so repeated indices add up.
 */
export function scatterAdd(src: Tensor, indices: readonly number[], axis: number, shape: readonly number[]): Tensor {
	const ax = normalizeAxis(axis, shape.length, "gather");
	const n = shape[ax];
	const perm = [ax, ...shape.map((_, i) => i).filter((i) => i !== ax)];
	const rowSize = n === 0 ? 0 : sizeOf(shape) / n;
	const out = allocArray(
		src.dtype,
		perm.map((p) => shape[p]),
	);
	const rows = ax === 0 ? src : transpose(src, perm);
	if (out.size > 0) kernels().scatterAddRows(denseData(rows), indices, rowSize, out.data);
	const acc = fromView(out);
	return ax === 0 ? acc : transpose(acc, inversePermutation(perm));
}

/**
 * Joins tensors along `axis`. All must have the same rank and the same size in
 * every other dimension; throws ShapeError naming the shapes otherwise.
 */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
	if (!Array.isArray(tensors) || tensors.length === 0) throw new ShapeError("concat: needs at least one tensor");
	tensors.forEach((t) => {
		checkTensor(t, "concat");
	});
	const first = tensors[0];
	if (first.rank === 0) throw new ShapeError("concat: cannot concatenate rank-0 tensors");
	const ax = normalizeAxis(axis, first.rank, "concat");
	for (const t of tensors) {
		const fits = t.rank === first.rank && t.shape.every((d: number, i: number) => i === ax || d === first.shape[i]);
		if (!fits) {
			throw new ShapeError(
				`concat: shapes ${tensors.map((s) => formatShape(s.shape)).join(", ")} differ outside axis ${ax}`,
			);
		}
	}
	const dtype = tensors.reduce((d, t) => resultDtype(d, t.dtype), first.dtype);
	const shape = first.shape.slice();
	shape[ax] = tensors.reduce((s, t) => s + t.shape[ax], 0);
	const out = allocArray(dtype, shape);
	let at = 0;
	for (const t of tensors) {
		const part = t.shape.slice();
		if (t.size > 0) kernels().copy(ndview(out.data, part, out.stride, at * out.stride[ax]), viewOf(t));
		at += t.shape[ax];
	}
	return fromView(out);
}

/** The same values as `dtype` (`x` itself when it already is). */
export function astype(x: Tensor, dtype: DType): Tensor {
	checkTensor(x, "astype");
	if (dtype === x.dtype) return x;
	if (dtype !== "float32" && dtype !== "float64") {
		throw new TypeError(`astype: dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
	}
	const out = allocArray(dtype, x.shape);
	kernels().copy(out, viewOf(x));
	return fromView(out);
}

/** A dense copy of `x` (tensors are immutable: this is for code that wants its own storage). */
export function clone(x: Tensor): Tensor {
	checkTensor(x, "clone");
	const out = allocArray(x.dtype, x.shape);
	kernels().copy(out, viewOf(x));
	return fromView(out);
}

/** `x` if its elements are dense row-major, else a dense copy. */
export function contiguous(x: Tensor): Tensor {
	checkTensor(x, "contiguous");
	return isDense(x) ? x : clone(x);
}
