/**
 * Exported models run in ONNX Runtime and agree with predict: the tutorial's
 * network exactly in float64, random models of every exportable layer and
 * activation to 1e-5 in float32.
 */
import { Dense, predict, Sequential, sequential } from "@backprop/nn";
import { toOnnx } from "@backprop/onnx";
import { Rng, randn, tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { tinyNetwork } from "../../examples/gender/index";
import { runOnnx } from "./runtime";

/** The tutorial's 2-2-1 sigmoid network with every neuron w = [0, 1], b = 0. */
function tutorialNetwork(): Sequential {
	const model = sequential([2, 2, 1], { activation: "sigmoid", outputActivation: "sigmoid" });
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
		expect(Math.abs(out.values[0] - 0.7216325609518421)).toBeLessThan(1e-7);
	});
});

/** |a - b| ≤ tol elementwise, same length. */
function expectClose(actual: readonly number[], expected: readonly number[], tol: number): void {
	expect(actual.length).toBe(expected.length);
	const worst = Math.max(...actual.map((a, i) => Math.abs(a - expected[i])));
	expect(worst, `max |difference| ${worst}`).toBeLessThanOrEqual(tol);
}

const ACTIVATIONS = ["linear", "sigmoid", "tanh", "relu", "leakyRelu", "softplus", "elu", "softmax"];

describe("random models of every exportable layer and activation agree with predict", () => {
	for (const activation of ACTIVATIONS) {
		it(`Dense layers with ${activation}, float32, to 1e-5`, async () => {
			// Weights from N(0, 1) so every activation sees negative and positive inputs.
			const model = sequential([3, 6, 5, 4], {
				activation,
				outputActivation: activation,
				init: "normal",
				seed: 7,
				dtype: "float32",
			});
			const x = randn([9, 3], { seed: 11, std: 2, dtype: "float32" });
			const out = await runOnnx(toOnnx(model), x, "float32");
			expect(out.dims).toEqual([9, 4]);
			expectClose(out.values, Array.from(predict(model, x).dataSync()), 1e-5);
		});
	}

	it("Dense without a bias, mixed activations, float32", async () => {
		const rng = new Rng(3);
		const model = new Sequential([
			new Dense(4, 7, { activation: "elu", useBias: false, rng, dtype: "float32" }),
			new Dense(7, 3, { activation: "tanh", rng, dtype: "float32" }),
			new Dense(3, 2, { useBias: false, rng, dtype: "float32" }),
		]);
		const x = randn([5, 4], { seed: 4, dtype: "float32" });
		const out = await runOnnx(toOnnx(model), x, "float32");
		expectClose(out.values, Array.from(predict(model, x).dataSync()), 1e-5);
	});

	it("a float64 model exported as float32 agrees to 1e-5", async () => {
		const model = sequential([3, 8, 2], { activation: "relu", seed: 5 });
		const x = randn([6, 3], { seed: 6 });
		const out = await runOnnx(toOnnx(model, { dtype: "float32" }), x, "float32");
		expect(out.type).toBe("float32");
		expectClose(out.values, Array.from(predict(model, x).dataSync()), 1e-5);
	});

	it("inputs of rank 3 go through MatMul + Add", async () => {
		const model = new Sequential([new Dense(4, 3, { activation: "sigmoid", rng: new Rng(8), dtype: "float32" })]);
		const x = randn([2, 5, 4], { seed: 9, dtype: "float32" });
		const bytes = toOnnx(model, { inputShape: [null, 5, 4] });
		const out = await runOnnx(bytes, x, "float32");
		expect(out.dims).toEqual([2, 5, 3]);
		expectClose(out.values, Array.from(predict(model, x).dataSync()), 1e-5);
	});

	it("applies the softmax at prediction that the command line's metadata asks for", async () => {
		const model = sequential([2, 4, 3], { activation: "tanh", seed: 2, dtype: "float32" });
		model.metadata = { outputActivation: "softmax" };
		const x = randn([4, 2], { seed: 1, dtype: "float32" });
		const logits = predict(model, x);
		const out = await runOnnx(toOnnx(model), x, "float32");
		expectClose(out.values, Array.from(logits.softmax(-1).dataSync()), 1e-6);
		// each row sums to 1
		for (let r = 0; r < 4; r++)
			expect(Math.abs(out.values.slice(r * 3, r * 3 + 3).reduce((a, b) => a + b) - 1)).toBeLessThan(1e-6);
		const without = await runOnnx(toOnnx(model, { softmax: false }), x, "float32");
		expectClose(without.values, Array.from(logits.dataSync()), 1e-5);
	});
});

describe("float64 in onnxruntime-web", () => {
	for (const activation of ["linear", "sigmoid", "tanh", "relu", "softmax"]) {
		it(`runs Gemm + ${activation} in double and agrees with predict to 1e-12`, async () => {
			const model = sequential([3, 5, 2], { activation, outputActivation: activation, init: "normal", seed: 1 });
			const x = randn([4, 3], { seed: 2 });
			const out = await runOnnx(toOnnx(model), x, "float64");
			expect(out.type).toBe("float64");
			expectClose(out.values, Array.from(predict(model, x).dataSync()), 1e-12);
		});
	}

	it("runs MatMul + Add (an input of rank 3) in double, to 1e-12", async () => {
		const model = new Sequential([new Dense(4, 3, { activation: "tanh", rng: new Rng(8) })]);
		const x = randn([2, 5, 4], { seed: 9 });
		const out = await runOnnx(toOnnx(model, { inputShape: [null, 5, 4] }), x, "float64");
		expect(out.type).toBe("float64");
		expectClose(out.values, Array.from(predict(model, x).dataSync()), 1e-12);
	});

	// The files are valid ONNX (the spec allows double for these ops, and the float32
	// exports above run), but onnxruntime-web 1.30 registers these kernels for float only.
	for (const [activation, op] of [
		["leakyRelu", "LeakyRelu"],
		["softplus", "Softplus"],
		["elu", "Elu"],
	] as const) {
		it(`has no double kernel for ${op} (the runtime refuses the session)`, async () => {
			const model = sequential([3, 2], { activation, outputActivation: activation, seed: 1 });
			await expect(runOnnx(toOnnx(model), randn([1, 3], { seed: 2 }), "float64")).rejects.toThrow(
				`Could not find an implementation for ${op}`,
			);
		});
	}
});
