/**
 * Shared helpers for the nn suite: snapshots of a model's weights, bit-level
 * comparison of tensors, closeness with a relative tolerance, gradCheck with a
 * readable failure, and temporary folders for file tests.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type GradCheckOptions, type GradCheckReport, gradCheck, type Variable } from "@backprop/autograd";
import type { Module } from "@backprop/nn";
import { type NestedArray, Tensor, type TypedArray, tensor } from "@backprop/tensor";
import { expect } from "vitest";

/** PyTorch's `gradcheck` defaults. */
export const TORCH_TOLERANCES: Required<Pick<GradCheckOptions, "eps" | "atol" | "rtol">> = {
	eps: 1e-6,
	atol: 1e-5,
	rtol: 1e-3,
};

/** The XOR truth table, the classic problem a single neuron cannot learn. */
export const XOR_X = [
	[0, 0],
	[0, 1],
	[1, 0],
	[1, 1],
];
/** XOR targets, one column. */
export const XOR_Y = [[0], [1], [1], [0]];

/** A copy of every parameter's values, in parameter order. */
export function snapshot(model: Module): Float64Array[] {
	return model.parameters().map((p) => Float64Array.from(p.value.dataSync()));
}

/** The exact bits of each number, as hex strings: equal only when bit-identical (NaN payloads and -0 included). */
export function bits(values: ArrayLike<number> | TypedArray): string[] {
	const view = new DataView(new ArrayBuffer(8));
	return Array.from(values as ArrayLike<number>, (v) => {
		view.setFloat64(0, v);
		return view.getBigUint64(0).toString(16);
	});
}

/** Asserts that two lists of arrays (e.g. weight snapshots) are bit-identical. */
export function expectSameBits(
	actual: ReadonlyArray<ArrayLike<number>>,
	expected: ReadonlyArray<ArrayLike<number>>,
): void {
	expect(actual.length).toBe(expected.length);
	actual.forEach((a, i) => {
		expect(bits(a), `array ${i}`).toEqual(bits(expected[i] as ArrayLike<number>));
	});
}

/** True when some element differs (used to show that training or shuffling changed something). */
export function differ(a: ReadonlyArray<ArrayLike<number>>, b: ReadonlyArray<ArrayLike<number>>): boolean {
	return a.some((x, i) => bits(x).join() !== bits(b[i] as ArrayLike<number>).join());
}

/** True when every parameter value is finite. */
export function allFinite(model: Module): boolean {
	return model.parameters().every((p) => Array.from(p.value.dataSync()).every(Number.isFinite));
}

/** Asserts `actual` has `expected`'s shape and values within `tol` relative to magnitude (at least absolute). */
export function expectClose(actual: Tensor | null, expected: NestedArray | Tensor, tol = 1e-12): void {
	if (actual === null) throw new Error("expected a tensor, got null");
	const want = expected instanceof Tensor ? expected : tensor(expected);
	expect(actual.shape).toEqual(want.shape);
	const a = actual.dataSync();
	const w = want.dataSync();
	for (let i = 0; i < w.length; i++) {
		const x = a[i];
		const y = w[i];
		if (!(Math.abs(x - y) <= tol * Math.max(1, Math.abs(y)))) {
			throw new Error(`element ${i}: got ${x}, expected ${y} (tol ${tol})\n  actual   ${actual.toString()}`);
		}
	}
}

/** Asserts a number is within `tol` of `expected`, relative to magnitude (at least absolute). */
export function expectNear(actual: number, expected: number, tol = 1e-12): void {
	if (!(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)))) {
		throw new Error(`got ${actual}, expected ${expected} (tol ${tol})`);
	}
}

/** The gradient of `v`, failing the test when backward left none. */
export function gradOf(v: Variable): Tensor {
	if (v.grad === null) throw new Error("expected a gradient, got null");
	return v.grad;
}

/** Runs gradCheck at PyTorch's tolerances and asserts it passes, printing the report otherwise. */
export function expectGradCheck(
	fn: (...inputs: Variable[]) => Variable,
	inputs: ReadonlyArray<Tensor>,
	options: GradCheckOptions = TORCH_TOLERANCES,
): GradCheckReport {
	const report = gradCheck(fn, inputs, options);
	if (!report.ok) {
		const shown = inputs.map((t) => JSON.stringify(t.toArray())).join("; ");
		throw new Error(`gradCheck failed: ${JSON.stringify(report)}\n  inputs: ${shown}`);
	}
	expect(report.ok).toBe(true);
	return report;
}

/** Runs `fn` with a fresh temporary folder, removed afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
	const dir = await mkdtemp(join(tmpdir(), "backprop-nn-"));
	try {
		return await fn(dir);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

/** Captures what `fn` throws (failing when it does not), for checking the error's class and message together. */
export function thrown(fn: () => unknown): Error {
	try {
		fn();
	} catch (e) {
		if (e instanceof Error) return e;
		throw new Error(`expected an Error, got ${String(e)}`);
	}
	throw new Error("expected a throw, got none");
}

/** Captures what a promise rejects with (failing when it resolves). */
export async function rejected(promise: Promise<unknown>): Promise<Error> {
	try {
		await promise;
	} catch (e) {
		if (e instanceof Error) return e;
		throw new Error(`expected an Error, got ${String(e)}`);
	}
	throw new Error("expected a rejection, got a result");
}
