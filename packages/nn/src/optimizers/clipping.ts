/** Gradient clipping, as PyTorch's `clip_grad_norm_` and `clip_grad_value_`, with tensor ops. */
import type { Variable } from "@backprop/autograd";

// PyTorch adds this to the norm before dividing, so a zero gradient is never divided by zero.
const NORM_EPS = 1e-6;

/** Options every optimizer takes for clipping the gradients before each step. */
export interface ClipOptions {
	/** Scale all gradients together so their joint L2 norm is at most this (PyTorch's clip_grad_norm_). */
	clipNorm?: number;
	/** Clamp every gradient element into [-clipValue, clipValue] (PyTorch's clip_grad_value_). */
	clipValue?: number;
}

function positive(who: string, name: string, value: number): number {
	if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
		throw new RangeError(`${who}: ${name} must be a positive number, got ${String(value)}`);
	}
	return value;
}

/**
 * Scales the gradients of `params` in place (parameters without a gradient are
 * skipped) so that their joint L2 norm is at most `maxNorm`: with total norm N,
 * each gradient is multiplied by min(1, maxNorm / (N + 1e-6)). Returns N (before
 * clipping). Throws RangeError for a maxNorm that is not a positive number.
 */
export function clipGradNorm(params: Iterable<Variable>, maxNorm: number): number {
	positive("clipGradNorm", "maxNorm", maxNorm);
	const withGrad = [...params].filter((p) => p.grad !== null);
	let squares = 0;
	for (const p of withGrad) squares += (p.grad as NonNullable<Variable["grad"]>).square().sum().item();
	const total = Math.sqrt(squares);
	const coef = maxNorm / (total + NORM_EPS);
	if (coef < 1) {
		for (const p of withGrad) p.grad = (p.grad as NonNullable<Variable["grad"]>).mul(coef);
	}
	return total;
}

/**
 * Clamps every gradient element of `params` into [-clipValue, clipValue] in place
 * (parameters without a gradient are skipped). Throws RangeError for a clipValue
 * that is not a positive number.
 */
export function clipGradValue(params: Iterable<Variable>, clipValue: number): void {
	positive("clipGradValue", "clipValue", clipValue);
	for (const p of params) if (p.grad !== null) p.grad = p.grad.clip(-clipValue, clipValue);
}

/** Checks clip options for optimizer `who`. Throws RangeError for a value that is not a positive number. */
export function checkClipOptions(who: string, options: ClipOptions): ClipOptions {
	return {
		...(options.clipNorm !== undefined ? { clipNorm: positive(who, "clipNorm", options.clipNorm) } : {}),
		...(options.clipValue !== undefined ? { clipValue: positive(who, "clipValue", options.clipValue) } : {}),
	};
}
