/**
 * Shared helpers for the autograd suite: run counts, reduction axes, and
 * assertions on gradients (exact small cases, and gradCheck at PyTorch's default
 * tolerances). Shapes, values and tensors come from @backprop/testing.
 */
import { type GradCheckOptions, type GradCheckReport, gradCheck, type Variable, variable } from "@backprop/autograd";
import { type NestedArray, Tensor, tensor } from "@backprop/tensor";
import { TORCH_TOLERANCES } from "@backprop/testing";
import fc from "fast-check";
import { expect } from "vitest";

/**
 * Scales every property's number of runs: `AUTOGRAD_RUNS_SCALE=25 npx vitest run test/autograd`
 * soaks the suite; the default 1 keeps it fast on two cores.
 */
export const RUNS_SCALE = Math.max(1, Number(process.env.AUTOGRAD_RUNS_SCALE ?? 1) || 1);

/** Runs per op property: small tensors, so this stays fast. */
export const OP_RUNS = { numRuns: 40 * RUNS_SCALE } as const;

/** A valid reduction axis for a tensor of `rank`: undefined (all), one axis (maybe negative) or a list. */
export function axisArb(rank: number): fc.Arbitrary<number | number[] | undefined> {
	if (rank === 0) return fc.constant(undefined);
	return fc.oneof(
		fc.constant(undefined),
		fc.integer({ min: -rank, max: rank - 1 }),
		fc.subarray(
			Array.from({ length: rank }, (_, i) => i),
			{ minLength: 1 },
		),
	);
}

// ---------------------------------------------------------------------------
// Assertions

/** A leaf variable that requires a gradient. */
export function param(data: NestedArray | Tensor, dtype?: "float32" | "float64"): Variable {
	return variable(data, dtype ? { requiresGrad: true, dtype } : { requiresGrad: true });
}

/** The gradient of `v`, failing the test when backward left none. */
export function gradOf(v: Variable): Tensor {
	const g = v.grad;
	if (g === null) throw new Error(`expected a gradient on ${v.toString()}, got null`);
	return g;
}

/** Asserts that `actual` has `expected`'s shape and values within `tol` (relative to magnitude, at least absolute). */
export function expectClose(actual: Tensor | null, expected: NestedArray | Tensor, tol = 1e-12): void {
	if (actual === null) throw new Error("expected a tensor, got null");
	const want = expected instanceof Tensor ? expected : tensor(expected);
	expect(actual.shape).toEqual(want.shape);
	const a = actual.dataSync();
	const w = want.dataSync();
	for (let i = 0; i < w.length; i++) {
		const x = a[i];
		const y = w[i];
		const ok = Math.abs(x - y) <= tol * Math.max(1, Math.abs(y));
		if (!ok) {
			throw new Error(
				`element ${i}: got ${x}, expected ${y} (tol ${tol})\n  actual   ${actual.toString()}\n  expected ${want.toString()}`,
			);
		}
	}
}

/** Runs gradCheck at PyTorch's default tolerances and asserts it passes, printing the report otherwise. */
export function expectGradCheck(
	fn: (...inputs: Variable[]) => Variable,
	inputs: ReadonlyArray<Tensor>,
	options: GradCheckOptions = TORCH_TOLERANCES,
): GradCheckReport {
	const report = gradCheck(fn, inputs, options);
	if (!report.ok) {
		const shapes = inputs.map((t) => `${JSON.stringify(t.shape)} ${JSON.stringify(t.toArray())}`).join("; ");
		throw new Error(`gradCheck failed: ${JSON.stringify(report)}\n  inputs: ${shapes}`);
	}
	expect(report.ok).toBe(true);
	return report;
}
