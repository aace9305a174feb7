import { describe, expect, it } from "vitest";
import { measureAccuracy } from "../../packages/tensor/scripts/measure-wasm-accuracy";

describe("wasm float32 transcendentals", () => {
	// Every 4099th float32 bit pattern (about a million inputs spread over the whole
	// range, both signs, NaNs and infinities included) against Math.* in float64. The
	// full sweep of all 2^32 inputs (scripts/measure-wasm-accuracy.ts --all) is in
	// docs/wasm-backend.md; the bound here is the target.
	const reports = measureAccuracy(["exp", "sigmoid", "tanh"], 4099);

	it.each(reports.map((r) => [r.name, r] as const))("%s stays under 2e-7 relative error", (_name, r) => {
		expect(r.checked).toBe(1047809);
		expect(r.maxRelative).toBeGreaterThan(0);
		expect(r.maxRelative).toBeLessThan(2e-7);
		// NaN stays NaN, overflow gives Infinity, underflow 0, signs kept: no result of the wrong class.
		expect(r.wrongClass).toBe(0);
		// Results below the smallest normal float32 are off by at most one subnormal step.
		expect(r.maxSubnormalUlps).toBeLessThanOrEqual(1);
	});
});
