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

/** What {@link Optimizer.getState} returns: everything a resumed optimizer needs besides its options. */
export interface OptimizerState {
	/** The learning rate. */
	lr: number;
	/** Per-parameter tensors by name (null before a parameter's first step). */
	slots: Record<string, Array<Tensor | null>>;
	/** Per-parameter step counts by name. */
	counters: Record<string, number[]>;
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

	/**
	 * The per-parameter state arrays (moments, buffers), by name, one entry per
	 * parameter (null before its first step). Checkpoints save and restore them in place.
	 */
	protected slots(): Record<string, Array<Tensor | null>> {
		return {};
	}

	/** The per-parameter step counts, by name (Adam's). */
	protected counters(): Record<string, number[]> {
		return {};
	}

	/** A copy of the optimizer's state: learning rate, per-parameter tensors and step counts. */
	getState(): OptimizerState {
		const slots: Record<string, Array<Tensor | null>> = {};
		for (const [k, list] of Object.entries(this.slots())) slots[k] = [...list];
		const counters: Record<string, number[]> = {};
		for (const [k, list] of Object.entries(this.counters())) counters[k] = [...list];
		return { lr: this.lr, slots, counters };
	}

	/**
	 * Continues from a state taken with {@link getState} (of an optimizer of the
	 * same kind over parameters of the same shapes). Throws TypeError naming the
	 * slot and parameter for a missing slot, a wrong count or a wrong shape;
	 * nothing changes then.
	 */
	setState(state: OptimizerState): void {
		const slots = this.slots();
		const counters = this.counters();
		const n = this.params.length;
		const where = (k: string) => `${this.name}.setState: ${k}`;
		for (const k of Object.keys(slots)) {
			const given = state.slots[k];
			if (!Array.isArray(given) || given.length !== n) throw new TypeError(`${where(k)} needs ${n} entries`);
			given.forEach((t, i) => {
				const want = this.params[i]?.shape ?? [];
				if (t !== null && (t.shape.length !== want.length || t.shape.some((d, j) => d !== want[j]))) {
					throw new TypeError(
						`${where(k)}[${i}] has shape [${t.shape.join(",")}], parameter ${i} is [${want.join(",")}]`,
					);
				}
			});
		}
		for (const [k] of Object.entries(counters)) {
			const given = state.counters[k];
			if (!Array.isArray(given) || given.length !== n || !given.every((c) => Number.isInteger(c) && c >= 0)) {
				throw new TypeError(`${where(k)} needs ${n} whole numbers`);
			}
		}
		this.lr = state.lr;
		for (const [k, list] of Object.entries(slots)) list.splice(0, n, ...(state.slots[k] as Array<Tensor | null>));
		for (const [k, list] of Object.entries(counters)) list.splice(0, n, ...(state.counters[k] as number[]));
	}

	/** The new value of parameter `index` from its value and gradient. */
	protected abstract update(value: Tensor, grad: Tensor, index: number): Tensor;
}
