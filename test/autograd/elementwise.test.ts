/**
 * Elementwise ops: for each, the derivative in a comment, an exact small case,
 * and gradCheck on random (broadcasting) float64 inputs kept away from kinks and poles.
 */
import {
	abs,
	add,
	div,
	exp,
	log,
	maximum,
	minimum,
	mul,
	neg,
	type Operand,
	pow,
	relu,
	sigmoid,
	sqrt,
	sub,
	type Variable,
	variable,
} from "@backprop/autograd";
import { type Tensor, tensor } from "@backprop/tensor";
import { anyTensorArb, broadcastTensorsArb, type ValueKind } from "@backprop/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose, expectGradCheck, gradOf, OP_RUNS, param, RUNS_SCALE } from "./helpers";

const sig = (t: number) => 1 / (1 + Math.exp(-t));

/** gradCheck of a binary op on random broadcasting operands of the given kinds. */
function checkBinary(op: (a: Variable, b: Variable) => Variable, kindA: ValueKind, kindB: ValueKind): void {
	fc.assert(
		fc.property(broadcastTensorsArb({ values: kindA }, { values: kindB }), ([a, b]) => {
			expectGradCheck(op, [a, b]);
		}),
		OP_RUNS,
	);
}

/** gradCheck of a unary op on random shapes (rank 0 to 3) with values of the given kind. */
function checkUnary(op: (x: Variable) => Variable, kind: ValueKind): void {
	fc.assert(
		fc.property(anyTensorArb({ values: kind }), (x) => {
			expectGradCheck(op, [x]);
		}),
		OP_RUNS,
	);
}

// A seed for a [3,4] output, so broadcast gradients are sums of distinct numbers.
const SEED_3x4 = [
	[1, 2, 3, 4],
	[5, 6, 7, 8],
	[9, 10, 11, 12],
];

describe("add", () => {
	it("d(x+y)/dx = 1, d(x+y)/dy = 1: x = [1,2], y = [3,4], L = Σ(x+y) -> x.grad = y.grad = [1,1]", () => {
		const x = param([1, 2]);
		const y = param([3, 4]);
		x.add(y).sum().backward();
		expect(gradOf(x).toArray()).toEqual([1, 1]);
		expect(gradOf(y).toArray()).toEqual([1, 1]);
	});

	it("broadcast [3,1] + [4]: each gradient is the seed G summed back to the operand's shape", () => {
		// x.grad[i] = Σ_j G[i][j] (row sums), y.grad[j] = Σ_i G[i][j] (column sums)
		const x = param([[1], [2], [3]]);
		const y = param([10, 20, 30, 40]);
		x.add(y).backward(SEED_3x4);
		expect(gradOf(x).toArray()).toEqual([[10], [26], [42]]);
		expect(gradOf(y).toArray()).toEqual([15, 18, 21, 24]);
	});

	it("passes gradCheck on random broadcasting shapes", () => {
		checkBinary((a, b) => a.add(b), "any", "any");
	});
});

describe("sub", () => {
	it("d(x-y)/dx = 1, d(x-y)/dy = -1: x = [1,2], y = [3,4] -> x.grad = [1,1], y.grad = [-1,-1]", () => {
		const x = param([1, 2]);
		const y = param([3, 4]);
		x.sub(y).sum().backward();
		expect(gradOf(x).toArray()).toEqual([1, 1]);
		expect(gradOf(y).toArray()).toEqual([-1, -1]);
	});

	it("broadcast [3,1] - [4]: y.grad = -(column sums of G)", () => {
		const x = param([[1], [2], [3]]);
		const y = param([10, 20, 30, 40]);
		x.sub(y).backward(SEED_3x4);
		expect(gradOf(x).toArray()).toEqual([[10], [26], [42]]);
		expect(gradOf(y).toArray()).toEqual([-15, -18, -21, -24]);
	});

	it("passes gradCheck on random broadcasting shapes", () => {
		checkBinary((a, b) => a.sub(b), "any", "any");
	});
});

