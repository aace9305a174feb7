/**
 * The layers beyond Dense export and run in ONNX Runtime, agreeing with predict
 * (evaluation mode) to 1e-5 in float32.
 */
import {
	Activation,
	AvgPool2D,
	BatchNorm,
	Conv2D,
	Dense,
	Dropout,
	Flatten,
	GlobalAvgPool2D,
	LayerNorm,
	MaxPool2D,
	type ModuleLike,
	predict,
	Reshape,
	Sequential,
} from "@backprop/nn";
import { toOnnx, type ValueShape } from "@backprop/onnx";
import { Rng, randn, type Tensor } from "@backprop/tensor";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countOps, opTypes } from "./graph-ops";
import { runOnnx } from "./runtime";

/** |a - b| ≤ tol elementwise, same length. */
function expectClose(actual: readonly number[], expected: readonly number[], tol: number): void {
	expect(actual.length).toBe(expected.length);
	const worst = Math.max(...actual.map((a, i) => Math.abs(a - expected[i])));
	expect(worst, `max |difference| ${worst}`).toBeLessThanOrEqual(tol);
}

/** Runs `model` exported as float32 on `x` and checks shape and values against predict. */
async function expectSameAsPredict(layers: ModuleLike[], x: Tensor, inputShape: ValueShape): Promise<number[]> {
	const model = new Sequential(layers);
	const expected = predict(model, x);
	const out = await runOnnx(toOnnx(model, { dtype: "float32", inputShape }), x, "float32");
	expect(out.dims).toEqual([...expected.shape]);
	expectClose(out.values, Array.from(expected.dataSync()), 1e-5);
	return out.values;
}

/** A BatchNorm with non-trivial weight, bias and running statistics. */
function trainedBatchNorm(features: number, dtype: "float32" | "float64" = "float32"): BatchNorm {
	const bn = new BatchNorm(features, { dtype, momentum: 0.5 });
	bn.weight.value = randn([features], { seed: 20, dtype });
	bn.bias.value = randn([features], { seed: 21, dtype });
	bn.runningMean.value = randn([features], { seed: 22, dtype });
	bn.runningVar.value = randn([features], { seed: 23, dtype }).square().add(0.1);
	return bn;
}

describe("Dropout and Activation", () => {
	it("Dropout is dropped: Dense → Dropout(0.5) → Dense equals predict", async () => {
		// In evaluation mode Dropout is the identity, so the export has no node for it.
		const rng = new Rng(1);
		const x = randn([6, 4], { seed: 2, dtype: "float32" });
		await expectSameAsPredict(
			[
				new Dense(4, 5, { activation: "relu", rng, dtype: "float32" }),
				new Dropout(0.5),
				new Dense(5, 3, { rng, dtype: "float32" }),
			],
			x,
			[null, 4],
		);
	});

	for (const name of ["relu", "sigmoid", "tanh", "softmax", "linear"]) {
		it(`Activation('${name}') on a rank-3 input equals predict`, async () => {
			const x = randn([2, 3, 4], { seed: 3, std: 2, dtype: "float32" });
			await expectSameAsPredict([new Activation(name)], x, [null, 3, 4]);
		});
	}
});

describe("Flatten and Reshape", () => {
	it("Flatten [2,3,4] → [2,12] then Dense equals predict", async () => {
		const x = randn([2, 3, 4], { seed: 5, dtype: "float32" });
		await expectSameAsPredict([new Flatten(), new Dense(12, 3, { rng: new Rng(6), dtype: "float32" })], x, [
			null,
			3,
			4,
		]);
	});

	it("Reshape [3,12] → [3,4,3] then Dense on the last axis, then Flatten, equals predict", async () => {
		const x = randn([3, 12], { seed: 7, dtype: "float32" });
		await expectSameAsPredict(
			[new Reshape([4, 3]), new Dense(3, 2, { activation: "tanh", rng: new Rng(8), dtype: "float32" }), new Flatten()],
			x,
			[null, 12],
		);
	});

	it("Reshape keeps the values in row-major order (the output is the input, regrouped)", async () => {
		// Reshape moves no value: [N, 6] → [N, 2, 3] gives out[n][i][j] = x[n][3i + j]
		const x = randn([2, 6], { seed: 9, dtype: "float32" });
		const out = await expectSameAsPredict([new Reshape([2, 3])], x, [null, 6]);
		expect(out).toEqual(Array.from(x.dataSync()));
	});
});

