/**
 * Property: on random Dense stacks (sizes 1-6, random registered activations and a
 * user's { f, df } pair, batch sizes 1-9), every loss and optimizer that compile
 * supports gives, step after step, the same weights as the eager step — bit for bit,
 * because the generated code repeats each eager kernel's arithmetic in its order.
 */
import { variable } from "@backprop/autograd";
import {
	Adam,
	compile,
	type Dense,
	type ElementwiseActivation,
	getLoss,
	type Optimizer,
	RMSProp,
	type Sequential,
	SGD,
	sequential,
} from "@backprop/nn";
import { Rng, type Tensor, tensor } from "@backprop/tensor";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectSameBits, snapshot } from "./helpers";

// A user's activation as the tutorial writes one: x·|x|/(1+|x|), derivative 2|x|/(1+|x|) - x²/(1+|x|)²·sign… kept simple: soft sign
const softsign: ElementwiseActivation = {
	name: "softsignForCompileTest",
	f: (x) => x / (1 + Math.abs(x)),
	df: (x) => 1 / (1 + Math.abs(x)) ** 2,
};
const ACTIVATIONS = ["elu", "leakyRelu", "linear", "relu", "sigmoid", "softplus", "tanh", "pair"] as const;
const LOSSES = ["mse", "mae", "crossEntropy"] as const;
const OPTIMIZERS = ["sgd", "momentum", "nesterov", "adam", "rmsprop", "rmspropCentered"] as const;

interface Case {
	sizes: number[];
	hidden: (typeof ACTIVATIONS)[number];
	output: (typeof ACTIVATIONS)[number];
	loss: (typeof LOSSES)[number];
	optimizer: (typeof OPTIMIZERS)[number];
	rows: number;
	steps: number;
	seed: number;
}

const caseArb = (maxSize: number, maxRows: number): fc.Arbitrary<Case> =>
	fc
		.record({
			sizes: fc.array(fc.integer({ min: 1, max: maxSize }), { minLength: 2, maxLength: 4 }),
			hidden: fc.constantFrom(...ACTIVATIONS),
			output: fc.constantFrom(...ACTIVATIONS),
			loss: fc.constantFrom(...LOSSES),
			optimizer: fc.constantFrom(...OPTIMIZERS),
			rows: fc.integer({ min: 1, max: maxRows }),
			steps: fc.integer({ min: 1, max: 6 }),
			seed: fc.integer({ min: 0, max: 1_000_000 }),
		})
		// crossEntropy needs one output per class: at least two
		.map((c) =>
			c.loss === "crossEntropy" ? { ...c, sizes: [...c.sizes.slice(0, -1), Math.max(2, c.sizes.at(-1))] } : c,
		);

function optimizer(name: Case["optimizer"], model: Sequential): Optimizer {
	const params = model.parameters();
	switch (name) {
		case "sgd":
			return new SGD(params, { lr: 0.05, weightDecay: 0.01 });
		case "momentum":
			return new SGD(params, { lr: 0.05, momentum: 0.9 });
		case "nesterov":
			return new SGD(params, { lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.001 });
		case "adam":
			return new Adam(params, { lr: 0.01, weightDecay: 0.01 });
		case "rmsprop":
			return new RMSProp(params, { lr: 0.01 });
		case "rmspropCentered":
			return new RMSProp(params, { lr: 0.01, centered: true, momentum: 0.5, weightDecay: 0.01 });
	}
}

function build(c: Case): Sequential {
	const act = (a: Case["hidden"]) => (a === "pair" ? softsign : a);
	const model = sequential(c.sizes, { activation: act(c.hidden), outputActivation: act(c.output), seed: c.seed });
	const rng = new Rng(c.seed + 1);
	for (const layer of model.layers as Dense[]) {
		if (layer.bias) layer.bias.value = tensor(Array.from({ length: layer.units }, () => rng.uniform(-0.5, 0.5)));
	}
	return model;
}

function data(c: Case): { x: Tensor; y: Tensor } {
	const rng = new Rng(c.seed + 2);
	const inputs = c.sizes[0];
	const outputs = c.sizes[c.sizes.length - 1];
	const x = tensor(Array.from({ length: c.rows }, () => Array.from({ length: inputs }, () => rng.uniform(-2, 2))));
	const y =
		c.loss === "crossEntropy"
			? tensor(
					Array.from({ length: c.rows }, () => {
						const row = new Array<number>(outputs).fill(0);
						row[rng.int(outputs)] = 1;
						return row;
					}),
				)
			: tensor(Array.from({ length: c.rows }, () => Array.from({ length: outputs }, () => rng.uniform(-1, 1))));
	return { x, y };
}

function agree(c: Case): void {
	const eager = build(c);
	const compiled = build(c);
	const eagerOpt = optimizer(c.optimizer, eager);
	const step = compile(compiled, { loss: c.loss, optimizer: optimizer(c.optimizer, compiled), batchSize: c.rows });
	expect(step.compiled, step.reason ?? "").toBe(true);
	const loss = getLoss(c.loss);
	const { x, y } = data(c);
	for (let s = 0; s < c.steps; s++) {
		const value = loss(eager.forward(variable(x)), y);
		eagerOpt.zeroGrad();
		value.backward();
		eagerOpt.step();
		const l = step.step(x, y);
		expect(l).toBe(value.item());
	}
	step.sync();
	expectSameBits(snapshot(compiled), snapshot(eager));
	expectSameBits([step.predict(x).dataSync()], [eager.forward(variable(x)).value.dataSync()]);
}

describe("compile: compiled and eager steps agree bit for bit", () => {
	// Products this small are written inline (the eager kernel's direct loop).
	it("on small random stacks, activations, losses and optimizers", () => {
		fc.assert(fc.property(caseArb(6, 9), agree), { numRuns: 150, seed: 15 });
	});
	// Products of at least 4×4 and 512 multiply-adds call the eager matmul kernel itself.
	it("on larger stacks, where the generated code calls the matmul kernel", () => {
		fc.assert(fc.property(caseArb(40, 24), agree), { numRuns: 25, seed: 16 });
	});
});
