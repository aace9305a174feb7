/**
 * Shape ops: transpose, reshape, broadcastTo, slice, gather, concat. Each moves
 * elements without changing them, so its backward moves the gradient back: stated
 * in a comment, asserted exactly, then gradCheck on random shapes and arguments.
 */
import { broadcastTo, concat, gather, reshape, slice, transpose } from "@backprop/autograd";
import { tensor } from "@backprop/tensor";
import { broadcastableTo, type Shape, shapeArb, tensorArb } from "@backprop/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectGradCheck, gradOf, OP_RUNS, param } from "./helpers";

const X23 = [
	[1, 2, 3],
	[4, 5, 6],
];
const G32 = [
	[10, 40],
	[20, 50],
	[30, 60],
];

describe("transpose", () => {
	it("y = xᵀ: dL/dx = Gᵀ; x [2,3], G [3,2] -> x.grad = Gᵀ", () => {
		const x = param(X23);
		x.transpose().backward(G32);
		expect(gradOf(x).toArray()).toEqual([
			[10, 20, 30],
			[40, 50, 60],
		]);
	});

	it("with a permutation, the gradient goes back through the inverse permutation", () => {
		// x [1,2,3] transposed by [2,0,1] has shape [3,1,2]; y[k][0][j] = x[0][j][k]
		const x = param([X23]);
		const y = transpose(x, [2, 0, 1]);
		expect(y.shape).toEqual([3, 1, 2]);
		y.backward([[[10, 40]], [[20, 50]], [[30, 60]]]);
		expect(gradOf(x).toArray()).toEqual([
			[
				[10, 20, 30],
				[40, 50, 60],
			],
		]);
	});

	it("passes gradCheck for random shapes and permutations", () => {
		const arb = shapeArb({ minRank: 0, maxRank: 4 }).chain((shape) =>
			fc.tuple(
				tensorArb(shape),
				fc.option(
					fc.shuffledSubarray(
						shape.map((_, i) => i),
						{ minLength: shape.length, maxLength: shape.length },
					),
					{ nil: undefined },
				),
			),
		);
		fc.assert(
			fc.property(arb, ([x, perm]) => {
				expectGradCheck((v) => v.transpose(perm), [x]);
			}),
			OP_RUNS,
		);
	});
});

describe("reshape", () => {
	it("same elements in the same order: dL/dx = G reshaped to x's shape", () => {
		const x = param(X23);
		x.reshape([3, 2]).backward(G32);
		expect(gradOf(x).toArray()).toEqual([
			[10, 40, 20],
			[50, 30, 60],
		]);
	});

	it("with a -1, and of a transposed (non-contiguous) variable", () => {
		const x = param(X23);
		// xᵀ = [[1,4],[2,5],[3,6]] flattened is [1,4,2,5,3,6]; y = Σ_i i·flat[i]
		reshape(x.transpose(), [-1])
			.mul(tensor([0, 1, 2, 3, 4, 5]))
			.sum()
			.backward();
		expect(gradOf(x).toArray()).toEqual([
			[0, 2, 4],
			[1, 3, 5],
		]);
	});

	it("passes gradCheck for random shapes and targets (flat, reversed, with -1, with added 1s)", () => {
		const arb = shapeArb({ minRank: 0, maxRank: 3 }).chain((shape) => {
			const size = shape.reduce((n, d) => n * d, 1);
			const targets: Shape[] = [[-1], [size], [...shape].reverse(), [1, ...shape, 1], [size, 1]];
			if (shape.length >= 2) targets.push([-1, shape[shape.length - 1]]);
			return fc.tuple(tensorArb(shape), fc.constantFrom(...targets), fc.boolean());
		});
		fc.assert(
			fc.property(arb, ([x, target, viaTranspose]) => {
				expectGradCheck((v) => (viaTranspose ? v.transpose() : v).reshape(target), [x]);
			}),
			OP_RUNS,
		);
	});

	it("a size mismatch is a ShapeError", () => {
		expect(() => param(X23).reshape([4])).toThrow(expect.objectContaining({ name: "ShapeError" }));
	});
});

describe("broadcastTo", () => {
	it("each element collects the gradient of all its copies: [3,1] -> [2,3,4], seed ones -> 8 each", () => {
		const x = param([[1], [2], [3]]);
		x.broadcastTo([2, 3, 4]).sum().backward();
		expect(gradOf(x).toArray()).toEqual([[8], [8], [8]]);
	});

	it("with a seed: [3] -> [2,3], x.grad = column sums of G", () => {
		const x = param([1, 2, 3]);
		broadcastTo(x, [2, 3]).backward(X23);
		expect(gradOf(x).toArray()).toEqual([5, 7, 9]);
	});

	it("passes gradCheck for random shapes broadcast to random targets", () => {
		const arb = shapeArb({ minRank: 0, maxRank: 3 }).chain((target) =>
			fc.tuple(
				broadcastableTo(target).chain((s) => tensorArb(s)),
				fc.constant(target),
			),
		);
		fc.assert(
			fc.property(arb, ([x, target]) => {
				expectGradCheck((v) => v.broadcastTo(target), [x]);
			}),
			OP_RUNS,
		);
	});

	it("an impossible target is a ShapeError", () => {
		expect(() => param([1, 2]).broadcastTo([3])).toThrow(expect.objectContaining({ name: "ShapeError" }));
	});
});

