/**
 * gradCheck itself: it must catch a wrong gradient, say where, and apply
 * PyTorch's rule |analytic - numeric| <= atol + rtol·|numeric|.
 */
import { defineOp, type GradCheckWorst, gradCheck, type Variable, variable } from "@backprop/autograd";
import { tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";

// A deliberately wrong square: forward x², backward g·x (the true derivative is 2x).
const wrongSquare = defineOp({
	name: "wrongSquare",
	forward: ([x]) => x.square(),
	backward: (g, { inputs: [x] }) => [g.mul(x)],
});

// Correct in its first input, wrong (by a factor 1.5) in its second: f(a, b) = a·b.
const wrongInB = defineOp({
	name: "wrongInB",
	forward: ([a, b]) => a.mul(b),
	backward: (g, { inputs: [a, b] }) => [g.mul(b), g.mul(a).mul(1.5)],
});

// Identity whose backward reverses the gradient: right for a uniform seed (a plain
// sum of the output), wrong for any other; only a non-uniform projection catches it.
const reversingIdentity = defineOp({
	name: "reversingIdentity",
	forward: ([x]) => x,
	backward: (g) => [tensor(Array.from(g.dataSync()).reverse())],
});

// Exact up to a relative factor (1 + 1e-4).
const slightlyOff = defineOp({
	name: "slightlyOff",
	forward: ([x]) => x.mul(3),
	backward: (g) => [g.mul(3 * (1 + 1e-4))],
});

describe("gradCheck", () => {
	it("reports ok false for a wrong op, with the worst element, its analytic and numeric gradients", () => {
		// errors |x - 2x| = [1, 2, 3]: the worst excess is at index 2, analytic 3 vs numeric 6
		const report = gradCheck((x) => wrongSquare([x]).sum(), [[1, 2, 3]]);
		expect(report.ok).toBe(false);
		const worst = report.worst as GradCheckWorst;
		expect(worst.input).toBe(0);
		expect(worst.index).toEqual([2]);
		expect(worst.analytic).toBe(3);
		expect(worst.numeric).toBeCloseTo(6, 6);
		expect(report.maxAbsError).toBeCloseTo(3, 6);
		expect(report.maxRelError).toBeCloseTo(0.5, 6);
	});

	it("points at the input and the multi-index where the gradient is wrong", () => {
		const a = tensor([
			[1, 2],
			[3, 4],
		]);
		const b = tensor([
			[1, -1],
			[2, 0.5],
		]);
		const report = gradCheck((x, y) => wrongInB([x, y]).sum(), [a, b]);
		expect(report.ok).toBe(false);
		// b's error is 0.5·|a|: largest at a[1][1] = 4, analytic 1.5·4 = 6 vs numeric 4
		expect(report.worst?.input).toBe(1);
		expect(report.worst?.index).toEqual([1, 1]);
		expect(report.worst?.analytic).toBe(6);
		expect(report.worst?.numeric).toBeCloseTo(4, 6);
	});

	it("passes a correct function, with tiny errors and its worst element reported", () => {
		const report = gradCheck((x, y) => x.mul(y).exp().sum(), [tensor([0.1, 0.2]), tensor([[0.3], [-0.4]])]);
		expect(report.ok).toBe(true);
		expect(report.maxAbsError).toBeLessThan(1e-7);
		expect(report.worst).not.toBeNull();
	});

	it("checks a non-scalar output through a random projection, so a wrong vector-Jacobian product is caught", () => {
		const x = tensor([1, 2, 3, 4]);
		// a plain sum hides the bug ...
		expect(gradCheck((v) => reversingIdentity([v]).sum(), [x]).ok).toBe(true);
		// ... the projection does not
		expect(gradCheck((v) => reversingIdentity([v]), [x]).ok).toBe(false);
		// and a correct non-scalar function passes
		expect(gradCheck((v) => v.mul(v), [x]).ok).toBe(true);
	});

	it("applies |analytic - numeric| <= atol + rtol·|numeric|", () => {
		// relative error 1e-4 on a gradient of 3: passes rtol 1e-3, fails rtol 1e-5 with atol 0
		const f = (v: Variable) => slightlyOff([v]).sum();
		const x = [1, 2];
		expect(gradCheck(f, [x]).ok).toBe(true);
		const strict = gradCheck(f, [x], { atol: 0, rtol: 1e-5 });
		expect(strict.ok).toBe(false);
		expect(strict.maxRelError).toBeCloseTo(1e-4, 6);
		// a huge atol lets even the wrong square pass
		expect(gradCheck((v) => wrongSquare([v]).sum(), [[1, 2, 3]], { atol: 10 }).ok).toBe(true);
	});

	it("accepts Variables, Tensors and nested arrays, and leaves the given variables' grads alone", () => {
		const v = variable([1, 2], { requiresGrad: true });
		const report = gradCheck((a, b, c) => a.mul(b).add(c).sum(), [v, tensor([3, 4]), [[5], [6]]]);
		expect(report.ok).toBe(true);
		expect(v.grad).toBeNull();
	});

	it("works in float64 whatever the input dtype: float32 inputs pass at the default tolerances", () => {
		const x = variable([0.1, 0.7, -1.3], { dtype: "float32" });
		const seen: string[] = [];
		const report = gradCheck(
			(v) => {
				seen.push(v.dtype);
				return v.exp().tanh().sum();
			},
			[x],
		);
		expect(report.ok).toBe(true);
		expect(new Set(seen)).toEqual(new Set(["float64"]));
	});

	it("reports a NaN gradient as a failure with an infinite error", () => {
		const nanGrad = defineOp({
			name: "nanGrad",
			forward: ([x]) => x,
			backward: (g) => [g.mul(Number.NaN)],
		});
		const report = gradCheck((v) => nanGrad([v]).sum(), [[1]]);
		expect(report.ok).toBe(false);
		expect(report.maxAbsError).toBe(Number.POSITIVE_INFINITY);
		expect(Number.isNaN(report.worst?.analytic)).toBe(true);
	});

	it("an input the output does not depend on has gradient 0 on both sides", () => {
		const report = gradCheck((a, _b) => a.square().sum(), [[1, 2], [3]]);
		expect(report.ok).toBe(true);
	});

	it("throws a TypeError when fn does not return a Variable", () => {
		expect(() => gradCheck(() => tensor([1]) as unknown as Variable, [[1]])).toThrow(TypeError);
	});
});
