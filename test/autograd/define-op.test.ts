/**
 * defineOp: user ops are first-class (recorded, checked, differentiated like
 * built-ins); a backward that returns a wrong-shaped gradient is a ShapeError
 * naming the op.
 */
import { defineOp, noGrad, type OpContext, unbroadcast, variable } from "@backprop/autograd";
import { ShapeError, type Tensor, tensor } from "@backprop/tensor";
import { anyTensorArb, broadcastTensorsArb } from "@backprop/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectGradCheck, gradOf, OP_RUNS, param } from "./helpers";

// cube(x) = x³, d/dx = 3x²
const cube = defineOp({
	name: "cube",
	forward: ([x]) => x.mul(x).mul(x),
	backward: (g, { inputs: [x] }) => [g.mul(x.square().mul(3))],
});

// hypot(a, b; scale) = scale·√(a² + b²), broadcasting:
// d/da = scale·a/h, d/db = scale·b/h (h the unscaled output), summed back to each shape
const hypot = defineOp<{ scale: number }>({
	name: "hypot",
	forward: ([a, b], { scale }) => a.square().add(b.square()).sqrt().mul(scale),
	backward: (g, { inputs: [a, b], output, attrs: { scale }, needsGrad }) => {
		const ta = a;
		const tb = b;
		const common = g.mul(scale * scale).div(output);
		return [
			needsGrad[0] ? unbroadcast(common.mul(ta), ta.shape) : null,
			needsGrad[1] ? unbroadcast(common.mul(tb), tb.shape) : null,
		];
	},
});

describe("a user-defined op", () => {
	it("cube: d(x³)/dx = 3x²: x = [1,2,-1] -> x.grad = [3,12,3]", () => {
		const x = param([1, 2, -1]);
		const y = cube([x]);
		expect(y.toArray()).toEqual([1, 8, -1]);
		expect(y.node?.op).toBe("cube");
		y.sum().backward();
		expect(gradOf(x).toArray()).toEqual([3, 12, 3]);
	});

	it("cube passes gradCheck on random inputs, alone and composed with built-ins", () => {
		fc.assert(
			fc.property(anyTensorArb({ values: "any" }), (x) => {
				expectGradCheck((v) => cube([v]), [x]);
				expectGradCheck(
					(v) =>
						cube([v.tanh()])
							.mul(v)
							.add(cube([v])),
					[x],
				);
			}),
			OP_RUNS,
		);
	});

	it("hypot with attributes and broadcasting: a = [3], b = [[4],[0]], scale 2 -> a.grad = [2·3/5 + 2·3/3], b.grad = [[2·4/5],[0]]", () => {
		// h = √(a² + b²) = [[5],[3]]; d(2h)/da = 2a/h, summed over the two broadcast rows; d(2h)/db = 2b/h
		const a = param([3]);
		const b = param([[4], [0]]);
		const y = hypot([a, b], { scale: 2 });
		expect(y.toArray()).toEqual([[10], [6]]);
		y.sum().backward();
		expect(gradOf(a).toArray()).toEqual([2 * (3 / 5) + 2 * (3 / 3)]);
		expect(gradOf(b).toArray()).toEqual([[2 * (4 / 5)], [0]]);
	});

	it("hypot passes gradCheck on random broadcasting shapes (values away from 0)", () => {
		fc.assert(
			fc.property(
				broadcastTensorsArb({ values: "nonzero" }, { values: "nonzero" }),
				fc.double({ min: 0.5, max: 3, noNaN: true }),
				([a, b], scale) => {
					expectGradCheck((x, y) => hypot([x, y], { scale }), [a, b]);
				},
			),
			OP_RUNS,
		);
	});

	it("backward sees needsGrad, the inputs, the output and the attributes; null skips an input", () => {
		const seen: Array<OpContext<{ k: number }>> = [];
		const scaleBy = defineOp<{ k: number }>({
			name: "scaleBy",
			forward: ([x, y], { k }) => x.mul(y).mul(k),
			backward: (g, ctx) => {
				seen.push(ctx);
				return [g.mul(ctx.inputs[1]).mul(ctx.attrs.k), null];
			},
		});
		const x = param([1, 2]);
		const c = tensor([3, 4]);
		const y = scaleBy([x, c], { k: 10 });
		y.sum().backward();
		expect(seen).toHaveLength(1);
		const ctx = seen[0] as OpContext<{ k: number }>;
		expect(ctx.needsGrad).toEqual([true, false]);
		expect(ctx.attrs).toEqual({ k: 10 });
		expect(ctx.output.toArray()).toEqual([30, 80]);
		expect(ctx.inputs.map((t) => t.toArray())).toEqual([
			[1, 2],
			[3, 4],
		]);
		expect(gradOf(x).toArray()).toEqual([30, 40]);
	});

	it("accepts Variables, Tensors and numbers as operands", () => {
		const x = param([1, 2]);
		const y = hypot([x, 0], { scale: 1 });
		expect(y.toArray()).toEqual([1, 2]);
		y.sum().backward();
		expect(gradOf(x).toArray()).toEqual([1, 1]);
		expect(hypot([tensor([3]), 4], { scale: 1 }).toArray()).toEqual([5]);
	});

	it("records nothing under noGrad or when no operand requires a gradient", () => {
		const x = param([1, 2]);
		expect(noGrad(() => cube([x])).requiresGrad).toBe(false);
		const c = cube([variable([1, 2])]);
		expect(c.requiresGrad).toBe(false);
		expect(c.node).toBeNull();
	});

	it("built-in ops are defined the same way: their nodes carry their names", () => {
		const x = param([[1, 2]]);
		expect(x.mul(2).node?.op).toBe("mul");
		expect(x.softmax().node?.op).toBe("softmax");
		expect(x.sum().node?.op).toBe("sum");
		expect(x.transpose().node?.op).toBe("transpose");
	});
});

