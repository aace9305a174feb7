/** What every op needs around its kernels: operand checks, result allocation, broadcast views. */
import type { NdArray } from "ndarray";
import { allocateOutput, allocateStorage } from "../backends/registry";
import type { DType, TypedArray } from "../dtype";
import { formatShape, ShapeError } from "../errors";
import { ndview } from "../ndview";
import { contiguousStrides } from "../shape";
import { Tensor, type TensorLike, viewOf } from "../tensor";

/** Throws a TypeError naming `op` unless `x` is a Tensor or a finite-or-not number. */
export function checkOperand(x: unknown, op: string): TensorLike {
	if (x instanceof Tensor || typeof x === "number") return x;
	throw new TypeError(`${op}: expected a Tensor or a number, got ${describe(x)}`);
}

/** Throws a TypeError naming `op` unless `x` is a Tensor. */
export function checkTensor(x: unknown, op: string): Tensor {
	if (x instanceof Tensor) return x;
	throw new TypeError(`${op}: expected a Tensor, got ${describe(x)}`);
}

/** A short description of a value for error messages. */
export function describe(x: unknown): string {
	if (x === null) return "null";
	if (x === undefined) return "undefined";
	if (Array.isArray(x)) return "an array";
	if (typeof x === "object") return (x as object).constructor?.name ?? "an object";
	if (typeof x === "string") return `the string ${JSON.stringify(x)}`;
	return `${typeof x} ${String(x)}`;
}

/** A fresh dense ndarray of `shape` from the active backend's storage. */
export function allocArray(dtype: DType, shape: readonly number[]): NdArray<TypedArray> {
	let size = 1;
	for (const d of shape) size *= d;
	return ndview(allocateStorage(dtype, size), shape as number[], contiguousStrides(shape), 0);
}

/**
 * A fresh dense ndarray of `shape` for a result the caller's kernel writes in full:
 * its elements start unspecified (the backend may skip zeroing a reused block).
 */
export function outputArray(dtype: DType, shape: readonly number[]): NdArray<TypedArray> {
	let size = 1;
	for (const d of shape) size *= d;
	return ndview(allocateOutput(dtype, size), shape as number[], contiguousStrides(shape), 0);
}

/**
 * A stride-0 view of `t` broadcast to `shape` (assumed compatible): dimensions
 * of size 1 and missing leading dimensions repeat without copying.
 */
export function broadcastView(t: Tensor, shape: readonly number[], op: string): NdArray<TypedArray> {
	const rank = shape.length;
	const lead = rank - t.rank;
	if (lead < 0) throw new ShapeError(`${op}: cannot broadcast ${formatShape(t.shape)} to ${formatShape(shape)}`);
	const view = viewOf(t);
	const strides = new Array<number>(rank);
	for (let i = 0; i < rank; i++) {
		const target = shape[i];
		if (i < lead) {
			strides[i] = 0;
			continue;
		}
		const d = t.shape[i - lead];
		if (d === target) strides[i] = view.stride[i - lead];
		else if (d === 1) strides[i] = 0;
		else throw new ShapeError(`${op}: cannot broadcast ${formatShape(t.shape)} to ${formatShape(shape)}`);
	}
	return ndview(view.data, shape.slice(), strides, view.offset);
}