describe("slice", () => {
	it("the gradient lands where the slice came from, zero elsewhere: x [5], slice(1,3), G [10,20] -> [0,10,20,0,0]", () => {
		const x = param([1, 2, 3, 4, 5]);
		x.slice(1, 3).backward([10, 20]);
		expect(gradOf(x).toArray()).toEqual([0, 10, 20, 0, 0]);
	});

	it("along axis 1 with a negative start: x [2,3], slice(-2, undefined, 1)", () => {
		const x = param(X23);
		slice(x, -2, undefined, 1).backward([
			[1, 2],
			[3, 4],
		]);
		expect(gradOf(x).toArray()).toEqual([
			[0, 1, 2],
			[0, 3, 4],
		]);
	});

	it("two overlapping slices of one variable add up", () => {
		const x = param([1, 2, 3, 4]);
		x.slice(0, 3).sum().add(x.slice(1).sum()).backward();
		expect(gradOf(x).toArray()).toEqual([1, 2, 2, 1]);
	});

	it("passes gradCheck for random shapes, axes and Python-style bounds (negative, clamped, empty)", () => {
		const arb = shapeArb({ minRank: 1, maxRank: 3 }).chain((shape) =>
			fc.integer({ min: 0, max: shape.length - 1 }).chain((axis) => {
				const n = shape[axis];
				return fc.tuple(
					tensorArb(shape),
					fc.integer({ min: -n - 1, max: n + 1 }),
					fc.option(fc.integer({ min: -n - 1, max: n + 1 }), { nil: undefined }),
					fc.constantFrom(axis, axis - shape.length),
				);
			}),
		);
		fc.assert(
			fc.property(arb, ([x, start, end, axis]) => {
				expectGradCheck((v) => v.slice(start, end, axis), [x]);
			}),
			OP_RUNS,
		);
	});
});

describe("gather", () => {
	it("scatter-add: repeated indices add their gradients: x [3], gather([2,0,2]), G [1,2,3] -> [2,0,4]", () => {
		const x = param([1, 2, 3]);
		const y = x.gather([2, 0, 2]);
		expect(y.toArray()).toEqual([3, 1, 3]);
		y.backward([1, 2, 3]);
		expect(gradOf(x).toArray()).toEqual([2, 0, 4]);
	});

	it("rows of a matrix (a mini-batch), with a negative index", () => {
		const x = param([
			[1, 2],
			[3, 4],
			[5, 6],
		]);
		gather(x, [-1, 0]).backward([
			[1, 2],
			[3, 4],
		]);
		expect(gradOf(x).toArray()).toEqual([
			[3, 4],
			[0, 0],
			[1, 2],
		]);
	});

	it("along axis 1", () => {
		const x = param(X23);
		x.gather([1, 1], 1).backward([
			[1, 2],
			[3, 4],
		]);
		expect(gradOf(x).toArray()).toEqual([
			[0, 3, 0],
			[0, 7, 0],
		]);
	});

	it("passes gradCheck for random shapes, axes and indices (with repeats and negatives)", () => {
		const arb = shapeArb({ minRank: 1, maxRank: 3 }).chain((shape) =>
			fc.integer({ min: 0, max: shape.length - 1 }).chain((axis) => {
				const n = shape[axis];
				return fc.tuple(
					tensorArb(shape),
					fc.array(fc.integer({ min: -n, max: n - 1 }), { minLength: 1, maxLength: 5 }),
					fc.constant(axis),
				);
			}),
		);
		fc.assert(
			fc.property(arb, ([x, indices, axis]) => {
				expectGradCheck((v) => v.gather(indices, axis), [x]);
			}),
			OP_RUNS,
		);
	});

	it("an index out of range is a ShapeError", () => {
		expect(() => param([1, 2]).gather([2])).toThrow(expect.objectContaining({ name: "ShapeError" }));
	});
});

describe("concat", () => {
	it("each input takes back its own stretch of the gradient: [2] ++ [3], G [1..5] -> [1,2] and [3,4,5]", () => {
		const x = param([1, 2]);
		const y = param([3, 4, 5]);
		x.concat([y]).backward([1, 2, 3, 4, 5]);
		expect(gradOf(x).toArray()).toEqual([1, 2]);
		expect(gradOf(y).toArray()).toEqual([3, 4, 5]);
	});

	it("along axis 1, with a constant tensor in the middle and a variable used twice", () => {
		const x = param([[1], [2]]);
		const c = tensor([
			[0, 0],
			[0, 0],
		]);
		concat([x, c, x], 1).backward([
			[1, 2, 3, 4],
			[5, 6, 7, 8],
		]);
		// x is columns 0 and 3: 1 + 4 and 5 + 8
		expect(gradOf(x).toArray()).toEqual([[5], [13]]);
	});

	it("passes gradCheck for 1 to 3 random inputs along a random axis", () => {
		const arb = shapeArb({ minRank: 1, maxRank: 3 }).chain((shape) =>
			fc.integer({ min: 0, max: shape.length - 1 }).chain((axis) =>
				fc.tuple(
					fc.array(
						fc.integer({ min: 1, max: 3 }).chain((len) => {
							const s = shape.slice();
							s[axis] = len;
							return tensorArb(s);
						}),
						{ minLength: 1, maxLength: 3 },
					),
					fc.constantFrom(axis, axis - shape.length),
				),
			),
		);
		fc.assert(
			fc.property(arb, ([xs, axis]) => {
				expectGradCheck((first, ...rest) => first.concat(rest, axis), xs);
			}),
			OP_RUNS,
		);
	});

	it("shapes that differ outside the axis are a ShapeError", () => {
		expect(() => param(X23).concat([param([1, 2])])).toThrow(expect.objectContaining({ name: "ShapeError" }));
	});
});
