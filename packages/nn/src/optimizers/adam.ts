import type { Variable } from "@backprop/autograd";
import { adamStep, type Tensor } from "@backprop/tensor";
import type { ClipOptions } from "./clipping";
import { checkOption, descend, Optimizer } from "./optimizer";

/** Options for {@link Adam}. */
export interface AdamOptions extends ClipOptions {
	/** Learning rate (default 0.001). */
	lr?: number;
	/** Decay of the first moment (default 0.9). */
	beta1?: number;
	/** Decay of the second moment (default 0.999). */
	beta2?: number;
	/** Added to the denominator (default 1e-8). */
	eps?: number;
	/** L2 penalty added to the gradient (default 0). */
	weightDecay?: number;
	/** AMSGrad: divide by the largest second moment seen so far (default false). */
	amsgrad?: boolean;
}

/**
 * Adam, exactly as PyTorch computes it: g = ∇ + λp; m = β1m + (1-β1)g;
 * v = β2v + (1-β2)g²; p ← p - (lr / (1-β1ᵗ)) · m / (√v / √(1-β2ᵗ) + eps).
 * With `amsgrad`, v̂ = max(v̂, v) replaces v in the denominator.
 * Throws RangeError for a bad option.
 */
export class Adam extends Optimizer {
	/** First-moment decay. */
	readonly beta1: number;
	/** Second-moment decay. */
	readonly beta2: number;
	/** Denominator epsilon. */
	readonly eps: number;
	/** Weight decay: an L2 penalty in the gradient (Adam), or decoupled (AdamW). */
	readonly weightDecay: number;
	/** Whether AMSGrad's running maximum of v is used. */
	readonly amsgrad: boolean;
	private readonly m: Array<Tensor | null>;
	private readonly v: Array<Tensor | null>;
	private readonly vMax: Array<Tensor | null>;
	private readonly steps: number[];

	/** Binds Adam to `params` (`name` is for subclasses: AdamW). */
	constructor(params: Iterable<Variable>, options: AdamOptions = {}, name = "Adam") {
		super(name, params, options.lr ?? 0.001, options);
		const unit = (v: number) => v >= 0 && v < 1;
		this.beta1 = checkOption(name, "beta1", options.beta1 ?? 0.9, unit, "in [0, 1)");
		this.beta2 = checkOption(name, "beta2", options.beta2 ?? 0.999, unit, "in [0, 1)");
		this.eps = checkOption(name, "eps", options.eps ?? 1e-8, (v) => v >= 0, "non-negative");
		this.weightDecay = checkOption(name, "weightDecay", options.weightDecay ?? 0, (v) => v >= 0, "non-negative");
		this.amsgrad = options.amsgrad ?? false;
		this.m = this.params.map(() => null);
		this.v = this.params.map(() => null);
		this.vMax = this.params.map(() => null);
		this.steps = this.params.map(() => 0);
	}

	protected override slots(): Record<string, Array<Tensor | null>> {
		return { m: this.m, v: this.v };
	}

	protected override counters(): Record<string, number[]> {
		return { steps: this.steps };
	}

	protected update(value: Tensor, grad: Tensor, i: number): Tensor {
		return this.adamStep(value, grad, i, this.weightDecay);
	}

	/**
	 * Adam's moment update and step for parameter `i`, with `l2` times the
	 * parameter added to the gradient (Adam's weight decay; 0 for AdamW's).
	 */
	protected adamStep(value: Tensor, grad: Tensor, i: number, l2: number): Tensor {
		const step = this.steps[i] + 1;
		this.steps[i] = step;
		const { beta1, beta2, eps, lr } = this;
		if (!this.amsgrad) {
			const next = adamStep(value, grad, this.m[i] ?? null, this.v[i] ?? null, {
				lr,
				beta1,
				beta2,
				eps,
				weightDecay: l2,
				step,
			});
			this.m[i] = next.m;
			this.v[i] = next.v;
			return next.param;
		}
		// AMSGrad keeps a running maximum of v: tensor ops, no kernel of its own.
		const g = l2 !== 0 ? grad.add(value.mul(l2)) : grad;
		const m0 = this.m[i];
		const v0 = this.v[i];
		const m = (m0 ? m0.mul(beta1) : g.mul(0)).add(g.mul(1 - beta1));
		const v = (v0 ? v0.mul(beta2) : g.mul(0)).add(g.square().mul(1 - beta2));
		const previous = this.vMax[i];
		const vMax = previous ? previous.maximum(v) : v;
		this.m[i] = m;
		this.v[i] = v;
		this.vMax[i] = vMax;
		const denom = vMax
			.sqrt()
			.div(Math.sqrt(1 - beta2 ** step))
			.add(eps);
		return descend(value, m.div(denom), lr / (1 - beta1 ** step));
	}
}
