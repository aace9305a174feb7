import { variable, where } from "@backprop/autograd";
import { tensor } from "@backprop/tensor";
import { tensorArb } from "@backprop/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectGradCheck, gradOf, param } from "./helpers";

describe("where", () => {
	it("sends each gradient to the branch its element came from, none to the condition", () => {
		// out = where([1,0,1], a, b): d/da = [1,0,1], d/db = [0,1,0]
		const a = param([1, 2, 3]);
		const b = param([4, 5, 6]);
		const cond = variable([1, 0, 1], { requiresGrad: true });
		where(cond, a, b).sum().backward();
		expect(gradOf(a).toArray()).toEqual([1, 0, 1]);
		expect(gradOf(b).toArray()).toEqual([0, 1, 0]);
		expect(cond.grad).toBeNull();
	});

	it("sums the gradient back over broadcast axes", () => {
		// where(cond [2,2], a [2] (rows), 0): d/da[j] = Σ_i cond[i][j]
		const a = param([1, 2]);
		where(
			tensor([
				[1, 0],
				[1, 1],
			]),
			a,
			0,
		)
			.sum()
			.backward();
		expect(gradOf(a).toArray()).toEqual([2, 1]);
	});
});

describe("variance and std (composites: no backward written)", () => {
	it("d var(x)/dx_i = 2(x_i - mean)/(n - 1): x = [1,2,3,4] -> [-1, -1/3, 1/3, 1]", () => {
		const x = param([1, 2, 3, 4]);
		x.variance().backward();
		expect(gradOf(x).toArray()).toEqual([-1, -1 / 3, 1 / 3, 1]);
	});

	it("record only primitives", () => {
		const x = param([1, 2, 3]);
		expect(x.variance().node?.op).toBe("div");
		expect(x.std().node?.op).toBe("sqrt");
	});

	it("pass gradCheck on random [3,4] values over every axis choice, both corrections, keepDims or not", () => {
		const axes = fc.constantFrom<number | number[] | undefined>(undefined, 0, 1, -1, [0, 1]);
		fc.assert(
			fc.property(tensorArb([3, 4]), axes, fc.constantFrom(0, 1), fc.boolean(), (x, axis, correction, keep) => {
				expectGradCheck((v) => v.variance(axis, keep, correction), [x]);
				expectGradCheck((v) => v.std(axis, keep, correction), [x]);
			}),
			{ numRuns: 40 },
		);
	});
});
