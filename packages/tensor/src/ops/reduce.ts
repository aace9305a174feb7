/**
 * Reductions over any set of axes. The tensor is viewed with the reduced axes
 * last (a transpose, copied dense only if needed), so each output element
 * reduces one contiguous run; reducing leading axes of dense data skips even that.
 */
import type { ReduceOpName } from "../backends/backend";
import { allocateStorage, kernels } from "../backends/registry";
import { formatShape, ShapeError } from "../errors";
import { normalizeAxes, normalizeAxis, sizeOf } from "../shape";
import { type Axis, denseData, fromData, isDense, type Tensor, viewOf } from "../tensor";
import { checkTensor } from "./operand";
import { transpose } from "./shape";

function outShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
	const out: number[] = [];
	for (let i = 0; i < shape.length; i++) {
		if (!axes.includes(i)) out.push(shape[i]);
		else if (keepDims) out.push(1);
	}
	return out;
}

/** The axes other than `axes`, in order, followed by `axes`: the permutation that moves reduced axes last. */
export function reducedLast(rank: number, axes: readonly number[]): number[] {
	const kept = Array.from({ length: rank }, (_, i) => i).filter((i) => !axes.includes(i));
	return [...kept, ...axes];
}

/** `op` over `axis` (all when omitted), named `name` in errors. Throws ShapeError for a bad or empty axis. */
export function reduce(name: string, op: ReduceOpName, x: Tensor, axis: Axis | undefined, keepDims: boolean): Tensor {
	checkTensor(x, name);
	const axes = normalizeAxes(axis, x.rank, name);
	const shape = outShape(x.shape, axes, keepDims);
	const inner = sizeOf(axes.map((a) => x.shape[a]));
	const outer = x.size === 0 ? sizeOf(shape) : x.size / inner;
	if (inner === 0 && op !== "sum" && outer > 0) {
		throw new ShapeError(`${name}: cannot reduce an empty axis of shape ${formatShape(x.shape)}`);
	}
	const out = allocateStorage(x.dtype, outer);
	const leading = axes.every((a, i) => a === i);
	if (leading && isDense(x)) kernels().reduce(op, viewOf(x).data, inner, outer, true, out);
	else kernels().reduce(op, denseData(transpose(x, reducedLast(x.rank, axes))), inner, outer, false, out);
	return fromData(out, shape);
}

/**
 * Index of the first maximum along `axis`, as a float64 tensor of integers;
 * without an axis, the index into the flattened tensor (a rank-0 tensor).
 * Throws ShapeError for an empty axis or a bad axis.
 */
export function argmax(x: Tensor, axis?: number): Tensor {
	checkTensor(x, "argmax");
	const flat = axis === undefined;
	const a = flat ? 0 : normalizeAxis(axis, x.rank, "argmax");
	const n = flat ? x.size : x.shape[a];
	const shape = flat ? [] : x.shape.filter((_, i) => i !== a);
	const outer = sizeOf(shape);
	if (n === 0 && outer > 0) {
		const seen = flat ? [x.size] : x.shape; // without an axis, the flattened tensor is what is reduced
		throw new ShapeError(`argmax: cannot reduce an empty axis of shape ${formatShape(seen)}`);
	}
	const data = flat ? denseData(x) : denseData(transpose(x, reducedLast(x.rank, [a])));
	const out = allocateStorage("float64", outer);
	kernels().argmax(data, n, outer, out);
	return fromData(out, shape);
}

/**
 * 1 at the first maximal (`max`) or minimal (`min`) element of each group reduced
 * over `axis`, 0 elsewhere: where a max/min reduction's gradient goes.
 */
export function extremeMask(x: Tensor, axis: Axis | undefined, op: "max" | "min"): Tensor {
	const axes = normalizeAxes(axis, x.rank, op);
	const perm = reducedLast(x.rank, axes);
	const moved = transpose(x, perm);
	const inner = sizeOf(axes.map((a) => x.shape[a]));
	const mask = allocateStorage(x.dtype, x.size);
	kernels().extremeMask(op, denseData(moved), inner, inner === 0 ? 0 : x.size / inner, mask);
	return transpose(
		fromData(mask, moved.shape),
		perm.map((_, i) => perm.indexOf(i)),
	);
}