describe("mul", () => {
	it("d(x·y)/dx = y, d(x·y)/dy = x: x = [1,2], y = [3,4] -> x.grad = [3,4], y.grad = [1,2]", () => {
		const x = param([1, 2]);
		const y = param([3, 4]);
		x.mul(y).sum().backward();
		expect(gradOf(x).toArray()).toEqual([3, 4]);
		expect(gradOf(y).toArray()).toEqual([1, 2]);
	});

	it("broadcast [3,1] · [4] with L = Σ: x.grad[i] = Σ_j y[j] = 10, y.grad[j] = Σ_i x[i] = 6", () => {
		const x = param([[1], [2], [3]]);
		const y = param([1, 2, 3, 4]);
		x.mul(y).sum().backward();
		expect(gradOf(x).toArray()).toEqual([[10], [10], [10]]);
		expect(gradOf(y).toArray()).toEqual([6, 6, 6, 6]);
	});

	it("passes gradCheck on random broadcasting shapes", () => {
		checkBinary((a, b) => a.mul(b), "any", "any");
	});
});

describe("div", () => {
	it("d(x/y)/dx = 1/y, d(x/y)/dy = -x/y²: x = [1,2], y = [4,8] -> x.grad = [1/4,1/8], y.grad = [-1/16,-1/32]", () => {
		const x = param([1, 2]);
		const y = param([4, 8]);
		x.div(y).sum().backward();
		expect(gradOf(x).toArray()).toEqual([0.25, 0.125]);
		expect(gradOf(y).toArray()).toEqual([-0.0625, -0.03125]);
	});

	it("broadcast [3,1] / [] (scalar divisor 2): y.grad = -Σx/y² = -6/4", () => {
		const x = param([[1], [2], [3]]);
		const y = param(2);
		x.div(y).sum().backward();
		expect(gradOf(x).toArray()).toEqual([[0.5], [0.5], [0.5]]);
		expect(gradOf(y).toArray()).toBe(-1.5);
	});

	it("passes gradCheck on random broadcasting shapes (divisors of either sign, away from 0)", () => {
		checkBinary((a, b) => a.div(b), "any", "nonzero");
	});
});

describe("pow", () => {
	it("d(x^p)/dx = p·x^(p-1), d(x^p)/dp = x^p·ln x: x = [2,3], p = [3,2] -> x.grad = [12,6], p.grad = [8 ln 2, 9 ln 3]", () => {
		const x = param([2, 3]);
		const p = param([3, 2]);
		x.pow(p).sum().backward();
		expect(gradOf(x).toArray()).toEqual([12, 6]);
		expectClose(gradOf(p), [8 * Math.log(2), 9 * Math.log(3)], 1e-15);
	});

	it("d(x^p)/dp is 0 (not NaN) where x^p = 0: x = [0], p = [2] -> x.grad = [0], p.grad = [0]", () => {
		const x = param([0]);
		const p = param([2]);
		x.pow(p).sum().backward();
		expect(gradOf(x).toArray()).toEqual([0]);
		expect(gradOf(p).toArray()).toEqual([0]);
	});

	it("x^0 = 1 is constant, so d(x^0)/dx = 0 even at x = 0 (not 0·0^-1 = NaN), as in PyTorch", () => {
		const x = param([0, 2]);
		x.pow(0).sum().backward();
		expect(gradOf(x).toArray()).toEqual([0, 0]);
	});

	it("0^p at p = 0: both gradients are 0 (PyTorch's rule: d/dp is 0 where x = 0 and p ≥ 0), not NaN or -∞", () => {
		const x = param([0, 0]);
		const p = param([0, 3]);
		const y = x.pow(p);
		expect(y.toArray()).toEqual([1, 0]);
		y.sum().backward();
		// d/dx: p·x^(p-1) = [0 (p = 0), 3·0² = 0]; d/dp: x^p·ln x taken as 0 at x = 0
		expect(gradOf(x).toArray()).toEqual([0, 0]);
		expect(gradOf(p).toArray()).toEqual([0, 0]);
	});

	it("broadcast [3,1] ^ [2]: p.grad[j] = Σ_i x_i^p_j ln x_i", () => {
		const x = param([[1], [2], [4]]);
		const p = param([1, 2]);
		x.pow(p).sum().backward();
		// x.grad[i] = Σ_j p_j x_i^(p_j - 1) = 1 + 2 x_i
		expect(gradOf(x).toArray()).toEqual([[3], [5], [9]]);
		expectClose(gradOf(p), [2 * Math.log(2) + 4 * Math.log(4), 4 * Math.log(2) + 16 * Math.log(4)], 1e-15);
	});

	it("passes gradCheck on random broadcasting shapes (positive bases, both operands differentiated)", () => {
		checkBinary((a, b) => a.pow(b), "positive", "any");
	});

	it("passes gradCheck with integer exponents on bases of either sign: x³ and x⁻¹", () => {
		checkUnary((x) => x.pow(3), "nonzero");
		checkUnary((x) => x.pow(-1), "nonzero");
	});
});

