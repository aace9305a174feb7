/**
 * Elementwise rows of the op table: each op's kernel (by name), forward and
 * gradient rule side by side. Binary rules return the gradient for the
 * broadcast result; `binaryRow` sums it back to each operand's shape.
 */
import type { BinaryOpName, UnaryOpName } from "../backends/backend";
import { binary, clip, fusedGrad, unary, where } from "../ops/elementwise";
import type { GradContext, OpRow } from "../ops/row";
import { unbroadcast } from "../ops/unbroadcast";
import type { Tensor, TensorLike } from "../tensor";

const TWO_OVER_SQRT_PI = 1.1283791670955126;

// A unary op: its kernel, and d/dx from the upstream gradient g, the input x and the output y.
function unaryRow(op: UnaryOpName, grad: (g: Tensor, x: Tensor, y: Tensor) => Tensor): OpRow {
	return {
		arity: 1,
		operandsOnly: true,
		fn: (x: Tensor) => unary(op, x),
		grad: (g, { inputs: [x], output }) => [grad(g, x, output)],
	};
}

// A binary op: its kernel, and the gradients for a and b before summing back over broadcast axes.
function binaryRow(op: BinaryOpName, grad: (g: Tensor, a: Tensor, b: Tensor, ctx: GradContext) => Tensor[]): OpRow {
	return {
		arity: 2,
		operandsOnly: true,
		fn: (a: TensorLike, b: TensorLike) => binary(op, a, b),
		grad: (g, ctx) => {
			const [a, b] = ctx.inputs as [Tensor, Tensor];
			const [da, db] = grad(g, a, b, ctx) as [Tensor, Tensor];
			return [ctx.needsGrad[0] ? unbroadcast(da, a.shape) : null, ctx.needsGrad[1] ? unbroadcast(db, b.shape) : null];
		},
	};
}

// A comparison: a kernel and no gradient.
function compareRow(op: BinaryOpName): OpRow {
	return { arity: 2, operandsOnly: true, fn: (a: TensorLike, b: TensorLike) => binary(op, a, b), grad: null };
}

/**
 * The binary elementwise ops, broadcasting (NumPy's rules): one row per kernel of
 * the `js` backend's binary table, whose doc comments document the ops.
 */
export const binaryRows: { readonly [K in BinaryOpName]: OpRow } = {
	add: binaryRow("add", (g) => [g, g]),
	sub: binaryRow("sub", (g) => [g, g.neg()]),
	mul: binaryRow("mul", (g, a, b) => [g.mul(b), g.mul(a)]),
	div: binaryRow("div", (g, _a, b, { output }) => [g.div(b), g.mul(output).div(b).neg()]), // d/db = -(a/b)/b
	// d/da = b·a^(b-1), 0 where b = 0 (a^0 is constant, even at a = 0);
	// d/db = a^b·ln(a), 0 where a^b = 0 or where a = 0 and b ≥ 0 (as PyTorch)
	pow: binaryRow("pow", (g, a, b, { output, needsGrad }) => [
		needsGrad[0] ? where(b.eq(0), 0, g.mul(b).mul(a.pow(b.sub(1)))) : g,
		needsGrad[1] ? g.mul(where(output.eq(0).maximum(a.eq(0).mul(b.ge(0))), 0, output.mul(a.log()))) : g,
	]),
	// The gradient goes to the larger (smaller) operand; a tie sends it to a.
	maximum: binaryRow("maximum", (g, a, b) => {
		const first = a.ge(b);
		return [g.mul(first), g.mul(first.neg().add(1))];
	}),
	minimum: binaryRow("minimum", (g, a, b) => {
		const first = a.le(b);
		return [g.mul(first), g.mul(first.neg().add(1))];
	}),
	eq: compareRow("eq"),
	ne: compareRow("ne"),
	lt: compareRow("lt"),
	le: compareRow("le"),
	gt: compareRow("gt"),
	ge: compareRow("ge"),
};

/**
 * The unary elementwise ops: the gradient rule of each kernel of the `js`
 * backend's unary table (whose doc comments document the ops), given the
 * upstream gradient g, the input x and the output y.
 */
export const unaryRows: { readonly [K in UnaryOpName]: OpRow } = {
	neg: unaryRow("neg", (g) => g.neg()),
	exp: unaryRow("exp", (g, _x, y) => g.mul(y)),
	log: unaryRow("log", (g, x) => g.div(x)),
	sqrt: unaryRow("sqrt", (g, _x, y) => g.div(y.mul(2))), // 1/(2√x)
	abs: unaryRow("abs", (g, x) => g.mul(x.sign())),
	sigmoid: unaryRow("sigmoid", (g, _x, y) => fusedGrad("sigmoid", g, y)), // σ' = σ(1 - σ), the tutorial's
	tanh: unaryRow("tanh", (g, _x, y) => fusedGrad("tanh", g, y)), // 1 - tanh²
	relu: unaryRow("relu", (g, x) => fusedGrad("relu", g, x)), // 1 for x > 0, else 0
	softplus: unaryRow("softplus", (g, x) => g.mul(x.sigmoid())),
	square: unaryRow("square", (g, x) => g.mul(x.mul(2))),
	sign: { ...unaryRow("sign", (g) => g), grad: null },
	reciprocal: unaryRow("reciprocal", (g, _x, y) => g.mul(y.square()).neg()), // -1/x²
	sin: unaryRow("sin", (g, x) => g.mul(x.cos())),
	cos: unaryRow("cos", (g, x) => g.mul(x.sin()).neg()),
	log1p: unaryRow("log1p", (g, x) => g.div(x.add(1))),
	expm1: unaryRow("expm1", (g, _x, y) => g.mul(y.add(1))),
	erf: unaryRow("erf", (g, x) => g.mul(x.square().neg().exp().mul(TWO_OVER_SQRT_PI))), // (2/√π) e^(-x²)
};

/** The elementwise ops that fit neither family. */
export const elementwiseRows = {
	// The gradient follows the branch each element came from; none to the condition.
	where: {
		arity: 3,
		fn: where,
		grad: (g, { inputs: [cond, a, b], needsGrad }) => [
			null,
			needsGrad[1] ? unbroadcast(where(cond, g, 0), a.shape) : null,
			needsGrad[2] ? unbroadcast(where(cond, 0, g), b.shape) : null,
		],
	},
	// 1 inside [low, high], 0 where the value was clamped
	clip: {
		arity: 1,
		fn: clip,
		grad: (g, { inputs: [x], attrs: [low, high] }) => [
			g.mul((x as Tensor).ge(low as number).mul((x as Tensor).le(high as number))),
		],
	},
} satisfies Record<string, OpRow>;
