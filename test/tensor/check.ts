/** Assertions comparing a Tensor with a reference array, with dtype-aware tolerances. */
import type { DType, Tensor } from "@backprop/tensor";
import { expect } from "vitest";
import { indicesOf, type Ref } from "./reference";

/** How close an element must be: |actual - expected| <= atol + rtol * (scale ?? |expected|). */
export interface Tolerance {
	rtol: number;
	atol: number;
	/** Per-element magnitude to scale rtol by (e.g. sum |x| of a reduction); |expected| when omitted. */
	scale?: readonly number[];
}

/** Bit-for-bit (up to the sign of zero). */
export const EXACT: Tolerance = { rtol: 0, atol: 0 };

/** One float32 rounding step and then some; atol covers float32 subnormals. */
export const F32: Tolerance = { rtol: 1e-6, atol: 1e-37 };

/**
 * Tolerance for a result computed by summation, where the order of the additions may
 * differ from the reference: relative to the sum of magnitudes of the terms.
 */
export function sumTolerance(dtype: DType, scale: readonly number[]): Tolerance {
	return dtype === "float32" ? { rtol: 1e-5, atol: 1e-30, scale } : { rtol: 1e-12, atol: 0, scale };
}

/** Elementwise tolerance for a result of `dtype`: exact for float64, one rounding for float32. */
export function elementTolerance(dtype: DType): Tolerance {
	return dtype === "float32" ? F32 : EXACT;
}

/** True when `actual` matches `expected` within `tol` (NaN matches NaN; infinities must be equal). */
export function isClose(actual: number, expected: number, tol: Tolerance, i = 0): boolean {
	if (Number.isNaN(expected)) return Number.isNaN(actual);
	if (!Number.isFinite(expected) || !Number.isFinite(actual)) return actual === expected;
	const scale = tol.scale ? tol.scale[i] : Math.abs(expected);
	return Math.abs(actual - expected) <= tol.atol + tol.rtol * scale;
}

/**
 * Asserts `actual` has the shape (and dtype, when given) of `expected` and that every
 * element is within `tol`. The failure names the first differing multi-index.
 */
export function expectTensor(actual: Tensor, expected: Ref, tol: Tolerance = EXACT, dtype?: DType): void {
	expect(actual.shape).toEqual(expected.shape);
	expect(actual.rank).toBe(expected.shape.length);
	expect(actual.size).toBe(expected.data.length);
	if (dtype !== undefined) expect(actual.dtype).toBe(dtype);
	const values = Array.from(actual.dataSync());
	expect(values.length).toBe(expected.data.length);
	for (let i = 0; i < values.length; i++) {
		if (!isClose(values[i], expected.data[i], tol, i)) {
			const where = indicesOf(expected.shape)[i];
			throw new Error(
				`element [${where.join(",")}] of shape [${expected.shape.join(",")}] is ${values[i]}, expected ${expected.data[i]} (rtol ${tol.rtol}, atol ${tol.atol})`,
			);
		}
	}
}

/** Asserts `fn` throws an instance of `type` whose message is exactly `message` (or matches it). */
export function expectThrow(fn: () => unknown, type: new (...args: never[]) => Error, message: string | RegExp): Error {
	let caught: unknown;
	try {
		fn();
	} catch (e) {
		caught = e;
	}
	expect(caught).toBeInstanceOf(type);
	const err = caught as Error;
	if (typeof message === "string") expect(err.message).toBe(message);
	else expect(err.message).toMatch(message);
	return err;
}
