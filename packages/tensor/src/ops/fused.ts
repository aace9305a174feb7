/**
 * One-pass ops over whole tensors for the hot paths of training: the mean
 * squared error's sum, and the optimizers' parameter updates. Each matches the
 * chain of tensor ops it replaces bit for bit (see backends/js/fused.ts).
 */
import type { AdamStep, RMSPropStep } from "../backends/backend";
import { allocateOutput, allocateStorage, kernels } from "../backends/registry";
import { formatShape, ShapeError } from "../errors";
import { sameShape } from "../shape";
import { denseData, fromData, type Tensor } from "../tensor";

function checkPair(op: string, a: Tensor, b: Tensor): void {
	if (!sameShape(a.shape, b.shape)) {
		throw new ShapeError(`${op}: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} differ`);
	}
}

// The elements of `t` as a dense array of `like`'s dtype.
function denseLike(t: Tensor, like: Tensor) {
	return denseData(t.dtype === like.dtype ? t : t.astype(like.dtype));
}

// A fresh dense copy of optimizer state for the kernel to update, or zeros on the first step.
function stateCopy(state: Tensor | null, like: Tensor) {
	if (state === null) return allocateStorage(like.dtype, like.size);
	return denseData(state.dtype === like.dtype ? state.clone() : state.astype(like.dtype));
}

/** `Σ (a - b)²` over all elements, as a number. Throws ShapeError when the shapes differ. */
export function sumSquaredDifference(a: Tensor, b: Tensor): number {
	checkPair("sumSquaredDifference", a, b);
	return kernels().sumSquaredDifference(denseData(a), denseLike(b, a));
}

/** `a + alpha · b` (a gradient descent step is `axpy(p, -lr, g)`). Throws ShapeError when the shapes differ. */
export function axpy(a: Tensor, alpha: number, b: Tensor): Tensor {
	checkPair("axpy", a, b);
	const out = allocateOutput(a.dtype, a.size);
	kernels().axpy(denseData(a), alpha, denseLike(b, a), out);
	return fromData(out, a.shape);
}

/**
 * One step of Adam (PyTorch's formula) for one parameter: returns the new
 * parameter and moments (`m`, `v` null on the first step). Throws ShapeError
 * when the shapes differ.
 */
export function adamStep(
	param: Tensor,
	grad: Tensor,
	m: Tensor | null,
	v: Tensor | null,
	h: AdamStep,
): { param: Tensor; m: Tensor; v: Tensor } {
	checkPair("adamStep", param, grad);
	const mOut = stateCopy(m, param);
	const vOut = stateCopy(v, param);
	const out = allocateOutput(param.dtype, param.size);
	kernels().adamStep(denseData(param), denseLike(grad, param), mOut, vOut, h, out);
	return { param: fromData(out, param.shape), m: fromData(mOut, param.shape), v: fromData(vOut, param.shape) };
}

/** The state RMSProp keeps per parameter; null before the first step and for unused parts. */
export interface RMSPropState {
	square: Tensor | null;
	average: Tensor | null;
	buffer: Tensor | null;
}

/**
 * One step of RMSProp (PyTorch's formula, centered when `centered`) for one
 * parameter: returns the new parameter and state. Throws ShapeError when the shapes differ.
 */
export function rmspropStep(
	param: Tensor,
	grad: Tensor,
	state: RMSPropState,
	h: RMSPropStep & { centered: boolean },
): { param: Tensor } & RMSPropState {
	checkPair("rmspropStep", param, grad);
	const square = stateCopy(state.square, param);
	const average = h.centered ? stateCopy(state.average, param) : null;
	const buffer = h.momentum > 0 ? stateCopy(state.buffer, param) : null;
	const out = allocateOutput(param.dtype, param.size);
	kernels().rmspropStep(denseData(param), denseLike(grad, param), square, average, buffer, h, out);
	const wrap = (data: typeof out | null) => (data === null ? null : fromData(data, param.shape));
	return {
		param: fromData(out, param.shape),
		square: wrap(square),
		average: wrap(average),
		buffer: wrap(buffer),
	};
}
