/**
 * Shape ops. Transpose, slice, broadcastTo and reshape of row-major data are
 * views (new strides over the same buffer); gather and concat copy.
 */

import ops from "ndarray-ops";
import { resultDtype } from "../dtype";
import { formatShape, ShapeError } from "../errors";
import { ndview } from "../ndview";
import { broadcastShapes, contiguousStrides, normalizeAxis, sameShape } from "../shape";
import { Tensor } from "../tensor";
import { allocArray, broadcastView, checkTensor } from "./operand";

/**
 * Permutes dimensions: result dimension i is input dimension `perm[i]`
 * (reversed when omitted). Throws ShapeError unless `perm` is a permutation of 0..rank-1.
 */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
	checkTensor(x, "transpose");
	const a = x.array;
	// The common case, a matrix's transpose, without building and checking a permutation.
	if (x.rank === 2 && (perm === undefined || (perm[0] === 1 && perm[1] === 0 && perm.length === 2))) {
		return new Tensor(
			ndview(
				a.data,
				[a.shape[1] as number, a.shape[0] as number],
				[a.stride[1] as number, a.stride[0] as number],
				a.offset,
			),
		);
	}
	const p = perm ? [...perm] : Array.from({ length: x.rank }, (_, i) => x.rank - 1 - i);
	const seen = new Set(p);
	if (p.length !== x.rank || seen.size !== p.length || p.some((a) => !Number.isInteger(a) || a < 0 || a >= x.rank)) {
		throw new ShapeError(`transpose: [${p.join(",")}] is not a permutation of the axes of ${formatShape(x.shape)}`);
	}
	if (x.rank < 2) return x;
	return new Tensor(
		ndview(
			a.data,
			p.map((i) => a.shape[i] as number),
			p.map((i) => a.stride[i] as number),
			a.offset,
		),
	);
}

// True when the elements are in row-major order (any offset), so a reshape can be a view.
function isRowMajor(x: Tensor): boolean {
	let s = 1;
	for (let i = x.rank - 1; i >= 0; i--) {
		const d = x.shape[i] as number;
		if (d !== 1 && x.array.stride[i] !== s) return false;
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
		const d = target[i] as number;
		if (d === -1 && unknown === -1) unknown = i;
		else if (!Number.isInteger(d) || d < 0) throw reshapeError(x, shape);
		else known *= d;
	}
	if (unknown !== -1) {
		if (known === 0 || x.size % known !== 0) throw reshapeError(x, shape);
		target[unknown] = x.size / known;
	} else if (known !== x.size) throw reshapeError(x, shape);
	if (isRowMajor(x)) return new Tensor(ndview(x.array.data, target, contiguousStrides(target), x.array.offset));
	return Tensor.fromTypedArray(x.values(), target);
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
	return new Tensor(broadcastView(x, target, "broadcastTo"));
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
	const n = x.shape[ax] as number;
	const lo = clampIndex(start, n);
	const hi = Math.max(lo, clampIndex(end ?? n, n));
	const a = x.array;
	const shape = a.shape.slice();
	shape[ax] = hi - lo;
	return new Tensor(ndview(a.data, shape, a.stride.slice(), a.offset + lo * (a.stride[ax] as number)));
}

/** A Python slice bound: negative counts from the end, then clamped into [0, n]. */
export function clampIndex(i: number, n: number): number {
	return Math.min(Math.max(i < 0 ? i + n : i, 0), n);
}

/**
 * The entries at `indices` along `axis` (default 0), copied: `gather(x, [2, 0])` is
 * rows 2 and 0. Throws ShapeError for an index out of range (negative counts from the end).
 */
export function gather(x: Tensor, indices: ArrayLike<number>, axis = 0): Tensor {
	checkTensor(x, "gather");
	if (x.rank === 0) throw new ShapeError("gather: cannot gather from a rank-0 tensor");
	const ax = normalizeAxis(axis, x.rank, "gather");
	const n = x.shape[ax] as number;
	const idx = Array.from(indices, (i) => {
		if (!Number.isInteger(i) || i < -n || i >= n) {
			throw new ShapeError(`gather: index ${i} is out of range for axis ${ax} of ${formatShape(x.shape)}`);
		}
		return i < 0 ? i + n : i;
	});
	const shape = x.shape.slice();
	shape[ax] = idx.length;
	const out = allocArray(x.dtype, shape);
	if (out.size === 0) return new Tensor(out);
	if (ax === 0 && x.isDense()) {
		const row = x.size / n;
		const data = x.array.data;
		for (let j = 0; j < idx.length; j++) {
			const i = idx[j] as number;
			out.data.set(data.subarray(i * row, i * row + row), j * row);
		}
		return new Tensor(out);
	}
	const pick = (k: number) => Array.from({ length: x.rank }, (_, d) => (d === ax ? k : null));
	for (let j = 0; j < idx.length; j++) ops.assign(out.pick(...pick(j)), x.array.pick(...pick(idx[j] as number)));
	return new Tensor(out);
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
	const first = tensors[0] as Tensor;
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
	shape[ax] = tensors.reduce((s, t) => s + (t.shape[ax] as number), 0);
	const out = allocArray(dtype, shape);
	let at = 0;
	for (const t of tensors) {
		const part = t.shape.slice();
		if (t.size > 0) ops.assign(ndview(out.data, part, out.stride, at * (out.stride[ax] as number)), t.array);
		at += t.shape[ax] as number;
	}
	return new Tensor(out);
}
