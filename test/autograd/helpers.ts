/**
 * Shared helpers for the autograd suite: fast-check arbitraries for shapes that
 * broadcast and for values kept away from kinks and poles, and assertions on
 * gradients (exact small cases, and gradCheck at PyTorch's default tolerances).
 */
import { type GradCheckOptions, type GradCheckReport, gradCheck, type Variable, variable } from "@backprop/autograd";
import { type NestedArray, Tensor, tensor } from "@backprop/tensor";
import fc from "fast-check";
import { expect } from "vitest";

/** A shape: dimensions, outermost first. */
export type Shape = number[];

/** PyTorch's `gradcheck` defaults (eps 1e-6, atol 1e-5, rtol 1e-3), the tolerances. */
export const TORCH_TOLERANCES: Required<Pick<GradCheckOptions, "eps" | "atol" | "rtol">> = {
	eps: 1e-6,
	atol: 1e-5,
	rtol: 1e-3,
};

/**
 * Scales every property's number of runs: `AUTOGRAD_RUNS_SCALE=25 npx vitest run test/autograd`
 * soaks the suite; the default 1 keeps it fast on two cores.
 */
export const RUNS_SCALE = Math.max(1, Number(process.env.AUTOGRAD_RUNS_SCALE ?? 1) || 1);

/** Runs per op property: small tensors, so this stays fast. */
export const OP_RUNS = { numRuns: 40 * RUNS_SCALE } as const;

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
	return shape.reduce((n, d) => n * d, 1);
}

// ---------------------------------------------------------------------------
// Shapes

/** One dimension: 1 to 3, so every case stays small. */
export const dimArb = fc.integer({ min: 1, max: 3 });

/** A shape of rank `minRank..maxRank` with dimensions 1..3. */
export function shapeArb(minRank = 0, maxRank = 3): fc.Arbitrary<Shape> {
	return fc.array(dimArb, { minLength: minRank, maxLength: maxRank });
}

/**
 * A shape that broadcasts to `target` (NumPy's rules): drop `drop` leading
 * dimensions, then replace the dimensions flagged in `ones` by 1.
 */
export function shrinkToBroadcast(target: readonly number[], drop: number, ones: readonly boolean[]): Shape {
	const kept = target.slice(Math.min(drop, target.length));
	return kept.map((d, i) => (ones[i] ? 1 : d));
}

/** A shape that broadcasts to the given target shape. */
export function broadcastableTo(target: readonly number[]): fc.Arbitrary<Shape> {
	return fc
		.tuple(
			fc.nat({ max: target.length }),
			fc.array(fc.boolean(), { minLength: target.length, maxLength: target.length }),
		)
		.map(([drop, ones]) => shrinkToBroadcast(target, drop, ones));
}

/** NumPy broadcast of two shapes, or null when they do not broadcast. */
export function broadcastOf(a: readonly number[], b: readonly number[]): Shape | null {
	const rank = Math.max(a.length, b.length);
	const out: Shape = [];
	for (let i = 0; i < rank; i++) {
		const da = a[a.length - rank + i] ?? 1;
		const db = b[b.length - rank + i] ?? 1;
		if (da !== db && da !== 1 && db !== 1) return null;
		out.push(da === 1 ? db : da);
	}
	return out;
}

/**
 * Two shapes that broadcast together: the issue's `[3,1]` with `[4]` and a few
 * other fixed classics (scalar with matrix, either order), or two random shapes
 * derived from a common target.
 */
export const broadcastPairArb: fc.Arbitrary<[Shape, Shape]> = fc.oneof(
	fc.constantFrom<[Shape, Shape]>(
		[[3, 1], [4]],
		[[4], [3, 1]],
		[[2, 3], []],
		[[], [2, 3]],
		[
			[2, 1, 3],
			[2, 1],
		],
	),
	shapeArb(0, 3).chain((target) => fc.tuple(broadcastableTo(target), broadcastableTo(target))),
);

// ---------------------------------------------------------------------------
// Values