describe("maximum", () => {
	it("the gradient goes to the larger operand, on a tie to the first: a = [1,5,3], b = [4,2,3] -> a.grad = [0,1,1], b.grad = [1,0,0]", () => {
		const a = param([1, 5, 3]);
		const b = param([4, 2, 3]);
		a.maximum(b).sum().backward();
		expect(gradOf(a).toArray()).toEqual([0, 1, 1]);
		expect(gradOf(b).toArray()).toEqual([1, 0, 0]);
	});

	it("broadcast [2,1] with [3]: each operand collects the gradient of the places it won", () => {
		// max([[0],[10]], [-1,5,20]) = [[0,5,20],[10,10,20]]; a wins at (0,0),(1,0),(1,1)
		const a = param([[0], [10]]);
		const b = param([-1, 5, 20]);
		a.maximum(b).sum().backward();
		expect(gradOf(a).toArray()).toEqual([[1], [2]]);
		expect(gradOf(b).toArray()).toEqual([0, 1, 2]);
	});

	it("passes gradCheck on random broadcasting shapes (operands at least 0.2 apart)", () => {
		checkBinary((a, b) => a.maximum(b), "gridA", "gridB");
		checkBinary((a, b) => a.maximum(b), "gridB", "gridA");
	});
});

describe("minimum", () => {
	it("the gradient goes to the smaller operand, on a tie to the first: a = [1,5,3], b = [4,2,3] -> a.grad = [1,0,1], b.grad = [0,1,0]", () => {
		const a = param([1, 5, 3]);
		const b = param([4, 2, 3]);
		a.minimum(b).sum().backward();
		expect(gradOf(a).toArray()).toEqual([1, 0, 1]);
		expect(gradOf(b).toArray()).toEqual([0, 1, 0]);
	});

	it("broadcast [2,1] with [3]: each operand collects the gradient of the places it won", () => {
		// min([[0],[10]], [-1,5,20]) = [[-1,0,0],[-1,5,10]]; a wins at (0,1),(0,2),(1,2)
		const a = param([[0], [10]]);
		const b = param([-1, 5, 20]);
		a.minimum(b).sum().backward();
		expect(gradOf(a).toArray()).toEqual([[2], [1]]);
		expect(gradOf(b).toArray()).toEqual([2, 1, 0]);
	});

	it("passes gradCheck on random broadcasting shapes (operands at least 0.2 apart)", () => {
		checkBinary((a, b) => a.minimum(b), "gridA", "gridB");
		checkBinary((a, b) => a.minimum(b), "gridB", "gridA");
	});
});

