import type { Variable } from "@backprop/autograd";
import type { Tensor } from "@backprop/tensor";
import { Adam, type AdamOptions } from "./adam";

/** Options for {@link AdamW}: Adam's, with `weightDecay` decoupled (default 0.01, PyTorch's). */
export type AdamWOptions = AdamOptions;

/**
 * AdamW (decoupled weight decay), as PyTorch computes it: first p ← p · (1 - lr·λ),
 * then Adam's step from the plain gradient (λ never enters the moments). Takes
 * `amsgrad` and the clip options too. Throws RangeError for a bad option.
 */
export class AdamW extends Adam {
	/** Binds AdamW to `params`. */
	constructor(params: Iterable<Variable>, options: AdamWOptions = {}) {
		super(params, { ...options, weightDecay: options.weightDecay ?? 0.01 }, "AdamW");
	}

	protected override update(value: Tensor, grad: Tensor, i: number): Tensor {
		const decayed = this.weightDecay !== 0 ? value.mul(1 - this.lr * this.weightDecay) : value;
		return this.adamStep(decayed, grad, i, 0);
	}
}
