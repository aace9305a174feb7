/** Stacks of layers: `Sequential`, and `sequential(sizes)` that builds one from layer sizes. */
import { Variable } from "@backprop/autograd";
import { type DType, Rng, type Tensor } from "@backprop/tensor";
import type { ActivationSpec } from "../activations";
import type { InitializerSpec } from "../initializers";
import type { JsonObject } from "../json";
import { Module, type ModuleLike, snakeCase } from "../module";
import { Dense } from "./dense";

/**
 * Layers applied in order; the output of each is the input of the next. Each
 * layer gets a name from its kind and its count in the model (`conv2d_1`,
 * `dense_1`, `dense_2`) unless it already has one; parameters are named after
 * it (`dense_1.weight`) in saved files and error messages.
 */
export class Sequential extends Module {
	/** The layers, first to last. */
	readonly layers: readonly ModuleLike[];
	/** The layers' names, in order. */
	readonly layerNames: readonly string[];
	/** Free-form data saved with the model (the command line keeps normalization and labels here). */
	metadata: JsonObject = {};
	/** The shape of one sample of the last input (batch dimension dropped), for `summary()`. */
	lastInputShape: number[] | null = null;

	/** Stacks `layers`. Throws TypeError unless each has `forward` and `parameters`, or names repeat. */
	constructor(layers: readonly ModuleLike[]) {
		super();
		if (!Array.isArray(layers)) throw new TypeError("Sequential: expected an array of layers");
		// An index loop, not forEach: a hole in a sparse array is not a module either.
		for (let i = 0; i < layers.length; i++) {
			const l = layers[i];
			if (!l || typeof l.forward !== "function" || typeof l.parameters !== "function") {
				throw new TypeError(`Sequential: layer ${i} is not a module (it needs forward and parameters)`);
			}
		}
		this.layers = [...layers];
		this.layerNames = nameLayers(this.layers);
	}

	/** Runs every layer in order. Throws what a layer throws (ShapeError naming the layer for a bad input shape). */
	forward(x: Variable): Variable {
		if (!(x instanceof Variable)) throw new TypeError("Sequential.forward: expected a Variable");
		this.lastInputShape = x.shape.slice(1);
		let out = x;
		for (const layer of this.layers) out = layer.forward(out);
		return out;
	}

	/**
	 * Checks a whole data set against the first layer before training, when that
	 * layer can (Embedding checks every index, naming the dataset row). Throws what
	 * the layer throws.
	 */
	checkData(x: Tensor): void {
		(this.layers[0] as { checkData?: (x: Tensor) => void } | undefined)?.checkData?.(x);
	}

	/** The layers under their names (`dense_1`). */
	override children(): Array<[string, ModuleLike]> {
		return this.layers.map((l, i) => [this.layerNames[i] as string, l]);
	}
}

// `kind_n`, counting each kind from 1 in layer order; a layer's own name is kept.
function nameLayers(layers: readonly ModuleLike[]): string[] {
	const counts = new Map<string, number>();
	const names = layers.map((l) => {
		if (l instanceof Module && l.name !== undefined) return l.name;
		const kind = l instanceof Module ? l.kind : snakeCase(l.constructor?.name || "layer");
		const n = (counts.get(kind) ?? 0) + 1;
		counts.set(kind, n);
		const name = `${kind}_${n}`;
		if (l instanceof Module) l.name = name;
		return name;
	});
	const seen = new Set<string>();
	for (const n of names) {
		if (seen.has(n)) throw new TypeError(`Sequential: two layers are named '${n}'`);
		seen.add(n);
	}
	return names;
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
			new Dense(sizes[i - 1], sizes[i], {
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
