/**
 * Deterministic inputs and initial weights. Every number is rounded to float32
 * first, so float32 and float64 engines start from exactly the same values.
 */
import { type DType, Rng, type TypedArray } from "@backprop/tensor";

/** A seeded generator for one case: the same seed and label give the same numbers everywhere. */
export function caseRng(seed: number, label: string): Rng {
	let h = seed >>> 0;
	for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x9e3779b1) >>> 0;
	return new Rng(h);
}

/** `length` normal draws with the given standard deviation, float32-representable. */
export function normalArray(rng: Rng, length: number, std = 1): Float64Array {
	const out = new Float64Array(length);
	for (let i = 0; i < length; i++) out[i] = Math.fround(rng.normal(0, std));
	return out;
}

/** `length` uniform draws in [low, high), float32-representable. */
export function uniformArray(rng: Rng, length: number, low: number, high: number): Float64Array {
	const out = new Float64Array(length);
	for (let i = 0; i < length; i++) out[i] = Math.fround(rng.uniform(low, high));
	return out;
}

/** A copy of `values` as a typed array of `dtype`. */
export function asDtype(values: ArrayLike<number>, dtype: DType): TypedArray {
	return dtype === "float32" ? Float32Array.from(values) : Float64Array.from(values);
}

/** A zeroed typed array of `dtype`. */
export function zerosOf(dtype: DType, length: number): TypedArray {
	return dtype === "float32" ? new Float32Array(length) : new Float64Array(length);
}
