/** Reduction and softmax rows of the op table: forward and gradient side by side. */
import { argmax, extremeMask, reduce } from "../ops/reduce";
import type { OpRow } from "../ops/row";
import { logSoftmax, logSumExp, softmax } from "../ops/softmax";
import { normalizeAxes, sizeOf } from "../shape";
import type { Axis, Tensor } from "../tensor";

// The reduced result's shape with the reduced axes kept as 1, so it broadcasts against the input.
function keptShape(shape: readonly number[], axis: Axis | undefined): number[] {
	const axes = normalizeAxes(axis, shape.length, "reduce");
	return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

// dL/dx of a reduction: the output gradient spread back over the reduced axes.
function spread(g: Tensor, x: Tensor, axis: Axis | undefined): Tensor {
	return g.reshape(keptShape(x.shape, axis)).broadcastTo(x.shape);
}

// How many elements each output of a reduction over `axis` gathers.
function reducedCount(shape: readonly number[], axis: Axis | undefined): number {
	return sizeOf(normalizeAxes(axis, shape.length, "reduce").map((a) => shape[a]));
}

function extremeRow(op: "max" | "min"): OpRow {
	return {
		arity: 1,
		fn: (x: Tensor, axis?: Axis, keepDims = false) => reduce(op, op, x, axis, keepDims),
		// The gradient goes to the first extreme element of each group (a subgradient at ties).
		grad: (g, { inputs: [x], attrs: [axis] }) => [
			spread(g, x, axis as Axis | undefined).mul(extremeMask(x, axis as Axis | undefined, op)),
		],
	};
}

/** The reductions and the softmax family. */
export const reduceRows = {
	// d(Σx)/dx_i = 1: every element receives the gradient of its sum
	sum: {
		arity: 1,
		fn: (x: Tensor, axis?: Axis, keepDims = false) => reduce("sum", "sum", x, axis, keepDims),
		grad: (g, { inputs: [x], attrs: [axis] }) => [spread(g, x, axis as Axis | undefined)],
	},
	// d(Σx/n)/dx_i = 1/n
	mean: {
		arity: 1,
		fn: (x: Tensor, axis?: Axis, keepDims = false) =>
			reduce("mean", "sum", x, axis, keepDims).div(reducedCount(x.shape, axis)),
		grad: (g, { inputs: [x], output, attrs: [axis] }) => {
			const t = x;
			const n = output.size === 0 ? 1 : t.size / output.size;
			return [spread(g, t, axis as Axis | undefined).div(n)];
		},
	},
	max: extremeRow("max"),
	min: extremeRow("min"),
	// Σ(x - mean)² / (n - correction), from primitives
	variance: {
		arity: 1,
		fn: (x: Tensor, axis?: Axis, keepDims = false, correction = 1) => {
			const centered = x.sub(x.mean(axis, true));
			return centered
				.square()
				.sum(axis, keepDims)
				.div(reducedCount(x.shape, axis) - correction);
		},
		grad: "composite",
	},
	std: {
		arity: 1,
		fn: (x: Tensor, axis?: Axis, keepDims = false, correction = 1) => x.variance(axis, keepDims, correction).sqrt(),
		grad: "composite",
	},
	// d lse(x)/dx = softmax(x) = e^(x - lse)
	logSumExp: {
		arity: 1,
		fn: logSumExp,
		grad: (g, { inputs: [x], output, attrs: [axis] }) => {
			const kept = keptShape(x.shape, axis as Axis | undefined);
			return [x.sub(output.reshape(kept)).exp().mul(g.reshape(kept))];
		},
	},
	// y = softmax(x): dL/dx = y ⊙ (g - Σ(g ⊙ y))
	softmax: {
		arity: 1,
		fn: softmax,
		grad: (g, { output: y, attrs: [axis = -1] }) => [y.mul(g.sub(g.mul(y).sum(axis as number, true)))],
	},
	// y = log softmax(x): dL/dx = g - softmax(x) · Σg, and softmax(x) = e^y
	logSoftmax: {
		arity: 1,
		fn: logSoftmax,
		grad: (g, { output: y, attrs: [axis = -1] }) => [g.sub(y.exp().mul(g.sum(axis as number, true)))],
	},
	argmax: { arity: 1, fn: argmax, grad: null },
} satisfies Record<string, OpRow>;
