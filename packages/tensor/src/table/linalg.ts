/** Linear-algebra rows of the op table: forward and gradient side by side. */
import { formatShape, ShapeError } from "../errors";
import { matmul } from "../ops/linalg";
import { checkTensor } from "../ops/operand";
import type { OpRow } from "../ops/row";
import { unbroadcast } from "../ops/unbroadcast";
import type { Tensor } from "../tensor";

// Swaps the last two axes (a view).
function swapLast(t: Tensor): Tensor {
	const perm = t.shape.map((_, i) => i);
	perm[t.rank - 2] = t.rank - 1;
	perm[t.rank - 1] = t.rank - 2;
	return t.transpose(perm);
}

// A vector operand as the matrix the product used: a row [1,k] on the left, a column [k,1] on the right.
function asMatrix(t: Tensor, side: "left" | "right"): Tensor {
	if (t.rank !== 1) return t;
	return t.reshape(side === "left" ? [1, t.size] : [t.size, 1]);
}

// Rows of x (any leading dimensions, or one sample) as a matrix [rows, features].
function rows(t: Tensor): Tensor {
	return t.rank === 2 ? t : t.reshape([-1, t.shape[t.rank - 1]]);
}

function linear(x: Tensor, weight: Tensor, bias?: Tensor): Tensor {
	checkTensor(x, "linear");
	checkTensor(weight, "linear");
	const units = weight.shape[1];
	if (weight.rank !== 2 || x.rank < 1 || x.shape[x.rank - 1] !== weight.shape[0]) {
		throw new ShapeError(`linear: input ${formatShape(x.shape)} and weight ${formatShape(weight.shape)} do not fit`);
	}
	if (bias !== undefined && (checkTensor(bias, "linear").rank !== 1 || bias.shape[0] !== units)) {
		throw new ShapeError(`linear: bias ${formatShape(bias.shape)} does not fit weight ${formatShape(weight.shape)}`);
	}
	const z = rows(x).matmul(weight);
	const out = bias ? z.add(bias) : z;
	return x.rank === 2 ? out : out.reshape([...x.shape.slice(0, -1), units]);
}

/** Matrix products. */
export const linalgRows = {
	// C = A·B: dL/dA = G·Bᵀ, dL/dB = Aᵀ·G, summed over broadcast batch dimensions
	matmul: {
		arity: 2,
		fn: matmul,
		grad: (g, { inputs: [a, b], needsGrad }) => {
			const a2 = asMatrix(a, "left");
			const b2 = asMatrix(b, "right");
			// g without the dimensions a vector operand dropped
			const lead = g.shape.slice(0, g.rank - (a.rank > 1 ? 1 : 0) - (b.rank > 1 ? 1 : 0));
			const g2 = g.reshape([...lead, a2.shape[a2.rank - 2], b2.shape[b2.rank - 1]]);
			return [
				needsGrad[0] ? unbroadcast(g2.matmul(swapLast(b2)), a2.shape).reshape(a.shape) : null,
				needsGrad[1] ? unbroadcast(swapLast(a2).matmul(g2), b2.shape).reshape(b.shape) : null,
			];
		},
	},
	// z = x·W + b over rows: dL/dx = G·Wᵀ, dL/dW = Xᵀ·G, dL/db = Σ_rows G
	linear: {
		arity: 3,
		operandsOnly: true,
		fn: linear,
		grad: (g, { inputs: [x, w, b], needsGrad }) => {
			const g2 = rows(g);
			const dx = needsGrad[0] ? g2.matmul(w.transpose()).reshape(x.shape) : null;
			const dw = needsGrad[1] ? rows(x).transpose().matmul(g2) : null;
			return b ? [dx, dw, needsGrad[2] ? g2.sum(0) : null] : [dx, dw];
		},
	},
} satisfies Record<string, OpRow>;
