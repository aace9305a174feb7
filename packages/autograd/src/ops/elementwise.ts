/**
 * Elementwise ops, each forward beside its backward. Binary ops broadcast; their
 * backward sums the gradient back to each operand's shape (unbroadcast).
 */
import { Tensor } from "@backprop/tensor";
import { defineOp } from "../define-op";
import type { Operand, Variable } from "../variable";
import { reluGrad, sigmoidGrad, tanhGrad } from "./fused-grad";
import { unbroadcast } from "./unbroadcast";

const addOp = defineOp({
	name: "add",
	forward: ([a, b]) => (a as Tensor).add(b as Tensor),
	// d(a+b)/da = 1, d(a+b)/db = 1
	backward: (g, { inputs: [a, b], needsGrad }) => [
		needsGrad[0] ? unbroadcast(g, (a as Tensor).shape) : null,
		needsGrad[1] ? unbroadcast(g, (b as Tensor).shape) : null,
	],
});

const subOp = defineOp({
	name: "sub",
	forward: ([a, b]) => (a as Tensor).sub(b as Tensor),
	// d(a-b)/da = 1, d(a-b)/db = -1
	backward: (g, { inputs: [a, b], needsGrad }) => [
		needsGrad[0] ? unbroadcast(g, (a as Tensor).shape) : null,
		needsGrad[1] ? unbroadcast(g.neg(), (b as Tensor).shape) : null,
	],
});

const mulOp = defineOp({
	name: "mul",
	forward: ([a, b]) => (a as Tensor).mul(b as Tensor),
	// d(ab)/da = b, d(ab)/db = a
	backward: (g, { inputs: [a, b], needsGrad }) => [
		needsGrad[0] ? unbroadcast(g.mul(b as Tensor), (a as Tensor).shape) : null,
		needsGrad[1] ? unbroadcast(g.mul(a as Tensor), (b as Tensor).shape) : null,
	],
});

const divOp = defineOp({
	name: "div",
	forward: ([a, b]) => (a as Tensor).div(b as Tensor),
	// d(a/b)/da = 1/b, d(a/b)/db = -a/b² = -(a/b)/b
	backward: (g, { inputs: [a, b], output, needsGrad }) => [
		needsGrad[0] ? unbroadcast(g.div(b as Tensor), (a as Tensor).shape) : null,
		needsGrad[1]
			? unbroadcast(
					g
						.mul(output)
						.div(b as Tensor)
						.neg(),
					(b as Tensor).shape,
				)
			: null,
	],
});

// `t` with zeros where `mask` (broadcast to t's shape) is 1; `t` itself when there are none.
function zeroWhere(t: Tensor, mask: Tensor): Tensor {
	const m = mask.broadcastTo(t.shape).values();
	if (!m.includes(1)) return t;
	const v = t.toTypedArray();
	for (let i = 0; i < v.length; i++) if (m[i] === 1) v[i] = 0;
	return Tensor.fromTypedArray(v, t.shape);
}

const powOp = defineOp({
	name: "pow",
	forward: ([a, b]) => (a as Tensor).pow(b as Tensor),
	// d(a^b)/da = b·a^(b-1), taken as 0 where b = 0 (a^0 = 1 is constant, even at a = 0);
	// d(a^b)/db = a^b·ln(a), taken as 0 where a^b = 0 or where a = 0 and b ≥ 0 (as PyTorch does)
	backward: (g, { inputs: [a, b], output, needsGrad }) => {
		const x = a as Tensor;
		const y = b as Tensor;
		const da = needsGrad[0] ? unbroadcast(zeroWhere(g.mul(y).mul(x.pow(y.sub(1))), y.eq(0)), x.shape) : null;
		let db: Tensor | null = null;
		if (needsGrad[1]) {
			const term = output.mul(x.log()).toTypedArray();
			const out = output.values();
			const zeroBase = x.eq(0).mul(y.ge(0)).broadcastTo(output.shape).values();
			for (let i = 0; i < term.length; i++) if (out[i] === 0 || zeroBase[i] === 1) term[i] = 0;
			db = unbroadcast(g.mul(Tensor.fromTypedArray(term, output.shape)), y.shape);
		}
		return [da, db];
	},
});

const maximumOp = defineOp({
	name: "maximum",
	forward: ([a, b]) => (a as Tensor).maximum(b as Tensor),
	// The gradient goes to the larger operand; on a tie, to the first (a).
	backward: (g, { inputs: [a, b], needsGrad }) => {
		const first = (a as Tensor).ge(b as Tensor);
		return [
			needsGrad[0] ? unbroadcast(g.mul(first), (a as Tensor).shape) : null,
			needsGrad[1] ? unbroadcast(g.mul(first.neg().add(1)), (b as Tensor).shape) : null,
		];
	},
});

const minimumOp = defineOp({
	name: "minimum",
	forward: ([a, b]) => (a as Tensor).minimum(b as Tensor),
	// The gradient goes to the smaller operand; on a tie, to the first (a).
	backward: (g, { inputs: [a, b], needsGrad }) => {
		const first = (a as Tensor).le(b as Tensor);
		return [
			needsGrad[0] ? unbroadcast(g.mul(first), (a as Tensor).shape) : null,
			needsGrad[1] ? unbroadcast(g.mul(first.neg().add(1)), (b as Tensor).shape) : null,
		];
	},
});

