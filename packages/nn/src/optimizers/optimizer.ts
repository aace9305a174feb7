/** The shape every optimizer shares: bound to parameters, `step()` and `zeroGrad()`, PyTorch-style. */
import { Variable, zeroGrad } from "@backprop/autograd";
import { axpy, type Tensor } from "@backprop/tensor";
import { type ClipOptions, checkClipOptions, clipGradNorm, clipGradValue } from "./clipping";

/** Checks a hyperparameter; throws a RangeError naming the optimizer, option and value. */
export function checkOption(
	optimizer: string,
	option: string,
	value: number,
	ok: (v: number) => boolean,
	rule: string,
): number {
	if (typeof value !== "number" || !Number.isFinite(value) || !ok(value)) {
		throw new RangeError(`${optimizer}: ${option} must be ${rule}, got ${String(value)}`);
	}
	return value;
}

/** `value - lr · step` as a new tensor, in one pass (the `axpy` kernel). */
export function descend(value: Tensor, step: Tensor, lr: number): Tensor {
	return axpy(value, -lr, step);
}

/** An optimizer over a fixed list of parameters. */
export abstract class Optimizer {
	/** The parameters this optimizer updates. */
	readonly params: readonly Variable[];
	/** Joint L2 norm the gradients are scaled down to before each step, if set. */
	readonly clipNorm: number | undefined;
	/** Bound every gradient element is clamped to before each step, if set. */
	readonly clipValue: number | undefined;
	private learningRate = 0;

	/**
	 * Binds the optimizer. Throws TypeError unless every parameter is a Variable
	 * that requires a gradient, RangeError for a clip option that is not positive.
	 */
	constructor(
		readonly name: string,
		params: Iterable<Variable>,
		lr: number,
		clip: ClipOptions = {},
	) {
		this.params = [...params];
		this.params.forEach((p, i) => {
			if (!(p instanceof Variable) || !p.requiresGrad) {
				throw new TypeError(`${name}: parameter ${i} is not a Variable with requiresGrad: true`);
			}
		});
		this.lr = lr;
		const checked = checkClipOptions(name, clip ?? {});
		this.clipNorm = checked.clipNorm;
		this.clipValue = checked.clipValue;
	}

	/** The learning rate; it may change between steps. Setting it checks it (RangeError). */
	get lr(): number {
		return this.learningRate;
	}
	set lr(value: number) {
		this.learningRate = checkOption(this.name, "lr", value, (v) => v > 0, "a positive number");
	}

	/**
	 * Applies one update from the parameters' current `.grad` (parameters without
	 * one are skipped), clipping the gradients first when `clipValue` (elementwise)
	 * or `clipNorm` (jointly, after clipValue) is set.
	 */
	step(): void {
		if (this.clipValue !== undefined) clipGradValue(this.params, this.clipValue);
		if (this.clipNorm !== undefined) clipGradNorm(this.params, this.clipNorm);
		this.params.forEach((p, i) => {
			if (p.grad !== null) p.value = this.update(p.value, p.grad, i);
		});
	}

	/** Clears every parameter's gradient. */
	zeroGrad(): void {
		zeroGrad(this.params);
	}

	/** The new value of parameter `index` from its value and gradient. */
	protected abstract update(value: Tensor, grad: Tensor, index: number): Tensor;
}