describe("BatchNorm (inference form) and LayerNorm", () => {
	it("BatchNorm on [N, 5] equals predict (running statistics)", async () => {
		const x = randn([6, 5], { seed: 24, std: 2, dtype: "float32" });
		await expectSameAsPredict([trainedBatchNorm(5)], x, [null, 5]);
		// ONNX normalizes axis 1, which for [N, features] is our last axis: no Transpose.
		expect(opTypes(toOnnx(new Sequential([trainedBatchNorm(5)])))).toEqual(["BatchNormalization"]);
	});

	it("BatchNorm on a rank-4 NHWC input normalizes the channels (last axis)", async () => {
		const x = randn([2, 3, 3, 4], { seed: 25, dtype: "float32" });
		await expectSameAsPredict([trainedBatchNorm(4)], x, [null, 3, 3, 4]);
		const bytes = toOnnx(new Sequential([trainedBatchNorm(4)]), { inputShape: [null, 3, 3, 4] });
		expect(opTypes(bytes)).toEqual(["Transpose", "BatchNormalization", "Transpose"]);
	});

	it("BatchNorm on a rank-3 input [N, T, features] goes channels-first too", async () => {
		const x = randn([2, 5, 4], { seed: 32, dtype: "float32" });
		await expectSameAsPredict([trainedBatchNorm(4), new Dense(4, 2, { rng: new Rng(33), dtype: "float32" })], x, [
			null,
			5,
			4,
		]);
	});

	it("LayerNorm on [N, 3, 6] equals predict, opset 13", async () => {
		const ln = new LayerNorm(6, { dtype: "float32", eps: 1e-3 });
		ln.weight.value = randn([6], { seed: 26, dtype: "float32" });
		ln.bias.value = randn([6], { seed: 27, dtype: "float32" });
		const x = randn([2, 3, 6], { seed: 28, std: 3, dtype: "float32" });
		await expectSameAsPredict([ln, new Dense(6, 2, { rng: new Rng(29), dtype: "float32" })], x, [null, 3, 6]);
	});

	for (const opset of [16, 17, 18, 21]) {
		const op = opset >= 17 ? "LayerNormalization" : "the decomposition";
		it(`LayerNorm at opset ${opset} exports ${op} and equals predict`, async () => {
			const ln = new LayerNorm(4, { dtype: "float32", eps: 1e-2 });
			ln.weight.value = randn([4], { seed: 30, dtype: "float32" });
			ln.bias.value = randn([4], { seed: 34, dtype: "float32" });
			const model = new Sequential([ln]);
			const x = randn([5, 3, 4], { seed: 31, std: 2, dtype: "float32" });
			const bytes = toOnnx(model, { opset, inputShape: [null, 3, 4] });
			expect(opTypes(bytes).includes("LayerNormalization")).toBe(opset >= 17);
			const out = await runOnnx(bytes, x, "float32");
			expectClose(out.values, Array.from(predict(model, x).dataSync()), 1e-5);
		});
	}
});

describe("Conv2D (NHWC, transposed to NCHW where a run of window layers starts and back where it ends)", () => {
	const cases = [
		{ name: "3x3 valid, stride 1, relu", options: { activation: "relu" } },
		{ name: "3x3 same, stride 2 (odd total pad at the end)", options: { padding: "same", strides: 2 } },
		{ name: "3x3 same, dilation 2, no bias", options: { padding: "same", dilations: 2, useBias: false } },
		{ name: "2x3 valid, strides [2, 1]", kernel: [2, 3] as [number, number], options: { strides: [2, 1] } },
	] as const;
	for (const c of cases) {
		it(`${c.name} on [2, 7, 6, 3] equals predict`, async () => {
			const conv = new Conv2D(3, 4, "kernel" in c ? c.kernel : 3, {
				...c.options,
				init: "normal",
				seed: 40,
				dtype: "float32",
			});
			if (conv.bias) conv.bias.value = randn([4], { seed: 41, dtype: "float32" });
			const x = randn([2, 7, 6, 3], { seed: 42, dtype: "float32" });
			await expectSameAsPredict([conv], x, [null, 7, 6, 3]);
		});
	}

	it("Conv2D → Flatten → Dense (the NHWC order survives the Flatten) equals predict", async () => {
		const x = randn([3, 5, 5, 2], { seed: 43, dtype: "float32" });
		await expectSameAsPredict(
			[
				new Conv2D(2, 3, 3, { activation: "tanh", seed: 44, dtype: "float32" }),
				new Flatten(),
				new Dense(27, 2, { rng: new Rng(45), dtype: "float32" }),
			],
			x,
			[null, 5, 5, 2],
		);
	});
});

