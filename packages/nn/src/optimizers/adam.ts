import type { Variable } from "@backprop/autograd";
import { adamStep, type Tensor } from "@backprop/tensor";
import { checkOption, Optimizer } from "./optimizer";

/** Options for {@link Adam}. */
export interface AdamOptions {
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
}

/**
 * Adam, exactly as PyTorch computes it: g = ∇ + λp; m = β1m + (1-β1)g;
 * v = β2v + (1-β2)g²; p ← p - (lr / (1-β1ᵗ)) · m / (√v / √(1-β2ᵗ) + eps).
 * Throws RangeError for a bad option.
 */
export class Adam extends Optimizer {
	/** First-moment decay. */
	readonly beta1: number;
	/** Second-moment decay. */
	readonly beta2: number;
	/** Denominator epsilon. */
	readonly eps: number;
	/** L2 penalty. */
	readonly weightDecay: number;
	private readonly m: Array<Tensor | null>;
	private readonly v: Array<Tensor | null>;
	private readonly steps: number[];

	/** Binds Adam to `params`. */
	constructor(params: Iterable<Variable>, options: AdamOptions = {}) {
		super("Adam", params, options.lr ?? 0.001);
		const unit = (v: number) => v >= 0 && v < 1;
		this.beta1 = checkOption("Adam", "beta1", options.beta1 ?? 0.9, unit, "in [0, 1)");
		this.beta2 = checkOption("Adam", "beta2", options.beta2 ?? 0.999, unit, "in [0, 1)");
		this.eps = checkOption("Adam", "eps", options.eps ?? 1e-8, (v) => v >= 0, "non-negative");
		this.weightDecay = checkOption("Adam", "weightDecay", options.weightDecay ?? 0, (v) => v >= 0, "non-negative");
		this.m = this.params.map(() => null);
		this.v = this.params.map(() => null);
		this.steps = this.params.map(() => 0);
	}

	protected update(value: Tensor, grad: Tensor, i: number): Tensor {
		const step = (this.steps[i] as number) + 1;
		this.steps[i] = step;
		const { beta1, beta2, eps, weightDecay, lr } = this;
		const next = adamStep(value, grad, this.m[i] ?? null, this.v[i] ?? null, {
			lr,
			beta1,
			beta2,
			eps,
			weightDecay,
			step,
		});
		this.m[i] = next.m;
		this.v[i] = next.v;
		return next.param;
	}
}
