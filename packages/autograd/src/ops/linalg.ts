/** Matrix multiplication with its backward. */
import { formatShape, ShapeError, type Tensor } from "@backprop/tensor";
import { defineOp } from "../define-op";
import { type Operand, toVariable, type Variable } from "../variable";
import { unbroadcast } from "./unbroadcast";

// Swaps the last two axes (a view).
function swapLast(t: Tensor): Tensor {
	const perm = t.shape.map((_, i) => i);
	perm[t.rank - 2] = t.rank - 1;
	perm[t.rank - 1] = t.rank - 2;
	return t.transpose(perm);
}

const matmulOp = defineOp({
	name: "matmul",
	forward: ([a, b]) => (a as Tensor).matmul(b as Tensor),
	// C = A·B: dL/dA = G·Bᵀ, dL/dB = Aᵀ·G, summed over broadcast batch dimensions
	backward: (g, { inputs: [a, b], needsGrad }) => [
		needsGrad[0] ? unbroadcast(g.matmul(swapLast(b as Tensor)), (a as Tensor).shape) : null,
		needsGrad[1] ? unbroadcast(swapLast(a as Tensor).matmul(g), (b as Tensor).shape) : null,
	],
});

/**
 * The matrix product, as the tensor layer's `matmul`: leading dimensions are
 * batch dimensions and broadcast; a 1-D operand is a vector. Throws ShapeError
 * naming both shapes when the inner dimensions differ.
 */
export function matmul(a: Operand, b: Operand): Variable {
	const x = toVariable(a, "matmul", 0, [a, b]);
	const y = toVariable(b, "matmul", 1, [a, b]);
	const where = () => `matmul: ${formatShape(x.shape)} x ${formatShape(y.shape)}`;
	if (x.rank === 0 || y.rank === 0) throw new ShapeError(`${where()}: operands must have at least one dimension`);
	const k = x.shape[x.rank - 1] as number;
	const kb = y.shape[y.rank === 1 ? 0 : y.rank - 2] as number;
	if (k !== kb) throw new ShapeError(`${where()}: inner dimensions ${k} and ${kb} differ`);
	if (x.rank > 1 && y.rank > 1) return matmulOp([x, y]);
	// Vectors become matrices for the product, and their dimension is dropped again.
	const out = matmulOp([x.rank === 1 ? x.reshape([1, k]) : x, y.rank === 1 ? y.reshape([k, 1]) : y]);
	const shape = out.shape.slice();
	if (y.rank === 1) shape.pop();
	if (x.rank === 1) shape.splice(shape.length - (y.rank === 1 ? 1 : 2), 1);
	return out.reshape(shape);
}

// Rows of x (any leading dimensions, or one sample) as a matrix [rows, features].
function rows(t: Tensor): Tensor {
	return t.rank === 2 ? t : t.reshape([-1, t.shape[t.rank - 1] as number]);
}

const linearOp = defineOp({
	name: "linear",
	forward: ([x, w, b]) => {
		const xt = x as Tensor;
		const wt = w as Tensor;
		const z = rows(xt).matmul(wt);
		const out = b ? z.add(b) : z;
		return xt.rank === 2 ? out : out.reshape([...xt.shape.slice(0, -1), wt.shape[1] as number]);
	},
	// z = x·W + b over rows: dL/dx = G·Wᵀ, dL/dW = Xᵀ·G, dL/db = Σ_rows G
	backward: (g, { inputs: [x, w, b], needsGrad }) => {
		const xt = x as Tensor;
		const wt = w as Tensor;
		const g2 = rows(g);
		const dx = needsGrad[0] ? g2.matmul(wt.transpose()).reshape(xt.shape) : null;
		const dw = needsGrad[1] ? rows(xt).transpose().matmul(g2) : null;
		return b ? [dx, dw, needsGrad[2] ? g2.sum(0) : null] : [dx, dw];
	},
});

/**
 * The affine map `x · W + b` as one op (one graph node, one backward), the core
 * of a dense layer: x [..., inputs] (or one sample [inputs]), W [inputs, units],
 * b [units] or omitted. Throws ShapeError naming the shapes when they do not fit.
 */
export function linear(x: Operand, weight: Operand, bias?: Operand): Variable {
	const xv = toVariable(x, "linear", 0, [x, weight]);
	const wv = toVariable(weight, "linear", 1, [x, weight]);
	const units = wv.shape[1];
	const fits = wv.rank === 2 && xv.rank >= 1 && xv.shape[xv.rank - 1] === wv.shape[0];
	if (!fits) {
		throw new ShapeError(`linear: input ${formatShape(xv.shape)} and weight ${formatShape(wv.shape)} do not fit`);
	}
	if (bias === undefined) return linearOp([xv, wv]);
	const bv = toVariable(bias, "linear", 2, [x, weight]);
	if (bv.rank !== 1 || bv.shape[0] !== units) {
		throw new ShapeError(`linear: bias ${formatShape(bv.shape)} does not fit weight ${formatShape(wv.shape)}`);
	}
	return linearOp([xv, wv, bv]);
}