describe("MaxPool2D, AvgPool2D and GlobalAvgPool2D", () => {
	const x = randn([2, 7, 6, 3], { seed: 50, dtype: "float32" });
	const options = [
		{ name: "2x2 valid (default)", o: {} },
		{ name: "3x3 same, stride 2 (padding left out)", o: { poolSize: 3, strides: 2, padding: "same" } },
		{ name: "[2, 3] valid, strides [1, 2]", o: { poolSize: [2, 3], strides: [1, 2] } },
	] as const;
	for (const { name, o } of options) {
		it(`MaxPool2D ${name} equals predict`, async () => {
			await expectSameAsPredict([new MaxPool2D(o)], x, [null, 7, 6, 3]);
		});
		it(`AvgPool2D ${name} equals predict`, async () => {
			await expectSameAsPredict([new AvgPool2D(o)], x, [null, 7, 6, 3]);
		});
	}

	it("GlobalAvgPool2D gives [N, channels] and equals predict", async () => {
		await expectSameAsPredict([new GlobalAvgPool2D()], x, [null, 7, 6, 3]);
	});

	it("a small CNN: Conv2D → BatchNorm → MaxPool2D → Conv2D → GlobalAvgPool2D → Dropout → Dense(softmax)", async () => {
		const layers = [
			new Conv2D(3, 4, 3, { padding: "same", activation: "relu", seed: 51, dtype: "float32" }),
			new BatchNorm(4, { dtype: "float32" }),
			new MaxPool2D(),
			new Conv2D(4, 5, 2, { activation: "elu", seed: 52, dtype: "float32" }),
			new GlobalAvgPool2D(),
			new Dropout(0.3),
			new Dense(5, 3, { activation: "softmax", rng: new Rng(53), dtype: "float32" }),
		];
		await expectSameAsPredict(layers, x, [null, 7, 6, 3]);
	});
});

describe("the layout: one Transpose into NCHW where a run of window layers starts, one back where it ends", () => {
	const x = randn([2, 8, 8, 3], { seed: 60, dtype: "float32" });

	it("Conv2D → BatchNorm → relu → MaxPool2D → Dropout → Conv2D(softmax) → AvgPool2D → Flatten → Dense: 2 Transposes", async () => {
		// Everything from the first Conv2D to the AvgPool2D runs NCHW; Flatten needs our NHWC order back.
		// The softmax inside the run is over the channels: axis 1 in NCHW, our last axis.
		const layers = [
			new Conv2D(3, 4, 3, { padding: "same", seed: 61, dtype: "float32" }),
			trainedBatchNorm(4),
			new Activation("relu"),
			new MaxPool2D(),
			new Dropout(0.2),
			new Conv2D(4, 5, 2, { activation: "softmax", init: "normal", seed: 62, dtype: "float32" }),
			new AvgPool2D(),
			new Flatten(),
			new Dense(5, 3, { rng: new Rng(63), dtype: "float32" }),
		];
		await expectSameAsPredict(layers, x, [null, 8, 8, 3]);
		const bytes = toOnnx(new Sequential(layers), { inputShape: [null, 8, 8, 3] });
		expect(opTypes(bytes)).toEqual([
			"Transpose",
			"Conv",
			"BatchNormalization",
			"Relu",
			"MaxPool",
			"Conv",
			"Softmax",
			"AveragePool",
			"Transpose",
			"Flatten",
			"Gemm",
		]);
	});

	it("random runs of window layers, BatchNorm, activations and Dropout before Flatten → Dense: 2 Transposes, = predict", async () => {
		// Every layer keeps the 6x6 size ('same', stride 1), so any order of them fits.
		type Step =
			| { kind: "conv"; out: number; activation: string }
			| { kind: "maxPool" | "avgPool" | "batchNorm" | "dropout" }
			| { kind: "activation"; name: string };
		const activation = fc.constantFrom("relu", "tanh", "softmax", "linear", "elu");
		const step: fc.Arbitrary<Step> = fc.oneof(
			fc.record({ kind: fc.constant("conv" as const), out: fc.integer({ min: 1, max: 4 }), activation }),
			fc.record({
				kind: fc.constantFrom("maxPool" as const, "avgPool" as const, "batchNorm" as const, "dropout" as const),
			}),
			fc.record({ kind: fc.constant("activation" as const), name: activation }),
		);
		await fc.assert(
			fc.asyncProperty(
				fc.array(step, { minLength: 1, maxLength: 6 }),
				fc.integer({ min: 0, max: 1000 }),
				async (steps, seed) => {
					const layers: ModuleLike[] = [new Conv2D(2, 3, 3, { padding: "same", seed, dtype: "float32" })];
					let channels = 3;
					steps.forEach((s, i) => {
						if (s.kind === "conv") {
							const o = {
								padding: "same",
								activation: s.activation,
								init: "normal",
								seed: seed + i,
								dtype: "float32",
							} as const;
							layers.push(new Conv2D(channels, s.out, 2, o));
							channels = s.out;
						} else if (s.kind === "maxPool") layers.push(new MaxPool2D({ poolSize: 2, strides: 1, padding: "same" }));
						else if (s.kind === "avgPool") layers.push(new AvgPool2D({ poolSize: 3, strides: 1, padding: "same" }));
						else if (s.kind === "batchNorm") layers.push(trainedBatchNorm(channels));
						else if (s.kind === "activation") layers.push(new Activation(s.name));
						else layers.push(new Dropout(0.5));
					});
					layers.push(new Flatten(), new Dense(36 * channels, 2, { rng: new Rng(seed), dtype: "float32" }));
					const x = randn([2, 6, 6, 2], { seed, dtype: "float32" });
					await expectSameAsPredict(layers, x, [null, 6, 6, 2]);
					expect(countOps(toOnnx(new Sequential(layers), { inputShape: [null, 6, 6, 2] }), "Transpose")).toBe(2);
				},
			),
			{ numRuns: 15, seed: 5 },
		);
	});

	it("a run ending in GlobalAvgPool2D needs only the Transpose in ([N, C] is the same in both layouts)", () => {
		const model = new Sequential([
			new Conv2D(3, 4, 3, { seed: 64 }),
			new MaxPool2D(),
			new Conv2D(4, 2, 2, { seed: 65 }),
			new GlobalAvgPool2D(),
			new Dense(2, 1),
		]);
		expect(countOps(toOnnx(model, { inputShape: [null, 8, 8, 3] }), "Transpose")).toBe(1);
	});

	it("a model ending inside the run transposes back for the graph's output, which stays NHWC", async () => {
		const layers = [new Conv2D(3, 2, 3, { seed: 66, dtype: "float32" }), new MaxPool2D()];
		await expectSameAsPredict(layers, x, [null, 8, 8, 3]);
		expect(countOps(toOnnx(new Sequential(layers), { inputShape: [null, 8, 8, 3] }), "Transpose")).toBe(2);
	});

	it("nested Sequentials keep the run going across their boundary", async () => {
		const layers = [
			new Sequential([new Conv2D(3, 2, 3, { seed: 67, dtype: "float32" }), new Activation("tanh")]),
			new Sequential([new AvgPool2D({ poolSize: 3 }), new Conv2D(2, 2, 1, { seed: 68, dtype: "float32" })]),
			new Flatten(),
		];
		await expectSameAsPredict(layers, x, [null, 8, 8, 3]);
		expect(countOps(toOnnx(new Sequential(layers), { inputShape: [null, 8, 8, 3] }), "Transpose")).toBe(2);
	});

	it("a Dense between two Conv2D runs ends the first run and the second starts a new one: 4 Transposes", async () => {
		const layers = [
			new Conv2D(3, 4, 3, { seed: 69, dtype: "float32" }),
			new Dense(4, 3, { rng: new Rng(70), dtype: "float32" }),
			new Conv2D(3, 2, 3, { seed: 71, dtype: "float32" }),
		];
		await expectSameAsPredict(layers, x, [null, 8, 8, 3]);
		expect(countOps(toOnnx(new Sequential(layers), { inputShape: [null, 8, 8, 3] }), "Transpose")).toBe(4);
	});
});

