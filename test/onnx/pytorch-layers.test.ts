/**
 * PyTorch models of the layers of issue 11 (fixtures/make_fixtures.py: a CNN on
 * NCHW images, strided and dilated convolutions with BatchNorm1d, LayerNorm at
 * opset 17, LSTMs, an Embedding) import with fromOnnx and reproduce PyTorch's
 * outputs for the stored inputs to 1e-5. No Python at test time.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Module, predict } from "@backprop/nn";
import { fromOnnx } from "@backprop/onnx";
import { type NestedArray, tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";

const FIXTURES = join(import.meta.dirname, "fixtures");

interface Fixture {
	model: string;
	made_by: string;
	input: NestedArray;
	output: number[][];
}

function load(name: string): { fixture: Fixture; bytes: Uint8Array } {
	const fixture = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as Fixture;
	return { fixture, bytes: new Uint8Array(readFileSync(join(FIXTURES, fixture.model))) };
}

/** The layers' class names, with the settings that matter for each. */
function describeLayers(layers: readonly Module[]): string[] {
	return layers.map((l) => {
		const config = l.getConfig();
		const shown = ["activation", "padding", "strides", "dilations", "dims", "returnSequences", "targetShape"]
			.filter((k) => k in config)
			.map((k) => `${k}=${JSON.stringify(config[k])}`);
		return [l.constructor.name, ...shown].join(" ");
	});
}

/** Imports `name`, predicts the stored input (float32) and returns the largest difference from PyTorch's output. */
function worstDifference(name: string): { layers: string[]; worst: number; shape: readonly number[] } {
	const { fixture, bytes } = load(name);
	const model = fromOnnx(bytes);
	const out = predict(model, tensor(fixture.input, { dtype: "float32" }));
	const expected = fixture.output.flat();
	const actual = Array.from(out.dataSync());
	expect(actual.length).toBe(expected.length);
	const worst = Math.max(...expected.map((e, i) => Math.abs((actual[i] as number) - e)));
	return { layers: describeLayers(model.layers as Module[]), worst, shape: out.shape };
}

describe("PyTorch's ONNX files of the layers of issue 11", () => {
	it("the CNN on NCHW input: a leading Permute, Conv 'same' (BatchNorm2d folded in by torch), BatchNormalization, pools, to 1e-5", () => {
		const { layers, worst, shape } = worstDifference("cnn");
		// Conv2d(padding=1) with a 3x3 kernel, stride 1 is TensorFlow's 'same'; the Pad by nothing before the AveragePool
		// is dropped; Flatten reads NCHW order, so a Permute back to [batch, c, h, w] goes before it
		expect(layers).toEqual([
			"Permute dims=[2,3,1]",
			'Conv2D activation="relu" padding="same" strides=[1,1] dilations=[1,1]',
			'MaxPool2D padding="valid" strides=[2,2]',
			"BatchNorm",
			'Conv2D activation="sigmoid" padding="valid" strides=[1,1] dilations=[1,1]',
			'AvgPool2D padding="valid" strides=[2,2]',
			"Permute dims=[3,1,2]",
			"Flatten",
			'Dense activation="linear"',
		]);
		expect(shape).toEqual([7, 3]);
		expect(worst).toBeLessThanOrEqual(1e-5);
	});

	it("strided and dilated convolutions, a global average pool, BatchNorm1d after a Linear, to 1e-5", () => {
		const { layers, worst, shape } = worstDifference("cnn_strided");
		// GlobalAveragePool then Flatten: the pool already gives [batch, channels], so no Flatten layer
		expect(layers).toEqual([
			"Permute dims=[2,3,1]",
			'Conv2D activation="tanh" padding="valid" strides=[2,2] dilations=[1,1]',
			'Conv2D activation="relu" padding="valid" strides=[1,1] dilations=[2,2]',
			"GlobalAvgPool2D",
			'Dense activation="linear"',
			"BatchNorm",
			'Activation activation="relu"',
			'Dense activation="linear"',
		]);
		expect(shape).toEqual([7, 2]);
		expect(worst).toBeLessThanOrEqual(1e-5);
	});

	it("LayerNorm exported at opset 17 as one LayerNormalization node, to 1e-5", () => {
		const { fixture } = load("layer_norm");
		expect(fixture.made_by).toMatch(/opset 17/);
		const { layers, worst } = worstDifference("layer_norm");
		expect(layers).toEqual(['Dense activation="linear"', "LayerNorm", 'Dense activation="tanh"']);
		expect(worst).toBeLessThanOrEqual(1e-5);
	});

	it("an LSTM (batch_first) whose final hidden state h_n feeds a Linear, zero state from ConstantOfShape, to 1e-5", () => {
		const { layers, worst, shape } = worstDifference("lstm");
		// The Transpose to [time, batch, features] before the ONNX LSTM is our LSTM's own layout: no Permute
		expect(layers).toEqual(["LSTM returnSequences=false", 'Dense activation="linear"']);
		expect(shape).toEqual([7, 2]);
		expect(worst).toBeLessThanOrEqual(1e-5);
	});

	it("Embedding → LSTM → the last step's output → Linear, token indices as input, zero state from Expand, to 1e-5", () => {
		const { layers, worst, shape } = worstDifference("embedding_lstm");
		// Y → Squeeze → Transpose → Gather(index -1 on the time axis) is the LSTM without returnSequences
		expect(layers).toEqual(["Embedding", "LSTM returnSequences=false", 'Dense activation="linear"']);
		expect(shape).toEqual([7, 2]);
		expect(worst).toBeLessThanOrEqual(1e-5);
	});
});
