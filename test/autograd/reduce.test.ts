/**
 * Reductions and the softmax family: for each, the derivative in a comment, an
 * exact small case, and gradCheck over random shapes, axes (single, negative,
 * lists, all) and keepDims.
 */
import { logSumExp, max, mean, min, softmax, sum } from "@backprop/autograd";
import { tensor } from "@backprop/tensor";
import { anyTensorArb, distinctTensorArb, shapeArb, tensorArb } from "@backprop/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { axisArb, expectClose, expectGradCheck, gradOf, OP_RUNS, param } from "./helpers";

const X23 = [
	[1, 2, 3],
	[4, 5, 6],
];

/** A random shape, a tensor on it (values from `make`), an axis and keepDims. */
function reductionCase(distinct: boolean) {
	return shapeArb({ minRank: 0, maxRank: 3 }).chain((shape) =>
		fc.tuple(distinct ? distinctTensorArb(shape) : tensorArb(shape), axisArb(shape.length), fc.boolean()),
	);
}

describe("sum", () => {
	it("d(Σx)/dx_i = 1: every element gets the gradient of its sum; axis 1 with seed [10,20]", () => {
		const x = param(X23);
		x.sum(1).backward([10, 20]);
		expect(gradOf(x).toArray()).toEqual([
			[10, 10, 10],
			[20, 20, 20],
		]);
	});

	it("over all axes -> ones; over axis 0 keepDims -> the [1,3] seed spread down the columns", () => {
		const x = param(X23);
		x.sum().backward();
		expect(gradOf(x).toArray()).toEqual([
			[1, 1, 1],
			[1, 1, 1],
		]);
		const y = param(X23);
		const s = y.sum(0, true);
		expect(s.shape).toEqual([1, 3]);
		s.backward([[1, 2, 3]]);
		expect(gradOf(y).toArray()).toEqual([
			[1, 2, 3],
			[1, 2, 3],
		]);
	});

	it("over an axis list [0,2] of a [2,2,2]: each element gets the seed of its kept index", () => {
		const x = param([
			[
				[1, 2],
				[3, 4],
			],
			[
				[5, 6],
				[7, 8],
			],
		]);
		sum(x, [0, 2]).backward([10, 20]);
		expect(gradOf(x).toArray()).toEqual([
			[
				[10, 10],
				[20, 20],
			],
			[
				[10, 10],
				[20, 20],
			],
		]);
	});

	it("passes gradCheck over random shapes, axes and keepDims", () => {
		fc.assert(
			fc.property(reductionCase(false), ([x, axis, keep]) => {
				expectGradCheck((v) => v.sum(axis, keep), [x]);
			}),
			OP_RUNS,
		);
	});
});

describe("mean", () => {
	it("d(Σx/n)/dx_i = 1/n: mean over axis 0 of a [2,3] with seed [1,2,3] -> [[0.5,1,1.5],[0.5,1,1.5]]", () => {
		const x = param(X23);
		x.mean(0).backward([1, 2, 3]);
		expect(gradOf(x).toArray()).toEqual([
			[0.5, 1, 1.5],
			[0.5, 1, 1.5],
		]);
	});

	it("over everything: each of 4 elements gets 1/4", () => {
		const x = param([
			[1, 2],
			[3, 4],
		]);
		mean(x).backward();
		expect(gradOf(x).toArray()).toEqual([
			[0.25, 0.25],
			[0.25, 0.25],
		]);
	});

	it("passes gradCheck over random shapes, axes and keepDims", () => {
		fc.assert(
			fc.property(reductionCase(false), ([x, axis, keep]) => {
				expectGradCheck((v) => v.mean(axis, keep), [x]);
			}),
			OP_RUNS,
		);
	});
});

