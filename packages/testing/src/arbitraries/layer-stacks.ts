/** Random stacks of Dense layers, with inputs and targets that fit a random loss. */
import { variable } from "@backprop/autograd";
import { activationNames, type Dense, type Sequential, sequential } from "@backprop/nn";
import { Rng, type Tensor, tensor } from "@backprop/tensor";
import fc from "fast-check";

/** The losses a random stack is trained with. */
export const STACK_LOSSES = ["mse", "mae", "huber", "binaryCrossEntropy", "crossEntropy"] as const;

/** One of {@link STACK_LOSSES}. */
export type StackLoss = (typeof STACK_LOSSES)[number];

/** A random stack: layer sizes (input first), activations, loss, batch rows and a seed for everything else. */
export interface LayerStackCase {
	sizes: number[];
	hidden: string;
	output: string;
	loss: StackLoss;
	rows: number;
	seed: number;
}

/** Options for {@link layerStackArb}. */
export interface LayerStackOptions {
	/** Activation names drawn from (default: every registered one). */
	activations?: readonly string[];
	/** Losses drawn from (default: all of {@link STACK_LOSSES}). */
	losses?: readonly StackLoss[];
	/** Largest layer size (default 5). */
	maxSize?: number;
	/** Most sizes, input included (default 4: up to three layers). */
	maxSizes?: number;
	/** Most rows in the batch (default 3). */
	maxRows?: number;
}

/**
 * A random stack. The output fits the loss: a sigmoid for binaryCrossEntropy
 * (it takes probabilities), linear and at least two outputs for crossEntropy (it
 * takes logits of two or more classes).
 */
export function layerStackArb(options: LayerStackOptions = {}): fc.Arbitrary<LayerStackCase> {
	const activations = options.activations ?? activationNames();
	return fc
		.record({
			sizes: fc.array(fc.integer({ min: 1, max: options.maxSize ?? 5 }), {
				minLength: 2,
				maxLength: options.maxSizes ?? 4,
			}),
			hidden: fc.constantFrom(...activations),
			output: fc.constantFrom(...activations),
			loss: fc.constantFrom(...(options.losses ?? STACK_LOSSES)),
			rows: fc.integer({ min: 1, max: options.maxRows ?? 3 }),
			seed: fc.integer({ min: 0, max: 1_000_000 }),
		})
		.map((c) => ({
			...c,
			output: c.loss === "binaryCrossEntropy" ? "sigmoid" : c.loss === "crossEntropy" ? "linear" : c.output,
			sizes: c.loss === "crossEntropy" && c.sizes[c.sizes.length - 1] === 1 ? [...c.sizes.slice(0, -1), 2] : c.sizes,
		}));
}

/**
 * The case's model (random biases: they start at zero), a batch x in [-2, 2] and a
 * target fitting the loss (class labels, hard and soft 0/1 targets, or values in [-1, 1]).
 */
export function buildLayerStack(c: LayerStackCase): { model: Sequential; x: Tensor; target: Tensor } {
	const model = sequential(c.sizes, { activation: c.hidden, outputActivation: c.output, seed: c.seed });
	const rng = new Rng(c.seed + 1);
	for (const layer of model.layers as Dense[]) {
		if (layer.bias) layer.bias.value = tensor(Array.from({ length: layer.units }, () => rng.uniform(-0.5, 0.5)));
	}
	const inputs = c.sizes[0];
	const outputs = c.sizes[c.sizes.length - 1];
	const x = tensor(Array.from({ length: c.rows }, () => Array.from({ length: inputs }, () => rng.uniform(-2, 2))));
	const row = (f: () => number) => Array.from({ length: outputs }, f);
	let target: Tensor;
	if (c.loss === "crossEntropy") target = tensor(Array.from({ length: c.rows }, () => rng.int(outputs)));
	else if (c.loss === "binaryCrossEntropy") {
		target = tensor(
			Array.from({ length: c.rows }, () => row(() => (rng.uniform() < 0.5 ? rng.int(2) : rng.uniform()))),
		);
	} else target = tensor(Array.from({ length: c.rows }, () => row(() => rng.uniform(-1, 1))));
	return { model, x, target };
}

// Activations whose derivative jumps at 0.
const KINKED = new Set(["relu", "leakyRelu"]);

/**
 * How close the case comes to a kink: the smallest |pre-activation| of a relu or
 * leakyRelu layer, or |residual| for mae. Finite differences are wrong within
 * their step of a kink, so property tests skip cases closer than ~1e-3.
 */
export function stackKinkDistance(c: LayerStackCase, model: Sequential, x: Tensor, target: Tensor): number {
	let a = x;
	let distance = Number.POSITIVE_INFINITY;
	const smallest = (t: Tensor) => (t.size === 0 ? distance : Math.min(distance, t.abs().min().item()));
	for (const layer of model.layers as Dense[]) {
		const z = layer.bias ? a.matmul(layer.weight.value).add(layer.bias.value) : a.matmul(layer.weight.value);
		if (KINKED.has(layer.activation.name)) distance = smallest(z);
		a = layer.activation.apply(variable(z)).value;
	}
	if (c.loss === "mae") distance = smallest(a.sub(target));
	return distance;
}