describe("unary ops: exact small cases", () => {
	it("neg: d(-x)/dx = -1: x = [1,-2] -> x.grad = [-1,-1]", () => {
		const x = param([1, -2]);
		x.neg().sum().backward();
		expect(gradOf(x).toArray()).toEqual([-1, -1]);
	});

	it("exp: d(e^x)/dx = e^x: x = [0,1] -> x.grad = [1, e]", () => {
		const x = param([0, 1]);
		x.exp().sum().backward();
		expect(gradOf(x).toArray()).toEqual([1, Math.exp(1)]);
	});

	it("log: d(ln x)/dx = 1/x: x = [1,2,4] -> x.grad = [1, 0.5, 0.25]", () => {
		const x = param([1, 2, 4]);
		x.log().sum().backward();
		expect(gradOf(x).toArray()).toEqual([1, 0.5, 0.25]);
	});

	it("sqrt: d(√x)/dx = 1/(2√x): x = [1,4,16] -> x.grad = [0.5, 0.25, 0.125]", () => {
		const x = param([1, 4, 16]);
		x.sqrt().sum().backward();
		expect(gradOf(x).toArray()).toEqual([0.5, 0.25, 0.125]);
	});

	it("abs: d|x|/dx = sign(x), abs'(0) = 0: x = [-2,0,3] -> x.grad = [-1,0,1]", () => {
		const x = param([-2, 0, 3]);
		x.abs().sum().backward();
		expect(gradOf(x).toArray()).toEqual([-1, 0, 1]);
	});

	it("sigmoid: σ'(x) = σ(x)(1-σ(x)): x = [0,-3] -> x.grad = [0.25, σ(-3)(1-σ(-3))]", () => {
		const x = param([0, -3]);
		x.sigmoid().sum().backward();
		expect(gradOf(x).toArray()).toEqual([0.25, sig(-3) * (1 - sig(-3))]);
	});

	it("tanh: tanh'(x) = 1 - tanh²(x): x = [0,1] -> x.grad = [1, 1 - tanh²(1)]", () => {
		const x = param([0, 1]);
		x.tanh().sum().backward();
		expectClose(gradOf(x), [1, 1 - Math.tanh(1) ** 2], 1e-15);
	});

	it("relu: relu'(x) = 1 for x > 0, else 0 (relu'(0) = 0): x = [-1,0,2] -> x.grad = [0,0,1]", () => {
		const x = param([-1, 0, 2]);
		x.relu().sum().backward();
		expect(gradOf(x).toArray()).toEqual([0, 0, 1]);
	});

	it("softplus: d log(1+e^x)/dx = σ(x): x = [0,2] -> x.grad = [0.5, σ(2)]", () => {
		const x = param([0, 2]);
		x.softplus().sum().backward();
		expect(gradOf(x).toArray()).toEqual([0.5, sig(2)]);
	});

	it("softplus stays finite with a finite gradient far out: x = [-800, 800] -> x.grad = [0, 1]", () => {
		const x = param([-800, 800]);
		const y = x.softplus();
		expect(y.toArray()).toEqual([0, 800]);
		y.sum().backward();
		expect(gradOf(x).toArray()).toEqual([0, 1]);
	});

	it("square: d(x²)/dx = 2x: x = [-3,2] -> x.grad = [-6,4]", () => {
		const x = param([-3, 2]);
		x.square().sum().backward();
		expect(gradOf(x).toArray()).toEqual([-6, 4]);
	});

	it("clip(-1, 1): gradient 1 inside [low, high] (bounds included), 0 where clamped: x = [-2,-0.5,0.5,2,1,-1] -> [0,1,1,0,1,1]", () => {
		const x = param([-2, -0.5, 0.5, 2, 1, -1]);
		x.clip(-1, 1).sum().backward();
		expect(gradOf(x).toArray()).toEqual([0, 1, 1, 0, 1, 1]);
	});

	it("sigmoid, tanh and relu: a dense seed and the broadcast seed of a sum give the same exact gradients", () => {
		// Σ f(x) seeds a stride-0 view of ones; backward([1,1,1]) seeds a dense tensor: two code paths
		const fs: Array<[(v: Variable) => Variable, (t: number) => number]> = [
			[(v) => v.sigmoid(), (t) => sig(t) * (1 - sig(t))],
			[(v) => v.tanh(), (t) => 1 - Math.tanh(t) * Math.tanh(t)],
			[(v) => v.relu(), (t) => (t > 0 ? 1 : 0)],
		];
		for (const [f, df] of fs) {
			const a = param([-1.5, 0, 2]);
			f(a).sum().backward();
			const b = param([-1.5, 0, 2]);
			f(b).backward([2, 2, 2]);
			const c = param([-1.5, 0, 2], "float32");
			f(c).backward([1, 1, 1]);
			expectClose(gradOf(a), [df(-1.5), df(0), df(2)], 1e-15);
			expectClose(gradOf(b), [2 * df(-1.5), 2 * df(0), 2 * df(2)], 1e-15);
			expect(gradOf(c).dtype).toBe("float32");
			expectClose(gradOf(c), [df(-1.5), df(0), df(2)], 1e-6);
		}
	});

	it("clip with low > high is a RangeError", () => {
		expect(() => param([1]).clip(1, 0)).toThrow(RangeError);
	});
});

