/** Softmax, log-softmax and log-sum-exp: stable forwards from the tensor layer, with their backwards. */
import { type Axis, normalizeAxes, type Tensor } from "@backprop/tensor";
import { defineOp } from "../define-op";
import type { Operand, Variable } from "../variable";

const softmaxOp = defineOp<{ axis: number }>({
	name: "softmax",
	forward: ([x], { axis }) => (x as Tensor).softmax(axis),
	// y = softmax(x): dL/dx = y ⊙ (g - Σ(g ⊙ y))
	backward: (g, { output: y, attrs: { axis } }) => [y.mul(g.sub(g.mul(y).sum(axis, true)))],
});

const logSoftmaxOp = defineOp<{ axis: number }>({
	name: "logSoftmax",
	forward: ([x], { axis }) => (x as Tensor).logSoftmax(axis),
	// y = log softmax(x): dL/dx = g - softmax(x) · Σg, and softmax(x) = e^y
	backward: (g, { output: y, attrs: { axis } }) => [g.sub(y.exp().mul(g.sum(axis, true)))],
});

const logSumExpOp = defineOp<{ axis: Axis | undefined; keepDims: boolean }>({
	name: "logSumExp",
	forward: ([x], { axis, keepDims }) => (x as Tensor).logSumExp(axis, keepDims),
	// d lse(x)/dx = softmax(x) = e^(x - lse)
	backward: (g, { inputs: [x], output, attrs: { axis } }) => {
		const t = x as Tensor;
		const axes = normalizeAxes(axis, t.rank, "logSumExp");
		const kept = t.shape.map((d, i) => (axes.includes(i) ? 1 : d));
		return [t.sub(output.reshape(kept)).exp().mul(g.reshape(kept))];
	},
});

/** Softmax along `axis` (default last). Throws ShapeError for a bad axis. */
export const softmax = (x: Operand, axis = -1): Variable => softmaxOp([x], { axis });
/** Log-softmax along `axis` (default last), through log-sum-exp. Throws ShapeError for a bad axis. */
export const logSoftmax = (x: Operand, axis = -1): Variable => logSoftmaxOp([x], { axis });
/** `log(Σ e^x)` over `axis` (all when omitted), stable. Throws ShapeError for a bad axis. */
export const logSumExp = (x: Operand, axis?: Axis, keepDims = false): Variable => logSumExpOp([x], { axis, keepDims });
