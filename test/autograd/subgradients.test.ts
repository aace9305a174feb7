/**
 * Subgradients at kinks are fixed and documented: relu'(0) = 0, abs'(0) = 0,
 * max and maximum send the gradient to the first maximal element (min and minimum
 * to the first minimal one), clip passes it at its bounds.
 */
import { maximum, minimum } from "@backprop/autograd";
import { describe, expect, it } from "vitest";
import { gradOf, param } from "./helpers";

describe("subgradients at kinks", () => {
	it("relu'(0) = 0", () => {
		const x = param([0, -0, 0]);
		x.relu().sum().backward();
		expect(gradOf(x).toArray()).toEqual([0, 0, 0]);
	});

	it("abs'(0) = 0 (for +0 and -0)", () => {
		const x = param([0, -0]);
		x.abs().sum().backward();
		// sign(-0) is -0, which equals 0 (=== and ==): compare values, not the sign bit
		const g = Array.from(gradOf(x).dataSync());
		expect(g.every((v) => v === 0)).toBe(true);
		expect(g).toHaveLength(2);
	});

	it("max sends the gradient to the first maximal element, all of it", () => {
		const x = param([2, 7, 7, 7]);
		x.max().backward();
		expect(gradOf(x).toArray()).toEqual([0, 1, 0, 0]);
		const all = param([3, 3, 3]);
		all.max().backward();
		expect(gradOf(all).toArray()).toEqual([1, 0, 0]);
	});

	it("max over an axis: the first maximal element of each group along that axis", () => {
		// columns of [[1,4],[1,4]]: both are ties, the first row gets both gradients
		const x = param([
			[1, 4],
			[1, 4],
		]);
		x.max(0).backward([10, 20]);
		expect(gradOf(x).toArray()).toEqual([
			[10, 20],
			[0, 0],
		]);
	});

	it("min sends the gradient to the first minimal element", () => {
		const x = param([5, -1, -1]);
		x.min().backward();
		expect(gradOf(x).toArray()).toEqual([0, 1, 0]);
	});

	it("maximum(a, b) on a tie sends the gradient to a, the first operand", () => {
		const a = param([2, 2]);
		const b = param([2, 2]);
		maximum(a, b).sum().backward();
		expect(gradOf(a).toArray()).toEqual([1, 1]);
		expect(gradOf(b).toArray()).toEqual([0, 0]);
		const c = param([2, 2]);
		const d = param([2, 2]);
		d.maximum(c).sum().backward();
		expect(gradOf(d).toArray()).toEqual([1, 1]);
		expect(gradOf(c).toArray()).toEqual([0, 0]);
	});

	it("minimum(a, b) on a tie sends the gradient to a, the first operand", () => {
		const a = param([2]);
		const b = param([2]);
		minimum(a, b).sum().backward();
		expect(gradOf(a).toArray()).toEqual([1]);
		expect(gradOf(b).toArray()).toEqual([0]);
	});

	it("maximum against a number at the tie: x.maximum(0) at x = 0 passes the gradient to x", () => {
		// (unlike relu, whose derivative at 0 is 0)
		const x = param([0, -1, 1]);
		x.maximum(0).sum().backward();
		expect(gradOf(x).toArray()).toEqual([1, 0, 1]);
	});

	it("clip passes the gradient at its bounds and stops it outside", () => {
		const x = param([-1, 1, 1.5]);
		x.clip(-1, 1).sum().backward();
		expect(gradOf(x).toArray()).toEqual([1, 1, 0]);
	});
});
