import { formatShape, ShapeError } from "./errors";

/** Number of elements of a shape (1 for the scalar shape `[]`). */
export function sizeOf(shape: readonly number[]): number {
	let n = 1;
	for (const d of shape) n *= d;
	return n;
}

/** Row-major (C-order) strides of a shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
	const strides = new Array<number>(shape.length);
	let s = 1;
	for (let i = shape.length - 1; i >= 0; i--) {
		strides[i] = s;
		s *= shape[i];
	}
	return strides;
}

/** True when two shapes are equal element by element. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/**
 * The NumPy broadcast of two shapes: aligned from the right, each pair of
 * dimensions must be equal or one of them 1. Throws ShapeError naming `op` otherwise.
 */
export function broadcastShapes(a: readonly number[], b: readonly number[], op: string): number[] {
	const rank = Math.max(a.length, b.length);
	const out = new Array<number>(rank);
	for (let i = 0; i < rank; i++) {
		const da = a[a.length - rank + i] ?? 1;
		const db = b[b.length - rank + i] ?? 1;
		if (da !== db && da !== 1 && db !== 1) {
			throw new ShapeError(
				`${op}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast (dimension ${i}: ${da} vs ${db})`,
			);
		}
		out[i] = da === 1 ? db : da;
	}
	return out;
}

/**
 * Checks and normalizes a shape given by a user: non-negative integers only.
 * Throws ShapeError naming `op` and the shape otherwise.
 */
export function checkShape(shape: readonly number[], op: string): number[] {
	if (!Array.isArray(shape)) {
		throw new ShapeError(`${op}: shape must be an array of integers, got ${String(shape)}`);
	}
	for (const d of shape) {
		if (!Number.isInteger(d) || d < 0) {
			throw new ShapeError(`${op}: invalid shape ${formatShape(shape)}: dimensions must be non-negative integers`);
		}
	}
	return [...shape];
}

/**
 * Normalizes reduction axes for a tensor of `rank`: a number or a list, negatives
 * counted from the end, `undefined` meaning every axis. Returns sorted, unique axes.
 * Throws ShapeError for an axis out of range or repeated.
 */
export function normalizeAxes(axis: number | readonly number[] | undefined, rank: number, op: string): number[] {
	if (axis === undefined) {
		const all = new Array<number>(rank);
		for (let i = 0; i < rank; i++) all[i] = i;
		return all;
	}
	// The common single-axis case without building a set.
	if (typeof axis === "number" && Number.isInteger(axis) && axis >= -rank && axis < rank) {
		return [axis < 0 ? axis + rank : axis];
	}
	const list = typeof axis === "number" ? [axis] : [...axis];
	const seen = new Set<number>();
	for (const a of list) {
		if (!Number.isInteger(a) || a < -rank || a >= rank) {
			throw new ShapeError(`${op}: axis ${a} is out of range for a tensor of rank ${rank}`);
		}
		const n = a < 0 ? a + rank : a;
		if (seen.has(n)) throw new ShapeError(`${op}: axis ${a} is repeated`);
		seen.add(n);
	}
	return [...seen].sort((x, y) => x - y);
}

/** Normalizes one axis (negative from the end). Throws ShapeError when out of range. */
export function normalizeAxis(axis: number, rank: number, op: string): number {
	return normalizeAxes(axis, rank, op)[0];
}