describe("unary ops: gradCheck on random shapes (rank 0 to 3)", () => {
	// Values away from poles (log, sqrt on [0.25, 3]) and kinks (abs, relu on ±[0.25, 2];
	// clip's values at least 0.1 from every multiple of 0.25, so from both bounds).
	const cases: Array<[string, (x: Variable) => Variable, ValueKind]> = [
		["neg", (v) => v.neg(), "any"],
		["exp", (v) => v.exp(), "any"],
		["log", (v) => v.log(), "positive"],
		["sqrt", (v) => v.sqrt(), "positive"],
		["abs", (v) => v.abs(), "nonzero"],
		["sigmoid", (v) => v.sigmoid(), "any"],
		["tanh", (v) => v.tanh(), "any"],
		["relu", (v) => v.relu(), "nonzero"],
		["softplus", (v) => v.softplus(), "any"],
		["square", (v) => v.square(), "any"],
		["reciprocal", (v) => v.reciprocal(), "nonzero"],
		["sin", (v) => v.sin(), "any"],
		["cos", (v) => v.cos(), "any"],
		["log1p", (v) => v.log1p(), "positive"],
		["expm1", (v) => v.expm1(), "any"],
		["erf", (v) => v.erf(), "any"],
		["clip(-0.5, 1)", (v) => v.clip(-0.5, 1), "clipSafe"],
	];
	for (const [name, op, kind] of cases) {
		it(`${name} passes gradCheck`, () => {
			checkUnary(op, kind);
		});
	}
});

