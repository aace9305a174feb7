import type { Variable } from "@backprop/autograd";
import type { Tensor } from "@backprop/tensor";
import type { ClipOptions } from "./clipping";
import { checkOption, descend, Optimizer } from "./optimizer";

/** Options for {@link SGD}. */
export interface SGDOptions extends ClipOptions {
	/** Learning rate (required, > 0). */
	lr: number;
	/** Momentum factor (default 0). */
	momentum?: number;
	/** Nesterov momentum (default false; needs momentum > 0). */
	nesterov?: boolean;
	/** L2 penalty added to the gradient (default 0). */
	weightDecay?: number;
}

/**
 * Stochastic gradient descent with PyTorch's update: g = ∇ + λp; with momentum
 * b = μb + g (b = g on the first step) and g = b, or g + μb with Nesterov; p ← p - lr·g.
 * Throws RangeError for a bad option (lr ≤ 0, negative momentum, NaN, ...).
 */
export class SGD extends Optimizer {
	/** Momentum factor. */
	readonly momentum: number;
	/** Whether Nesterov momentum is used. */
	readonly nesterov: boolean;
	/** L2 penalty. */
	readonly weightDecay: number;
	private readonly buffers: Array<Tensor | null>;

	/** Binds SGD to `params`. */
	constructor(params: Iterable<Variable>, options: SGDOptions) {
		super("SGD", params, options?.lr, options);
		this.momentum = checkOption("SGD", "momentum", options.momentum ?? 0, (v) => v >= 0, "a non-negative number");
		this.weightDecay = checkOption("SGD", "weightDecay", options.weightDecay ?? 0, (v) => v >= 0, "non-negative");
		this.nesterov = options.nesterov ?? false;
		if (this.nesterov && this.momentum === 0) throw new RangeError("SGD: nesterov needs a momentum above 0");
		this.buffers = this.params.map(() => null);
	}

	protected override slots(): Record<string, Array<Tensor | null>> {
		return { buffers: this.buffers };
	}

	protected update(value: Tensor, grad: Tensor, i: number): Tensor {
		let g = this.weightDecay !== 0 ? grad.add(value.mul(this.weightDecay)) : grad;
		if (this.momentum !== 0) {
			const prev = this.buffers[i];
			const buf = prev ? prev.mul(this.momentum).add(g) : g;
			this.buffers[i] = buf;
			g = this.nesterov ? g.add(buf.mul(this.momentum)) : buf;
		}
		return descend(value, g, this.lr);
	}
}
