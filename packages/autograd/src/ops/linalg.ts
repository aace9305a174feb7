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
