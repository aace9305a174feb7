/** Dropout: inverted dropout in training mode, the identity in evaluation mode. */
import type { Variable } from "@backprop/autograd";
import { Rng, rand } from "@backprop/tensor";
import type { JsonObject } from "../json";
import { Module } from "../module";

/** Options for {@link Dropout}. */
export interface DropoutOptions {
	/** Seed of the layer's own generator (default 0): the same seed drops the same values. */
	seed?: number;
}

/**
 * Zeroes each value with probability `rate` in training mode and scales the
 * rest by 1 / (1 - rate), so the expected value is unchanged (PyTorch's and
 * Keras's inverted dropout); in evaluation mode passes values through. Throws
 * RangeError for a rate outside [0, 1).
 */
export class Dropout extends Module {
	/** The probability of dropping a value. */
	readonly rate: number;
	/** The seed the generator started from. */
	readonly seed: number;
	/** The layer's generator (its state is saved in checkpoints). */
	readonly rng: Rng;

	/** Creates the layer. */
	constructor(rate: number, options: DropoutOptions = {}) {
		super();
		if (typeof rate !== "number" || !(rate >= 0 && rate < 1)) {
			throw new RangeError(`Dropout: rate must be in [0, 1), got ${String(rate)}`);
		}
		this.rate = rate;
		this.seed = options.seed ?? 0;
		this.rng = new Rng(this.seed);
	}

	/** x · mask / (1 - rate) in training mode (mask drawn with the layer's generator), x in evaluation mode. */
	forward(x: Variable): Variable {
		if (!this.training || this.rate === 0) return x;
		const keep = 1 - this.rate;
		// 1/keep where the uniform draw falls below keep, 0 elsewhere (PyTorch's bernoulli(keep) / keep)
		const mask = rand(x.shape, { rng: this.rng, dtype: x.dtype }).lt(keep).div(keep);
		return x.mul(mask);
	}

	/** `{ rate, seed }`. */
	override getConfig(): JsonObject {
		return { rate: this.rate, seed: this.seed };
	}
}
