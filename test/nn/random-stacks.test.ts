/**
 * Property: random `sequential` stacks (random sizes 1-5, random registered
 * activations, random losses) pass gradCheck on their parameters. The check runs
 * the model's own Dense.forward with gradCheck's variables swapped in as the
 * layers' weight and bias, so the backward under test is the layers' own.
 */
import { type Variable, variable } from "@backprop/autograd";
import { activationNames, type Dense, getLoss, type Sequential, sequential } from "@backprop/nn";
import { Rng, type Tensor, tensor } from "@backprop/tensor";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectGradCheck } from "./helpers";

const ACTIVATIONS = ["elu", "leakyRelu", "linear", "relu", "sigmoid", "softmax", "softplus", "tanh"];
// Activations whose derivative jumps at 0: finite differences are wrong right next to it.
const KINKED = new Set(["relu", "leakyRelu"]);
const LOSSES = ["mse", "mae", "huber", "binaryCrossEntropy", "crossEntropy"] as const;
type LossName = (typeof LOSSES)[number];
// Cases closer than this to a kink are skipped (a parameter step of 1e-6 moves values far less).
const KINK_MARGIN = 1e-3;

interface Case {
	sizes: number[];
	hidden: string;
	output: string;
	loss: LossName;
	rows: number;
	seed: number;
}

const caseArb: fc.Arbitrary<Case> = fc
	.record({
		sizes: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 4 }),
		hidden: fc.constantFrom(...ACTIVATIONS),
		output: fc.constantFrom(...ACTIVATIONS),
		loss: fc.constantFrom(...LOSSES),
		rows: fc.integer({ min: 1, max: 3 }),
		seed: fc.integer({ min: 0, max: 1_000_000 }),
	})
	.map((c) => ({
		...c,
		// binary cross-entropy takes probabilities: a sigmoid output; cross-entropy takes logits: a linear one
		output: c.loss === "binaryCrossEntropy" ? "sigmoid" : c.loss === "crossEntropy" ? "linear" : c.output,
		// cross-entropy needs two or more outputs (one output is refused: a softmax over one class is always 1)
		sizes: c.loss === "crossEntropy" && c.sizes[c.sizes.length - 1] === 1 ? [...c.sizes.slice(0, -1), 2] : c.sizes,
	}));

/** The model, with random biases (they start at zero), inputs and targets fitting the loss. */
function build(c: Case): { model: Sequential; x: Tensor; target: Tensor } {
	const model = sequential(c.sizes, { activation: c.hidden, outputActivation: c.output, seed: c.seed });
	const rng = new Rng(c.seed + 1);
	for (const layer of model.layers as Dense[]) {
		if (layer.bias) layer.bias.value = tensor(Array.from({ length: layer.units }, () => rng.uniform(-0.5, 0.5)));
	}
	const inputs = c.sizes[0] as number;
	const outputs = c.sizes[c.sizes.length - 1] as number;
	const x = tensor(Array.from({ length: c.rows }, () => Array.from({ length: inputs }, () => rng.uniform(-2, 2))));
	let target: Tensor;
	if (c.loss === "crossEntropy") target = tensor(Array.from({ length: c.rows }, () => rng.int(outputs)));
	else if (c.loss === "binaryCrossEntropy") {
		// hard and soft targets
		target = tensor(
			Array.from({ length: c.rows }, () =>
				Array.from({ length: outputs }, () => (rng.uniform() < 0.5 ? rng.int(2) : rng.uniform())),
			),
		);
	} else {
		target = tensor(Array.from({ length: c.rows }, () => Array.from({ length: outputs }, () => rng.uniform(-1, 1))));
	}
	return { model, x, target };
}

/** The smallest distance of any kinked pre-activation, or of an mae residual, from its kink. */
function kinkDistance(c: Case, model: Sequential, x: Tensor, target: Tensor): number {
	let a = x;
	let distance = Number.POSITIVE_INFINITY;
	for (const layer of model.layers as Dense[]) {
		const z = layer.bias ? a.matmul(layer.weight.value).add(layer.bias.value) : a.matmul(layer.weight.value);
		if (KINKED.has(layer.activation.name)) for (const v of z.dataSync()) distance = Math.min(distance, Math.abs(v));
		a = layer.activation.apply(variable(z)).value;
	}
	if (c.loss === "mae") for (const v of a.sub(target).dataSync()) distance = Math.min(distance, Math.abs(v));
	return distance;
}

type Slots = { weight: Variable; bias: Variable | null };

/** Makes the model's layers use `params` (in `parameters()` order) as their weight and bias. */
function useParameters(model: Sequential, params: readonly Variable[]): void {
	let k = 0;
	for (const layer of model.layers) {
		const slots = layer as unknown as Slots;
		slots.weight = params[k++] as Variable;
		if (slots.bias !== null) slots.bias = params[k++] as Variable;
	}
}

describe("random sequential stacks pass gradCheck on their parameters", () => {
	it("the activations drawn from are the registered ones", () => {
		expect(activationNames()).toEqual(ACTIVATIONS);
	});

	it("sizes 1-5, random activations and losses", () => {
		fc.assert(
			fc.property(caseArb, (c) => {
				const { model, x, target } = build(c);
				fc.pre(kinkDistance(c, model, x, target) > KINK_MARGIN);
				const loss = getLoss(c.loss);
				const original = model.parameters();
				const lossWith = (...params: Variable[]): Variable => {
					useParameters(model, params);
					return loss(model.forward(variable(x)), target);
				};
				try {
					expectGradCheck(
						lossWith,
						original.map((p) => p.value),
					);
					// The swapped-in variables compute what the model's own parameters compute.
					useParameters(model, original);
					const own = loss(model.forward(variable(x)), target);
					own.backward();
					const copies = original.map((p) => variable(p.value, { requiresGrad: true }));
					const swapped = lossWith(...copies);
					expect(swapped.item()).toBe(own.item());
					swapped.backward();
					copies.forEach((v, i) => {
						expect(Array.from(v.grad?.dataSync() ?? [])).toEqual(Array.from(original[i]?.grad?.dataSync() ?? []));
					});
				} finally {
					useParameters(model, original);
				}
			}),
			{ numRuns: 30 },
		);
	});
});