describe("operands: Variable, Tensor or number", () => {
	it("x.mul(2): d(2x)/dx = 2", () => {
		const x = param([1, 2]);
		x.mul(2).sum().backward();
		expect(gradOf(x).toArray()).toEqual([2, 2]);
	});

	it("x.pow(3): d(x³)/dx = 3x²: x = [1,2,-1] -> [3,12,3]", () => {
		const x = param([1, 2, -1]);
		x.pow(3).sum().backward();
		expect(gradOf(x).toArray()).toEqual([3, 12, 3]);
	});

	it("x.pow(-1): d(1/x)/dx = -1/x²: x = [1,2,4] -> [-1,-0.25,-0.0625]", () => {
		const x = param([1, 2, 4]);
		x.pow(-1).sum().backward();
		expect(gradOf(x).toArray()).toEqual([-1, -0.25, -0.0625]);
	});

	it("sub(2, x): the exported function takes a number first; d(2-x)/dx = -1", () => {
		const x = param([1, 5]);
		const y = sub(2, x);
		expect(y.toArray()).toEqual([1, -3]);
		y.sum().backward();
		expect(gradOf(x).toArray()).toEqual([-1, -1]);
	});

	it("a number on the left of every binary function: add, mul, div, pow, maximum, minimum", () => {
		// d(2+x)/dx = 1, d(2x)/dx = 2, d(2/x)/dx = -2/x², d(2^x)/dx = 2^x ln 2,
		// maximum(2, x) and minimum(2, x) pass the gradient where x wins.
		const cases: Array<[(x: Variable) => Variable, number[]]> = [
			[(x) => add(2, x), [1, 1]],
			[(x) => mul(2, x), [2, 2]],
			[(x) => div(2, x), [-2, -0.5]],
			[(x) => pow(2, x), [2 * Math.log(2), 4 * Math.log(2)]],
			[(x) => maximum(2, x), [0, 0]],
			[(x) => minimum(2, x), [1, 0]],
		];
		for (const [f, expected] of cases) {
			const x = param([1, 2]);
			f(x).sum().backward();
			expectClose(gradOf(x), expected, 1e-15);
		}
	});

	it("a Tensor operand is a constant: the result records the graph, the tensor gets nothing", () => {
		const x = param([1, 2]);
		const c = tensor([3, 4]);
		const y = x.mul(c);
		expect(y.requiresGrad).toBe(true);
		y.sum().backward();
		expect(gradOf(x).toArray()).toEqual([3, 4]);
	});

	it("a constant Variable (requiresGrad false) gets no gradient", () => {
		const x = param([1, 2]);
		const c = variable([3, 4]);
		x.mul(c).sum().backward();
		expect(c.grad).toBeNull();
		expect(gradOf(x).toArray()).toEqual([3, 4]);
	});

	it("ops on constants only record nothing", () => {
		const y = add(variable([1]), tensor([2]));
		expect(y.requiresGrad).toBe(false);
		expect(y.node).toBeNull();
		expect(add(1, 2).item()).toBe(3);
	});

	it("exported unary functions accept tensors and numbers too", () => {
		const fns: Array<[(o: Operand) => Variable, number]> = [
			[neg, -2],
			[exp, Math.exp(2)],
			[log, Math.log(2)],
			[sqrt, Math.sqrt(2)],
			[abs, 2],
			[sigmoid, sig(2)],
			[relu, 2],
		];
		for (const [f, expected] of fns) {
			expect(f(2).item()).toBe(expected);
			expect(f(tensor([2])).toArray()).toEqual([expected]);
		}
	});

	it("anything else is a TypeError naming the op and the operand", () => {
		const x = param([1, 2]);
		const bad = [1, 2] as unknown as Operand;
		expect(() => x.add(bad)).toThrow(TypeError);
		expect(() => x.add(bad)).toThrow(/add: operand 1/);
		expect(() => mul("2" as unknown as Operand, x)).toThrow(/mul: operand 0/);
	});

	it("shapes that do not broadcast are a ShapeError from the forward", () => {
		const x = param([1, 2, 3]);
		expect(() => x.add(param([1, 2]))).toThrow(expect.objectContaining({ name: "ShapeError" }));
	});
});

describe("each binary op passes gradCheck with a constant operand of every kind", () => {
	const ops: Array<[string, (a: Operand, b: Operand) => Variable]> = [
		["add", add],
		["sub", sub],
		["mul", mul],
		["div", div],
	];
	for (const [name, op] of ops) {
		it(`${name}: with a Tensor and with a number on either side`, () => {
			fc.assert(
				fc.property(broadcastTensorsArb({ values: "nonzero" }, { values: "nonzero" }), ([a, b]: [Tensor, Tensor]) => {
					expectGradCheck((x) => op(x, b), [a]);
					expectGradCheck((x) => op(b, x), [a]);
					expectGradCheck((x) => op(x, 1.5), [a]);
					expectGradCheck((x) => op(-1.5, x), [a]);
				}),
				{ numRuns: 15 * RUNS_SCALE },
			);
		});
	}
});
