import type { Variable } from "@backprop/autograd";
import { rmspropStep, type Tensor } from "@backprop/tensor";
import type { ClipOptions } from "./clipping";
import { checkOption, Optimizer } from "./optimizer";

/** Options for {@link RMSProp}. */
export interface RMSPropOptions extends ClipOptions {
	/** Learning rate (default 0.01, PyTorch's). */
	lr?: number;
	/** Decay of the squared-gradient average (default 0.99). */
	alpha?: number;
	/** Added to the denominator (default 1e-8). */
	eps?: number;
	/** Momentum factor (default 0). */
	momentum?: number;
	/** Centered variant: divide by an estimate of the variance (default false). */
	centered?: boolean;
	/** L2 penalty (default 0). */
	weightDecay?: number;
}

/**
 * RMSProp as PyTorch computes it: g = ∇ + λp; v = αv + (1-α)g²; with `centered`,
 * a = αa + (1-α)g and the denominator uses v - a²; d = √v + eps; with momentum
 * b = μb + g/d and p ← p - lr·b, else p ← p - lr·g/d. Throws RangeError for a bad option.
 */
export class RMSProp extends Optimizer {
	/** Squared-gradient decay. */
	readonly alpha: number;
	/** Denominator epsilon. */
	readonly eps: number;
	/** Momentum factor. */
	readonly momentum: number;
	/** Whether the centered variant is used. */
	readonly centered: boolean;
	/** L2 penalty. */
	readonly weightDecay: number;
	private readonly square: Array<Tensor | null>;
	private readonly average: Array<Tensor | null>;
	private readonly buffers: Array<Tensor | null>;

	/** Binds RMSProp to `params`. */
	constructor(params: Iterable<Variable>, options: RMSPropOptions = {}) {
		super("RMSProp", params, options.lr ?? 0.01, options);
		this.alpha = checkOption("RMSProp", "alpha", options.alpha ?? 0.99, (v) => v >= 0 && v < 1, "in [0, 1)");
		this.eps = checkOption("RMSProp", "eps", options.eps ?? 1e-8, (v) => v >= 0, "non-negative");
		this.momentum = checkOption("RMSProp", "momentum", options.momentum ?? 0, (v) => v >= 0, "non-negative");
		this.weightDecay = checkOption("RMSProp", "weightDecay", options.weightDecay ?? 0, (v) => v >= 0, "non-negative");
		this.centered = options.centered ?? false;
		this.square = this.params.map(() => null);
		this.average = this.params.map(() => null);
		this.buffers = this.params.map(() => null);
	}

	protected override slots(): Record<string, Array<Tensor | null>> {
		return { square: this.square, average: this.average, buffers: this.buffers };
	}

	protected update(value: Tensor, grad: Tensor, i: number): Tensor {
		const { lr, alpha, eps, weightDecay, momentum, centered } = this;
		const state = { square: this.square[i] ?? null, average: this.average[i] ?? null, buffer: this.buffers[i] ?? null };
		const next = rmspropStep(value, grad, state, { lr, alpha, eps, weightDecay, momentum, centered });
		this.square[i] = next.square;
		this.average[i] = next.average;
		this.buffers[i] = next.buffer;
		return next.param;
	}
}