/**
 * How random values are drawn. Values come from integers on a fine grid with
 * fast-check's bias switched off, so they spread evenly instead of crowding at
 * 0 or at the bounds.
 * - `any`: [-2, 2], for smooth ops.
 * - `positive`: [0.25, 3], for log, sqrt, a divisor, a pow base.
 * - `nonzero`: ±[0.25, 2], for abs, relu and divisors of either sign.
 * - `gridA` / `gridB`: 0.5k + 0.1 + j and 0.5k + 0.35 + j with j in [0, 0.05]:
 *   any gridA value and any gridB value differ by at least 0.2, so maximum and
 *   minimum of the two never see a tie, whatever the broadcasting.
 * - `clipSafe`: 0.25k + 0.1 + j with j in [0, 0.05]: at least 0.1 away from
 *   every multiple of 0.25, such as clip bounds ±0.5 and ±1.
 */
export type ValueKind = "any" | "positive" | "nonzero" | "gridA" | "gridB" | "clipSafe";

function uniform(min: number, max: number): fc.Arbitrary<number> {
	const steps = 1_000_000;
	return fc.noBias(fc.integer({ min: 0, max: steps })).map((k) => min + ((max - min) * k) / steps);
}

/** One random value of the given kind. */
export function valueArb(kind: ValueKind): fc.Arbitrary<number> {
	switch (kind) {
		case "any":
			return uniform(-2, 2);
		case "positive":
			return uniform(0.25, 3);
		case "nonzero":
			return fc.tuple(fc.boolean(), uniform(0.25, 2)).map(([negative, m]) => (negative ? -m : m));
		case "gridA":
			return fc.tuple(fc.integer({ min: -4, max: 4 }), uniform(0, 0.05)).map(([k, j]) => 0.5 * k + 0.1 + j);
		case "gridB":
			return fc.tuple(fc.integer({ min: -4, max: 4 }), uniform(0, 0.05)).map(([k, j]) => 0.5 * k + 0.35 + j);
		case "clipSafe":
			return fc.tuple(fc.integer({ min: -8, max: 8 }), uniform(0, 0.05)).map(([k, j]) => 0.25 * k + 0.1 + j);
	}
}

/** A float64 tensor of `shape` with values of the given kind. */
export function tensorArb(shape: readonly number[], kind: ValueKind = "any"): fc.Arbitrary<Tensor> {
	const n = sizeOf(shape);
	return fc
		.array(valueArb(kind), { minLength: n, maxLength: n })
		.map((v) => tensor(Float64Array.from(v), { shape: shape }));
}

/**
 * A float64 tensor of `shape` whose elements are pairwise at least 0.08 apart
 * (distinct multiples of 0.1 plus a jitter below 0.02): max and min reductions
 * have a unique extreme in every group, far from a tie.
 */
export function distinctTensorArb(shape: readonly number[]): fc.Arbitrary<Tensor> {
	const n = sizeOf(shape);
	return fc
		.tuple(
			fc.uniqueArray(fc.integer({ min: -30, max: 30 }), { minLength: n, maxLength: n }),
			fc.array(uniform(0, 0.02), { minLength: n, maxLength: n }),
		)
		.map(([ks, js]) =>
			tensor(
				Float64Array.from(ks, (k, i) => 0.1 * k + (js[i] as number)),
				{ shape: shape },
			),
		);
}

/** A random shape and a tensor of that shape. */
export function anyTensorArb(kind: ValueKind = "any", minRank = 0, maxRank = 3): fc.Arbitrary<Tensor> {
	return shapeArb(minRank, maxRank).chain((s) => tensorArb(s, kind));
}

/** Two tensors whose shapes broadcast together, with values of the given kinds. */
export function broadcastTensorsArb(kindA: ValueKind, kindB: ValueKind): fc.Arbitrary<[Tensor, Tensor]> {
	return broadcastPairArb.chain(([sa, sb]) => fc.tuple(tensorArb(sa, kindA), tensorArb(sb, kindB)));
}

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
		const x = a[i] as number;
		const y = w[i] as number;
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
