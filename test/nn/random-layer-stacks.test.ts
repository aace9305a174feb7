/**
 * Property: random stacks of the new layers (Conv2D with random kernels,
 * strides, padding and dilations, average pooling, BatchNorm in training mode,
 * LayerNorm, Dropout, Embedding, LSTM, Reshape, Flatten, Dense) pass gradCheck on
 * all their parameters. gradCheck's variables are put in place of the layers'
 * own (by the property paths namedParameters reports), so the backward under
 * test is the layers' own; Dropout's generator restarts from the same state on
 * every call so each call drops the same values.
 */
import { type Variable, variable } from "@backprop/autograd";
import {
	Activation,
	AvgPool2D,
	BatchNorm,
	Conv2D,
	Dense,
	Dropout,
	Embedding,
	Flatten,
	GlobalAvgPool2D,
	getLoss,
	LayerNorm,
	LSTM,
	Module,
	type ModuleLike,
	Reshape,
	Sequential,
} from "@backprop/nn";
import { Rng, rand, type Tensor, tensor } from "@backprop/tensor";
import fc from "fast-check";
import { describe, it } from "vitest";
import { expectGradCheck } from "./helpers";

type Slot = [Record<string, unknown>, string];

// Where each parameter lives (owner, property), in namedParameters order: own ones first, then each child's.
function slotsOf(model: ModuleLike, out: Slot[] = []): Slot[] {
	if (!(model instanceof Module)) return out;
	for (const [key, value] of Object.entries(model)) {
		if (value instanceof Object && "value" in value && (value as Variable).requiresGrad === true) {
			out.push([model as unknown as Record<string, unknown>, key]);
		}
	}
	for (const [, child] of model.children()) slotsOf(child, out);
	return out;
}

function check(model: Sequential, x: Tensor, target: Tensor, seed: number): void {
	const rng = new Rng(seed);
	// random parameters everywhere (biases and BatchNorm/LayerNorm scales start at 0 and 1)
	for (const p of model.parameters()) p.value = rand(p.shape, { rng, low: -0.8, high: 0.8 });
	const generators = model.namedGenerators().map(([, g]) => [g, g.getState()] as const);
	const loss = getLoss("mse");
	const original = model.parameters();
	const slots = slotsOf(model);
	const useParameters = (params: readonly Variable[]) =>
		slots.forEach(([owner, key], i) => {
			owner[key] = params[i];
		});
	try {
		expectGradCheck(
			(...params: Variable[]) => {
				for (const [g, s] of generators) g.setState(s);
				useParameters(params);
				return loss(model.forward(variable(x)), target);
			},
			original.map((p) => p.value),
		);
	} finally {
		useParameters(original);
	}
}

const activation = fc.constantFrom("tanh", "sigmoid", "linear", "softplus");

describe("random stacks of the new layers pass gradCheck", () => {
	it("convolution stacks: Conv2D (kernels, strides, padding, dilations), pooling, BatchNorm, LayerNorm, Dropout", () => {
		fc.assert(
			fc.property(
				fc.record({
					h: fc.integer({ min: 3, max: 5 }),
					w: fc.integer({ min: 3, max: 5 }),
					c: fc.integer({ min: 1, max: 2 }),
					filters: fc.integer({ min: 1, max: 3 }),
					kh: fc.integer({ min: 1, max: 3 }),
					kw: fc.integer({ min: 1, max: 3 }),
					stride: fc.integer({ min: 1, max: 2 }),
					dilation: fc.integer({ min: 1, max: 2 }),
					padding: fc.constantFrom("valid" as const, "same" as const),
					act: activation,
					pool: fc.boolean(),
					norm: fc.constantFrom("batch", "layer", "none"),
					dropout: fc.boolean(),
					global: fc.boolean(),
					seed: fc.integer({ min: 0, max: 1_000_000 }),
				}),
				(c) => {
					// valid padding needs the dilated kernel inside the image
					fc.pre(c.padding === "same" || ((c.kh - 1) * c.dilation < c.h && (c.kw - 1) * c.dilation < c.w));
					const layers: ModuleLike[] = [
						new Conv2D(c.c, c.filters, [c.kh, c.kw], {
							strides: c.stride,
							padding: c.padding,
							dilations: c.dilation,
							activation: c.act,
							seed: c.seed,
						}),
					];
					const probe = new Sequential([...layers]);
					let shape = probe.forward(variable(rand([1, c.h, c.w, c.c]))).shape.slice(1);
					if (c.pool && shape[0] >= 2 && shape[1] >= 2) {
						layers.push(new AvgPool2D({ poolSize: 2, strides: 1 }));
						shape = [shape[0] - 1, shape[1] - 1, c.filters];
					}
					if (c.norm === "batch") layers.push(new BatchNorm(c.filters));
					if (c.norm === "layer") layers.push(new LayerNorm(c.filters));
					if (c.global) {
						layers.push(new GlobalAvgPool2D());
						shape = [c.filters];
					} else layers.push(new Flatten());
					if (c.dropout) layers.push(new Dropout(0.3, { seed: c.seed }));
					const features = shape.reduce((a, b) => a * b, 1);
					layers.push(new Dense(features, 2, { activation: "tanh" }));
					const rng = new Rng(c.seed + 1);
					const x = rand([3, c.h, c.w, c.c], { rng, low: -1, high: 1 });
					const target = rand([3, 2], { rng, low: -1, high: 1 });
					check(new Sequential(layers), x, target, c.seed);
				},
			),
			{ numRuns: 25 },
		);
	});

	it("sequence stacks: Embedding, one or two LSTMs, LayerNorm, Reshape, Activation, Dense", () => {
		fc.assert(
			fc.property(
				fc.record({
					vocabulary: fc.integer({ min: 2, max: 5 }),
					dim: fc.integer({ min: 1, max: 3 }),
					units: fc.integer({ min: 1, max: 3 }),
					time: fc.integer({ min: 1, max: 4 }),
					two: fc.boolean(),
					norm: fc.boolean(),
					act: activation,
					seed: fc.integer({ min: 0, max: 1_000_000 }),
				}),
				(c) => {
					const rng = new Rng(c.seed);
					const layers: ModuleLike[] = [
						new Embedding(c.vocabulary, c.dim, { seed: c.seed }),
						new LSTM(c.dim, c.units, { returnSequences: true, seed: c.seed + 1 }),
					];
					if (c.two) layers.push(new LSTM(c.units, c.units, { returnSequences: true, seed: c.seed + 2 }));
					if (c.norm && c.units > 1) layers.push(new LayerNorm(c.units));
					layers.push(new Reshape([c.time * c.units]), new Activation(c.act), new Dense(c.time * c.units, 1));
					const x = tensor(
						Array.from({ length: 2 }, () => Array.from({ length: c.time }, () => rng.int(c.vocabulary))),
					);
					const target = rand([2, 1], { rng, low: -1, high: 1 });
					check(new Sequential(layers), x, target, c.seed);
				},
			),
			{ numRuns: 25 },
		);
	});
});
