/**
 * One-pass kernels where a chain of tensor ops would allocate once per op: the
 * activations' backward, the mean squared error, and the optimizers' updates.
 * Each loop keeps the operation order of the tensor-op chain it replaces, so
 * results are bit-identical to it.
 */
import type { TypedArray } from "../../dtype";
import type { AdamStep, FusedGradName, RMSPropStep } from "../backend";

/** See {@link Kernels.fusedGrad}. */
export function fusedGrad(op: FusedGradName, g: TypedArray, saved: TypedArray, out: TypedArray): void {
	if (op === "sigmoid") {
		// g · y(1 - y) from the output y
		for (let i = 0; i < out.length; i++) {
			const y = saved[i];
			out[i] = g[i] * y * (1 - y);
		}
	} else if (op === "tanh") {
		// g · (1 - y²) from the output y
		for (let i = 0; i < out.length; i++) {
			const y = saved[i];
			out[i] = g[i] * (1 - y * y);
		}
	} else {
		// g where x > 0, else 0, from the input x
		for (let i = 0; i < out.length; i++) out[i] = saved[i] > 0 ? g[i] : 0;
	}
}

/** See {@link Kernels.sumSquaredDifference}. */
export function sumSquaredDifference(a: TypedArray, b: TypedArray): number {
	let s = 0;
	for (let i = 0; i < a.length; i++) {
		const d = a[i] - b[i];
		s += d * d;
	}
	return s;
}

/** See {@link Kernels.axpy}. */
export function axpy(a: TypedArray, alpha: number, b: TypedArray, out: TypedArray): void {
	for (let i = 0; i < out.length; i++) out[i] = a[i] + alpha * b[i];
}

/** See {@link Kernels.adamStep}: PyTorch's Adam, in the order of its tensor formulation. */
export function adamStep(
	param: TypedArray,
	grad: TypedArray,
	m: TypedArray,
	v: TypedArray,
	h: AdamStep,
	out: TypedArray,
): void {
	const { beta1, beta2, eps, weightDecay } = h;
	const stepSize = h.lr / (1 - beta1 ** h.step);
	const correction = Math.sqrt(1 - beta2 ** h.step);
	for (let i = 0; i < out.length; i++) {
		const p = param[i];
		const g = weightDecay !== 0 ? grad[i] + p * weightDecay : grad[i];
		const mi = m[i] * beta1 + g * (1 - beta1);
		const vi = v[i] * beta2 + g * g * (1 - beta2);
		m[i] = mi;
		v[i] = vi;
		out[i] = p - stepSize * (mi / (Math.sqrt(vi) / correction + eps));
	}
}

/** See {@link Kernels.rmspropStep}: PyTorch's RMSProp, in the order of its tensor formulation. */
export function rmspropStep(
	param: TypedArray,
	grad: TypedArray,
	square: TypedArray,
	average: TypedArray | null,
	buffer: TypedArray | null,
	h: RMSPropStep,
	out: TypedArray,
): void {
	const { lr, alpha, eps, weightDecay, momentum } = h;
	for (let i = 0; i < out.length; i++) {
		const p = param[i];
		const g = weightDecay !== 0 ? grad[i] + p * weightDecay : grad[i];
		const s = square[i] * alpha + g * g * (1 - alpha);
		square[i] = s;
		let variance = s;
		if (average !== null) {
			const a = average[i] * alpha + g * (1 - alpha);
			average[i] = a;
			variance = s - a * a;
		}
		const step = g / (Math.sqrt(variance) + eps);
		if (buffer !== null) {
			const b = buffer[i] * momentum + step;
			buffer[i] = b;
			out[i] = p - lr * b;
		} else out[i] = p - lr * step;
	}
}
