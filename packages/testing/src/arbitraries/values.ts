/**
 * Values for gradient tests, drawn evenly (fast-check's bias toward 0 and the
 * bounds switched off) and, where an op has a kink or a pole, kept away from it:
 * finite differences are wrong right next to a kink.
 */
import fc from "fast-check";

/**
 * How values are drawn:
 * - `any`: [-2, 2], for smooth ops.
 * - `positive`: [0.25, 3], for log, sqrt, a divisor, a pow base.
 * - `nonzero`: ±[0.25, 2], for abs, relu and divisors of either sign (at least 0.25 from the kink at 0).
 * - `gridA` / `gridB`: 0.5k + 0.1 + j and 0.5k + 0.35 + j with j in [0, 0.05]:
 *   any gridA value and any gridB value differ by at least 0.2, so maximum and
 *   minimum of the two never see a tie, whatever the broadcasting.
 * - `clipSafe`: 0.25k + 0.1 + j with j in [0, 0.05]: at least 0.1 away from
 *   every multiple of 0.25, such as clip bounds ±0.5 and ±1.
 */
export type ValueKind = "any" | "positive" | "nonzero" | "gridA" | "gridB" | "clipSafe";

/** A number spread evenly over [min, max] (a million steps). */
export function uniformArb(min: number, max: number): fc.Arbitrary<number> {
	const steps = 1_000_000;
	return fc.noBias(fc.integer({ min: 0, max: steps })).map((k) => min + ((max - min) * k) / steps);
}

/** One random value of the given kind. */
export function valueArb(kind: ValueKind = "any"): fc.Arbitrary<number> {
	switch (kind) {
		case "any":
			return uniformArb(-2, 2);
		case "positive":
			return uniformArb(0.25, 3);
		case "nonzero":
			return fc.tuple(fc.boolean(), uniformArb(0.25, 2)).map(([negative, m]) => (negative ? -m : m));
		case "gridA":
			return fc.tuple(fc.integer({ min: -4, max: 4 }), uniformArb(0, 0.05)).map(([k, j]) => 0.5 * k + 0.1 + j);
		case "gridB":
			return fc.tuple(fc.integer({ min: -4, max: 4 }), uniformArb(0, 0.05)).map(([k, j]) => 0.5 * k + 0.35 + j);
		case "clipSafe":
			return fc.tuple(fc.integer({ min: -8, max: 8 }), uniformArb(0, 0.05)).map(([k, j]) => 0.25 * k + 0.1 + j);
	}
}

/**
 * Values in [min, max] at least `margin` away from each of `kinks` (e.g. a
 * custom op's breakpoints). Throws RangeError when no value is left.
 */
export function valueAwayFrom(
	kinks: readonly number[],
	options: { min?: number; max?: number; margin?: number } = {},
): fc.Arbitrary<number> {
	const min = options.min ?? -2;
	const max = options.max ?? 2;
	const margin = options.margin ?? 0.01;
	// The allowed intervals, in order; a value is drawn from one of them by length.
	const cuts = [...kinks].sort((a, b) => a - b);
	const intervals: Array<[number, number]> = [];
	let low = min;
	for (const k of cuts) {
		if (k - margin > low) intervals.push([low, Math.min(max, k - margin)]);
		low = Math.max(low, k + margin);
	}
	if (low < max) intervals.push([low, max]);
	if (intervals.length === 0) {
		throw new RangeError(`valueAwayFrom: no value in [${min}, ${max}] is ${margin} away from ${cuts.join(", ")}`);
	}
	return fc.oneof(
		...intervals.map(([a, b]) => ({ arbitrary: uniformArb(a, b), weight: Math.max(1, Math.round((b - a) * 100)) })),
	);
}
