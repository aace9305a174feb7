/** Stacks of layers: `Sequential`, and `sequential(sizes)` that builds one from layer sizes. */
import { Variable } from "@backprop/autograd";
import { type DType, Rng } from "@backprop/tensor";
import type { ActivationSpec } from "../activations";
import type { InitializerSpec } from "../initializers";
import type { JsonObject } from "../json";
import type { Module } from "../module";
import { Dense } from "./dense";

/** Layers applied in order; the output of each is the input of the next. */
export class Sequential implements Module {
	/** The layers, first to last. */
	readonly layers: readonly Module[];
	/** Free-form data saved with the model (the command line keeps normalization and labels here). */
	metadata: JsonObject = {};

	/** Stacks `layers`. Throws TypeError unless each has `forward` and `parameters`. */
	constructor(layers: readonly Module[]) {
		if (!Array.isArray(layers)) throw new TypeError("Sequential: expected an array of layers");
		// An index loop, not forEach: a hole in a sparse array is not a module either.
		for (let i = 0; i < layers.length; i++) {
			const l = layers[i];
			if (!l || typeof l.forward !== "function" || typeof l.parameters !== "function") {
				throw new TypeError(`Sequential: layer ${i} is not a module (it needs forward and parameters)`);
			}
		}
		this.layers = [...layers];
	}

	/** Runs every layer in order. Throws what a layer throws (ShapeError for a bad input shape). */
	forward(x: Variable): Variable {
		if (!(x instanceof Variable)) throw new TypeError("Sequential.forward: expected a Variable");
		let out = x;
		for (const layer of this.layers) out = layer.forward(out);
		return out;
	}

	/** Every layer's parameters, in layer order. */
	parameters(): Variable[] {
		return this.layers.flatMap((l) => l.parameters());
	}
}

/** Options for {@link sequential}. */
export interface SequentialOptions {
	/** Activation of the hidden layers only (default `relu`); the last layer never takes it. */
	activation?: ActivationSpec;
	/** Activation of the last layer (default `linear`: a classifier's logits or a regressor's values). */
	outputActivation?: ActivationSpec;
	/** Weight initializer for every layer (default `glorotUniform`). */
	init?: InitializerSpec;
	/** Seed for the initializers (default 0). */
	seed?: number;
	/** Generator for the initializers (overrides `seed`). */
	rng?: Rng;
	/** Parameter dtype (default float64). */
	dtype?: DType;
	/** Whether layers have a bias (default true). */
	useBias?: boolean;
}

/**
 * A stack of Dense layers from sizes, input size first. `activation` is for the
 * hidden layers; the output layer is linear unless `outputActivation` says otherwise,
 * so `sequential([2, 2, 1], { activation: 'sigmoid', outputActivation: 'sigmoid' })`
 * is the tutorial's 2-2-1 network. Throws RangeError
 * for fewer than two sizes or a size that is not a positive integer.
 */
export function sequential(sizes: readonly number[], options: SequentialOptions = {}): Sequential {
	if (!Array.isArray(sizes) || sizes.length < 2) {
		throw new RangeError(
			`sequential: sizes must list the input size and at least one layer, e.g. [2, 2, 1], got ${JSON.stringify(sizes)}`,
		);
	}
	const rng = options.rng ?? new Rng(options.seed ?? 0);
	const hidden = options.activation ?? "relu";
	const output = options.outputActivation ?? "linear";
	const layers: Dense[] = [];
	for (let i = 1; i < sizes.length; i++) {
		layers.push(
			new Dense(sizes[i - 1] as number, sizes[i] as number, {
				activation: i === sizes.length - 1 ? output : hidden,
				...(options.init !== undefined ? { init: options.init } : {}),
				...(options.useBias !== undefined ? { useBias: options.useBias } : {}),
				...(options.dtype !== undefined ? { dtype: options.dtype } : {}),
				rng,
			}),
		);
	}
	return new Sequential(layers);
}