describe("the new rows refuse what they cannot write, naming the layer", () => {
	it("a model starting with Conv2D needs options.inputShape", () => {
		const model = new Sequential([new Conv2D(3, 2, 3)]);
		expect(() => toOnnx(model)).toThrow("toOnnx: cannot tell the model's input shape; pass options.inputShape");
	});

	it("Conv2D with unknown spatial sizes", () => {
		const model = new Sequential([new Conv2D(3, 2, 3)]);
		expect(() => toOnnx(model, { inputShape: [null, null, 5, 3] })).toThrow(
			"toOnnx: layer 0 (Conv2D): needs an input [batch, h, w, channels] of known sizes, gets [N,N,5,3]",
		);
	});

	it("Conv2D with another channel count, and a kernel larger than a 'valid' input", () => {
		expect(() => toOnnx(new Sequential([new Conv2D(3, 2, 3)]), { inputShape: [null, 5, 5, 4] })).toThrow(
			"toOnnx: layer 0 (Conv2D): takes 3 channels but gets 4",
		);
		expect(() => toOnnx(new Sequential([new Conv2D(3, 2, 3)]), { inputShape: [null, 2, 5, 3] })).toThrow(
			"toOnnx: layer 0 (Conv2D): the kernel does not fit the input 2x5 with 'valid' padding",
		);
	});

	it("Reshape of another size, BatchNorm of another feature count", () => {
		expect(() => toOnnx(new Sequential([new Reshape([2, 3])]), { inputShape: [null, 5] })).toThrow(
			"toOnnx: layer 0 (Reshape): reshapes 6 values per sample to [N,2,3] but gets [N,5]",
		);
		expect(() => toOnnx(new Sequential([new BatchNorm(4)]), { inputShape: [null, 5] })).toThrow(
			"toOnnx: layer 0 (BatchNorm): normalizes 4 features but gets shape [N,5]",
		);
	});
});