const negOp = defineOp({
	name: "neg",
	forward: ([x]) => (x as Tensor).neg(),
	// d(-x)/dx = -1
	backward: (g) => [g.neg()],
});

const expOp = defineOp({
	name: "exp",
	forward: ([x]) => (x as Tensor).exp(),
	// d(e^x)/dx = e^x, the output itself
	backward: (g, { output }) => [g.mul(output)],
});

const logOp = defineOp({
	name: "log",
	forward: ([x]) => (x as Tensor).log(),
	// d(ln x)/dx = 1/x
	backward: (g, { inputs: [x] }) => [g.div(x as Tensor)],
});

const sqrtOp = defineOp({
	name: "sqrt",
	forward: ([x]) => (x as Tensor).sqrt(),
	// d(√x)/dx = 1/(2√x)
	backward: (g, { output }) => [g.div(output.mul(2))],
});

const absOp = defineOp({
	name: "abs",
	forward: ([x]) => (x as Tensor).abs(),
	// d|x|/dx = sign(x), with abs'(0) = 0
	backward: (g, { inputs: [x] }) => [g.mul((x as Tensor).sign())],
});

const sigmoidOp = defineOp({
	name: "sigmoid",
	forward: ([x]) => (x as Tensor).sigmoid(),
	// σ'(x) = σ(x)(1 - σ(x)): the tutorial's sigmoid_derivative, from the saved output
	backward: (g, { output }) => [sigmoidGrad(g, output)],
});

const tanhOp = defineOp({
	name: "tanh",
	forward: ([x]) => (x as Tensor).tanh(),
	// tanh'(x) = 1 - tanh²(x)
	backward: (g, { output }) => [tanhGrad(g, output)],
});

const reluOp = defineOp({
	name: "relu",
	forward: ([x]) => (x as Tensor).relu(),
	// relu'(x) = 1 for x > 0, else 0 (relu'(0) = 0)
	backward: (g, { inputs: [x] }) => [reluGrad(g, x as Tensor)],
});

const softplusOp = defineOp({
	name: "softplus",
	forward: ([x]) => (x as Tensor).softplus(),
	// d log(1 + e^x)/dx = σ(x)
	backward: (g, { inputs: [x] }) => [g.mul((x as Tensor).sigmoid())],
});

const squareOp = defineOp({
	name: "square",
	forward: ([x]) => (x as Tensor).square(),
	// d(x²)/dx = 2x
	backward: (g, { inputs: [x] }) => [g.mul((x as Tensor).mul(2))],
});

const clipOp = defineOp<{ low: number; high: number }>({
	name: "clip",
	forward: ([x], { low, high }) => (x as Tensor).clip(low, high),
	// 1 inside [low, high], 0 where the value was clamped
	backward: (g, { inputs: [x], attrs: { low, high } }) => {
		const t = x as Tensor;
		return [g.mul(t.ge(low).mul(t.le(high)))];
	},
});

/** `a + b`, broadcasting. Throws ShapeError if the shapes do not broadcast. */
export const add = (a: Operand, b: Operand): Variable => addOp([a, b]);
/** `a - b`, broadcasting. */
export const sub = (a: Operand, b: Operand): Variable => subOp([a, b]);
/** `a * b`, broadcasting. */
export const mul = (a: Operand, b: Operand): Variable => mulOp([a, b]);
/** `a / b`, broadcasting. */
export const div = (a: Operand, b: Operand): Variable => divOp([a, b]);
/** `a ** b`, broadcasting; differentiable in both. */
export const pow = (a: Operand, b: Operand): Variable => powOp([a, b]);
/** Elementwise maximum; ties send the gradient to `a`. */
export const maximum = (a: Operand, b: Operand): Variable => maximumOp([a, b]);
/** Elementwise minimum; ties send the gradient to `a`. */
export const minimum = (a: Operand, b: Operand): Variable => minimumOp([a, b]);
/** `-x`. */
export const neg = (x: Operand): Variable => negOp([x]);
/** `e^x`. */
export const exp = (x: Operand): Variable => expOp([x]);
/** Natural logarithm. */
export const log = (x: Operand): Variable => logOp([x]);
/** Square root. */
export const sqrt = (x: Operand): Variable => sqrtOp([x]);
/** Absolute value; abs'(0) = 0. */
export const abs = (x: Operand): Variable => absOp([x]);
/** Logistic sigmoid. */
export const sigmoid = (x: Operand): Variable => sigmoidOp([x]);
/** Hyperbolic tangent. */
export const tanh = (x: Operand): Variable => tanhOp([x]);
/** Rectified linear unit; relu'(0) = 0. */
export const relu = (x: Operand): Variable => reluOp([x]);
/** `log(1 + e^x)`, stable. */
export const softplus = (x: Operand): Variable => softplusOp([x]);
/** `x²`. */
export const square = (x: Operand): Variable => squareOp([x]);
/** `x` clamped into [low, high]; no gradient where clamped. Throws RangeError if low > high. */
export const clip = (x: Operand, low: number, high: number): Variable => clipOp([x], { low, high });