describe("defineOp errors", () => {
	it("a backward returning a gradient of the wrong shape fails with a ShapeError naming the op and the shapes", () => {
		const bad = defineOp({
			name: "badShape",
			forward: ([x]) => x.mul(2),
			backward: (g) => [g.sum()],
		});
		const x = param([1, 2]);
		const y = bad([x]).sum();
		let caught: unknown;
		try {
			y.backward();
		} catch (e) {
			caught = e;
		}
		expect(caught).toBeInstanceOf(ShapeError);
		expect((caught as Error).message).toMatch(/badShape/);
		expect((caught as Error).message).toMatch(/shape \[\].*input 0 of shape \[2\]/);
	});

	it("a broadcast op that forgets to unbroadcast is caught the same way", () => {
		const forgetful = defineOp({
			name: "forgetfulAdd",
			forward: ([a, b]) => a.add(b),
			backward: (g) => [g, g],
		});
		const a = param([[1], [2]]);
		const b = param([1, 2, 3]);
		expect(() => forgetful([a, b]).sum().backward()).toThrow(ShapeError);
		expect(() =>
			forgetful([param([[1], [2]]), param([1, 2, 3])])
				.sum()
				.backward(),
		).toThrow(/forgetfulAdd: backward returned a gradient of shape \[2,3\] for input 0 of shape \[2,1\]/);
	});

	it("a backward returning a non-tensor gradient is a ShapeError naming the op", () => {
		const weird = defineOp({
			name: "weird",
			forward: ([x]) => x,
			backward: () => [42 as unknown as Tensor],
		});
		expect(() =>
			weird([param([1])])
				.sum()
				.backward(),
		).toThrow(/weird/);
		expect(() =>
			weird([param([1])])
				.sum()
				.backward(),
		).toThrow(ShapeError);
	});

	it("a backward returning the wrong number of gradients is a TypeError naming the op", () => {
		const short = defineOp({
			name: "short",
			forward: ([a, b]) => a.add(b),
			backward: (g) => [g],
		});
		expect(() =>
			short([param([1]), param([2])])
				.sum()
				.backward(),
		).toThrow(/short: backward must return one gradient/);
	});

	it("a missing name or non-function forward/backward is refused at definition", () => {
		const forward = ([x]: readonly Tensor[]) => x;
		const backward = (g: Tensor) => [g];
		expect(() => defineOp({ name: "", forward, backward })).toThrow(TypeError);
		expect(() => defineOp({ name: "f", forward: 1 as unknown as typeof forward, backward })).toThrow(TypeError);
	});

	it("a forward that does not return a Tensor is a TypeError naming the op", () => {
		const broken = defineOp({
			name: "broken",
			forward: () => [1, 2] as unknown as Tensor,
			backward: (g) => [g],
		});
		expect(() => broken([param([1])])).toThrow(/broken: forward must return a Tensor/);
	});
});