describe("max", () => {
	it("d max/dx = 1 at the first maximal element, 0 elsewhere: rows [1,5,5] and [7,2,7] -> [[0,1,0],[1,0,0]]", () => {
		const x = param([
			[1, 5, 5],
			[7, 2, 7],
		]);
		x.max(1).backward([1, 1]);
		expect(gradOf(x).toArray()).toEqual([
			[0, 1, 0],
			[1, 0, 0],
		]);
	});

	it("over all axes the first maximum in row-major order gets it: [[3,9],[9,1]] -> [[0,1],[0,0]]", () => {
		const x = param([
			[3, 9],
			[9, 1],
		]);
		max(x).backward();
		expect(gradOf(x).toArray()).toEqual([
			[0, 1],
			[0, 0],
		]);
	});

	it("over axis 0 with keepDims: each column's maximum gets its seed", () => {
		const x = param([
			[1, 8, 3],
			[4, 2, 3],
		]);
		x.max(0, true).backward([[10, 20, 30]]);
		expect(gradOf(x).toArray()).toEqual([
			[0, 20, 30],
			[10, 0, 0],
		]);
	});

	it("passes gradCheck over random shapes, axes and keepDims (distinct values, no ties)", () => {
		fc.assert(
			fc.property(reductionCase(true), ([x, axis, keep]) => {
				expectGradCheck((v) => v.max(axis, keep), [x]);
			}),
			OP_RUNS,
		);
	});
});

describe("min", () => {
	it("d min/dx = 1 at the first minimal element: rows [5,1,1] and [0,2,0] -> [[0,1,0],[1,0,0]]", () => {
		const x = param([
			[5, 1, 1],
			[0, 2, 0],
		]);
		min(x, -1).backward([1, 1]);
		expect(gradOf(x).toArray()).toEqual([
			[0, 1, 0],
			[1, 0, 0],
		]);
	});

	it("passes gradCheck over random shapes, axes and keepDims (distinct values, no ties)", () => {
		fc.assert(
			fc.property(reductionCase(true), ([x, axis, keep]) => {
				expectGradCheck((v) => v.min(axis, keep), [x]);
			}),
			OP_RUNS,
		);
	});
});

/** A tensor of rank 1..3 and an axis (maybe negative) of it. */
const axisCase = shapeArb({ minRank: 1, maxRank: 3 }).chain((shape) =>
	fc.tuple(tensorArb(shape), fc.integer({ min: -shape.length, max: shape.length - 1 })),
);

describe("softmax", () => {
	it("y = softmax(x): dL/dx = y ⊙ (g - Σ g⊙y); x = [0,0], g = [1,0] -> [0.25,-0.25]", () => {
		// d y0/dx0 = y0(1-y0) = 1/4, d y0/dx1 = -y0·y1 = -1/4
		const x = param([0, 0]);
		x.softmax().backward([1, 0]);
		expect(gradOf(x).toArray()).toEqual([0.25, -0.25]);
	});

	it("a uniform seed gives zero gradient (softmax sums to 1): x = [1,2,3], g = [1,1,1] -> ≈ 0", () => {
		const x = param([1, 2, 3]);
		x.softmax().backward([1, 1, 1]);
		expectClose(gradOf(x), [0, 0, 0], 1e-15);
	});

	it("along axis 0 of a [2,2]: columns are independent", () => {
		const x = param([
			[0, 5],
			[0, 5],
		]);
		softmax(x, 0).backward([
			[1, 0],
			[0, 1],
		]);
		expect(gradOf(x).toArray()).toEqual([
			[0.25, -0.25],
			[-0.25, 0.25],
		]);
	});

	it("passes gradCheck over random shapes and axes", () => {
		fc.assert(
			fc.property(axisCase, ([x, axis]) => {
				expectGradCheck((v) => v.softmax(axis), [x]);
			}),
			OP_RUNS,
		);
	});

	it("is stable and differentiable for large logits: x = [1000, 1000] -> y = [0.5,0.5], grad [0.25,-0.25]", () => {
		const x = param([1000, 1000]);
		const y = x.softmax();
		expect(y.toArray()).toEqual([0.5, 0.5]);
		y.backward([1, 0]);
		expect(gradOf(x).toArray()).toEqual([0.25, -0.25]);
	});
});

