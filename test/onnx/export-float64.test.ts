/**
 * The float64 exports of the layer rows in onnxruntime-web: which ops have double
 * kernels (tested to agree with predict exactly or to 1e-12) and which the runtime
 * refuses, with its own error, so packages/onnx/README.md's list cannot go stale.
 */
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
	LayerNorm,
	LSTM,
	MaxPool2D,
	type ModuleLike,
	predict,
	Reshape,
	Sequential,
} from "@backprop/nn";
import { toOnnx, type ValueShape } from "@backprop/onnx";
import { Rng, randn, type Tensor, tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { opTypes } from "./graph-ops";
import { runOnnx } from "./runtime";

/** A float64 BatchNorm with non-trivial statistics (running variances ≥ `minVar`) and an epsilon of `eps`. */
function batchNorm(features: number, eps: number, minVar = 0.1): BatchNorm {
	const bn = new BatchNorm(features, { eps });
	bn.weight.value = randn([features], { seed: 1 });
	bn.bias.value = randn([features], { seed: 2 });
	bn.runningMean.value = randn([features], { seed: 3 });
	bn.runningVar.value = randn([features], { seed: 4 }).square().add(minVar);
	return bn;
}

/** A float64 LayerNorm with non-trivial weight and bias. */
function layerNorm(features: number, eps: number): LayerNorm {
	const ln = new LayerNorm(features, { eps });
	ln.weight.value = randn([features], { seed: 5 });
	ln.bias.value = randn([features], { seed: 6 });
	return ln;
}

/** The worst |runtime − predict| of `layers` exported as float64 and run on `x` (fed as `feed`). */
async function float64Difference(
	layers: ModuleLike[],
	x: Tensor,
	inputShape: ValueShape,
	opset = 13,
	feed: "float64" | "int64" = "float64",
): Promise<{ worst: number; ops: string[] }> {
	const model = new Sequential(layers);
	const bytes = toOnnx(model, { inputShape, opset });
	const out = await runOnnx(bytes, x, feed);
	expect(out.type).toBe("float64");
	const expected = Array.from(predict(model, x).dataSync());
	expect(out.values.length).toBe(expected.length);
	return { worst: Math.max(...out.values.map((v, i) => Math.abs(v - expected[i]))), ops: opTypes(bytes) };
}

// 2^-16 is a float32: epsilon is a FLOAT attribute, so only such an eps reaches the runtime unrounded.
const EXACT_EPS = 2 ** -16;

describe("float64 rows onnxruntime-web runs", () => {
	const image = randn([2, 6, 6, 3], { seed: 7 });

	it("Transpose, MaxPool, Flatten, Reshape (moving values only): bit for bit", async () => {
		const { worst, ops } = await float64Difference([new MaxPool2D(), new Flatten(), new Reshape([3, 9])], image, [
			null,
			6,
			6,
			3,
		]);
		expect(ops).toEqual(["Transpose", "MaxPool", "Transpose", "Flatten", "Reshape"]);
		expect(worst).toBe(0);
	});

	it("BatchNormalization inside the NCHW run, with a float32 eps: to 1e-14 (the runtime rounds differently)", async () => {
		const { worst, ops } = await float64Difference([batchNorm(3, EXACT_EPS), new MaxPool2D()], image, [null, 6, 6, 3]);
		expect(ops).toEqual(["Transpose", "BatchNormalization", "MaxPool", "Transpose"]);
		expect(worst).toBeLessThanOrEqual(1e-14);
	});

	it("Softmax over the channels inside the NCHW run (axis 1): to 1e-15", async () => {
		const { worst, ops } = await float64Difference(
			[batchNorm(3, EXACT_EPS), new Activation("softmax"), new MaxPool2D()],
			image,
			[null, 6, 6, 3],
		);
		expect(ops).toEqual(["Transpose", "BatchNormalization", "Softmax", "MaxPool", "Transpose"]);
		expect(worst).toBeLessThanOrEqual(1e-15);
	});

	it("BatchNormalization on [N, features] with eps 1e-5 (rounded to float32 in the file): to 1e-12", async () => {
		// The output moves by about |w|·|x − mean|·Δeps/(2·var^1.5), Δeps = 1e-5 − fround(1e-5) ≈ 2.5e-14:
		// under 1e-13 for var ≥ 1, |x − mean| < 5, |w| < 3 (a variance of 0.1 and std-3 inputs reach 4e-12).
		const { worst, ops } = await float64Difference(
			[batchNorm(4, 1e-5, 1), new Dense(4, 2, { rng: new Rng(8) })],
			randn([5, 4], { seed: 9 }),
			[null, 4],
		);
		expect(ops).toEqual(["BatchNormalization", "Gemm"]);
		expect(worst).toBeLessThanOrEqual(1e-12);
	});

	it("LayerNormalization (opset 17) with a float32 eps: to 1e-15", async () => {
		const { worst, ops } = await float64Difference(
			[layerNorm(5, EXACT_EPS)],
			randn([3, 2, 5], { seed: 10, std: 2 }),
			[null, 2, 5],
			17,
		);
		expect(ops).toEqual(["LayerNormalization"]);
		expect(worst).toBeLessThanOrEqual(1e-15);
	});

	it("the LayerNorm decomposition (opset 13; eps a double constant) with eps 1e-5: to 1e-12", async () => {
		const { worst, ops } = await float64Difference([layerNorm(5, 1e-5)], randn([4, 5], { seed: 11 }), [null, 5]);
		expect(ops).toContain("MatMul");
		expect(worst).toBeLessThanOrEqual(1e-12);
	});

	it("Gather (int64 indices into a double table) and Cast + Gather: bit for bit", async () => {
		const ids = tensor([
			[3, 0, 4],
			[1, 1, 2],
		]);
		const direct = await float64Difference([new Embedding(5, 3, { seed: 12 })], ids, [null, 3], 13, "int64");
		expect(direct).toEqual({ worst: 0, ops: ["Gather"] });
		const cast = await float64Difference([new Dropout(0.1), new Embedding(5, 3, { seed: 13 })], ids, [null, 3]);
		expect(cast).toEqual({ worst: 0, ops: ["Cast", "Gather"] });
	});
});

describe("float64 rows onnxruntime-web refuses (float32 exports of them run)", () => {
	const image = randn([1, 4, 4, 2], { seed: 14 });
	for (const [op, layer] of [
		["Conv", new Conv2D(2, 2, 2, { seed: 15 })],
		["AveragePool", new AvgPool2D()],
		["GlobalAveragePool", new GlobalAvgPool2D()],
	] as const) {
		it(`${op}: no double kernel, the session is refused`, async () => {
			const bytes = toOnnx(new Sequential([layer]), { inputShape: [null, 4, 4, 2] });
			await expect(runOnnx(bytes, image, "float64")).rejects.toThrow(`Could not find an implementation for ${op}(`);
		});
	}

	it("LSTM: the session loads, the run fails ('LSTM operator does not support double yet')", async () => {
		const bytes = toOnnx(new Sequential([new LSTM(2, 3)]));
		await expect(runOnnx(bytes, randn([1, 2, 2], { seed: 16 }), "float64")).rejects.toThrow(
			"LSTM operator does not support double yet",
		);
	});
});
