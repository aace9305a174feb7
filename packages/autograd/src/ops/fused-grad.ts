/**
 * One-pass gradients for the activations every network uses. `g·y·(1-y)` as
 * three tensor ops allocates three arrays; for dense operands of one shape (the
 * usual case) one loop does it. Anything else falls back to the tensor ops.
 */
import { resultDtype, sameShape, Tensor } from "@backprop/tensor";

function fresh(g: Tensor, y: Tensor): Tensor | null {
	if (!sameShape(g.shape, y.shape) || !g.isDense() || !y.isDense()) return null;
	const data = resultDtype(g.dtype, y.dtype) === "float32" ? new Float32Array(g.size) : new Float64Array(g.size);
	return Tensor.fromTypedArray(data, g.shape);
}

/** g · y(1 - y), the sigmoid's backward from its output y. */
export function sigmoidGrad(g: Tensor, y: Tensor): Tensor {
	const out = fresh(g, y);
	if (out === null) return g.mul(y.mul(y.neg().add(1)));
	const [gd, yd, o] = [g.array.data, y.array.data, out.array.data];
	for (let i = 0; i < o.length; i++) {
		const v = yd[i] as number;
		o[i] = (gd[i] as number) * v * (1 - v);
	}
	return out;
}

/** g · (1 - y²), the tanh's backward from its output y. */
export function tanhGrad(g: Tensor, y: Tensor): Tensor {
	const out = fresh(g, y);
	if (out === null) return g.mul(y.square().neg().add(1));
	const [gd, yd, o] = [g.array.data, y.array.data, out.array.data];
	for (let i = 0; i < o.length; i++) {
		const v = yd[i] as number;
		o[i] = (gd[i] as number) * (1 - v * v);
	}
	return out;
}

/** g where x > 0, else 0: the relu's backward (relu'(0) = 0). */
export function reluGrad(g: Tensor, x: Tensor): Tensor {
	const out = fresh(g, x);
	if (out === null) return g.mul(x.gt(0));
	const [gd, xd, o] = [g.array.data, x.array.data, out.array.data];
	for (let i = 0; i < o.length; i++) o[i] = (xd[i] as number) > 0 ? (gd[i] as number) : 0;
	return out;
}