describe("logSoftmax", () => {
	it("y = log softmax(x): dL/dx = g - softmax(x)·Σg; x = [0,0], g = [1,0] -> [0.5,-0.5]", () => {
		const x = param([0, 0]);
		x.logSoftmax().backward([1, 0]);
		expect(gradOf(x).toArray()).toEqual([0.5, -0.5]);
	});

	it("x = [0, ln 3], g = [0,1] -> [-1/4, 1 - 3/4]", () => {
		const x = param([0, Math.log(3)]);
		x.logSoftmax().backward([0, 1]);
		expectClose(gradOf(x), [-0.25, 0.25], 1e-15);
	});

	it("passes gradCheck over random shapes and axes", () => {
		fc.assert(
			fc.property(axisCase, ([x, axis]) => {
				expectGradCheck((v) => v.logSoftmax(axis), [x]);
			}),
			OP_RUNS,
		);
	});

	it("is stable for large logits: x = [-1000, 1000] -> y = [-2000, 0], finite gradient [-1, 1] for g = [0, ...]", () => {
		const x = param([-1000, 1000]);
		const y = x.logSoftmax();
		expect(y.toArray()).toEqual([-2000, 0]);
		y.backward([1, 0]);
		// dy0/dx = [1 - p0, -p1] with p = [0, 1]
		expect(gradOf(x).toArray()).toEqual([1, -1]);
	});
});

describe("logSumExp", () => {
	it("d lse(x)/dx = softmax(x): x = [0, ln 3] -> [1/4, 3/4]", () => {
		const x = param([0, Math.log(3)]);
		x.logSumExp().backward();
		expectClose(gradOf(x), [0.25, 0.75], 1e-15);
	});

	it("over axis 1 of a [2,2] with seed [1,2]: each row's softmax times its seed", () => {
		const x = param([
			[0, 0],
			[5, 5],
		]);
		logSumExp(x, 1).backward([1, 2]);
		// e^(x - lse) carries the rounding of lse: equal to the ulp, not bit for bit
		expectClose(
			gradOf(x),
			[
				[0.5, 0.5],
				[1, 1],
			],
			1e-15,
		);
	});

	it("passes gradCheck over random shapes, axes and keepDims", () => {
		fc.assert(
			fc.property(reductionCase(false), ([x, axis, keep]) => {
				expectGradCheck((v) => v.logSumExp(axis, keep), [x]);
			}),
			OP_RUNS,
		);
	});

	it("is stable for large values: lse([1000, 1000]) = 1000 + ln 2, gradient [0.5, 0.5]", () => {
		const x = param([1000, 1000]);
		const y = x.logSumExp();
		expect(y.item()).toBeCloseTo(1000 + Math.log(2), 10);
		y.backward();
		// e^(x - lse) with |x| = 1000 is exact to about 1000 ulps of 1
		expectClose(gradOf(x), [0.5, 0.5], 1e-12);
	});
});

describe("reductions compose with broadcasting", () => {
	it("x - mean(x, axis, keepDims) passes gradCheck (the mean's gradient flows back through a broadcast)", () => {
		fc.assert(
			fc.property(
				anyTensorArb({ values: "any", minRank: 1, maxRank: 3 }).chain((x) =>
					fc.tuple(fc.constant(x), fc.integer({ min: -x.rank, max: x.rank - 1 })),
				),
				([x, axis]) => {
					expectGradCheck((v) => v.sub(v.mean(axis, true)).square(), [x]);
				},
			),
			OP_RUNS,
		);
	});

	it("a bad axis is a ShapeError", () => {
		const x = param(tensor(X23));
		expect(() => x.sum(2)).toThrow(expect.objectContaining({ name: "ShapeError" }));
		expect(() => x.softmax(5)).toThrow(expect.objectContaining({ name: "ShapeError" }));
	});
});
