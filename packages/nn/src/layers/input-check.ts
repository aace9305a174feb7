/** Shape checks at a layer's door, so a mistake names the layer rather than an op deep inside it. */
import type { Variable } from "@backprop/autograd";
import { ShapeError } from "@backprop/tensor";
import type { Module } from "../module";

/** A dimension a layer expects: a fixed size, or a name for any size (`batch`, `h`). */
export type ExpectedDim = number | string;

/** `[32, 28, 28]`, as the layers' messages show shapes. */
export function showShape(shape: readonly ExpectedDim[]): string {
	return `[${shape.join(", ")}]`;
}

/**
 * Throws ShapeError `Conv2D 'conv2d_1': expected input [batch, h, w, 3], got
 * [32, 28, 28]` unless x has the rank of `expected` and its fixed sizes.
 */
export function checkInput(layer: Module, x: Variable, expected: readonly ExpectedDim[]): void {
	const shape = x.shape;
	const fits = shape.length === expected.length && expected.every((d, i) => typeof d !== "number" || shape[i] === d);
	if (!fits) throw new ShapeError(`${layer.label}: expected input ${showShape(expected)}, got ${showShape(shape)}`);
}

/** Throws RangeError naming the layer unless `value` is a positive integer. */
export function checkPositive(layer: string, what: string, value: number): number {
	if (!Number.isInteger(value) || value <= 0) {
		throw new RangeError(`${layer}: ${what} must be a positive integer, got ${String(value)}`);
	}
	return value;
}
