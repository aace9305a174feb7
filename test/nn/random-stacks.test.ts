/**
 * Property: random `sequential` stacks (random sizes 1-5, random registered
 * activations, random losses) pass gradCheck on their parameters. The check runs
 * the model's own Dense.forward with gradCheck's variables swapped in as the
 * layers' weight and bias (@backprop/testing's modelGradCheck), so the backward
 * under test is the layers' own.
 */
import { variable } from "@backprop/autograd";
import { activationNames, getLoss } from "@backprop/nn";
import {
	buildLayerStack,
	layerStackArb,
	modelGradCheck,
	stackKinkDistance,
	TORCH_TOLERANCES,
	withParameters,
} from "@backprop/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const ACTIVATIONS = ["elu", "leakyRelu", "linear", "relu", "sigmoid", "softmax", "softplus", "tanh"];
// Cases closer than this to a kink are skipped (a parameter step of 1e-6 moves values far less).
const KINK_MARGIN = 1e-3;

describe("random sequential stacks pass gradCheck on their parameters", () => {
	it("the activations drawn from are the registered ones", () => {
		expect(activationNames()).toEqual(ACTIVATIONS);
	});

	it("sizes 1-5, random activations and losses", () => {
		fc.assert(
			fc.property(layerStackArb({ activations: ACTIVATIONS }), (c) => {
				const { model, x, target } = buildLayerStack(c);
				fc.pre(stackKinkDistance(c, model, x, target) > KINK_MARGIN);
				const report = modelGradCheck(model, x, target, c.loss, TORCH_TOLERANCES);
				expect(report.ok, JSON.stringify(report)).toBe(true);
				// The swapped-in variables compute what the model's own parameters compute.
				const loss = getLoss(c.loss);
				const original = model.parameters();
				const own = loss(model.forward(variable(x)), target);
				own.backward();
				const copies = original.map((p) => variable(p.value, { requiresGrad: true }));
				const swapped = withParameters(model, copies, () => loss(model.forward(variable(x)), target));
				expect(swapped.item()).toBe(own.item());
				swapped.backward();
				copies.forEach((v, i) => {
					expect(Array.from(v.grad?.dataSync() ?? [])).toEqual(Array.from(original[i]?.grad?.dataSync() ?? []));
				});
				expect(model.parameters()).toEqual(original);
			}),
			{ numRuns: 30 },
		);
	});
});
