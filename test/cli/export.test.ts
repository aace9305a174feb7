/**
 * `backprop export model.json model.onnx`: the ONNX file runs in ONNX Runtime and
 * gives what `backprop predict` prints, on raw feature values (the saved
 * standardization folded in, the softmax at prediction appended); bad flags and
 * files get one line and an exit code.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Writable } from "node:stream";
import { run } from "@backprop/cli";
import {
	Conv2D,
	Dense,
	Embedding,
	Flatten,
	LSTM,
	MaxPool2D,
	modelToJSON,
	predict,
	registerActivation,
	Sequential,
	sequential,
} from "@backprop/nn";
import { Rng, randn, tensor } from "@backprop/tensor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOnnx } from "../onnx/runtime";
import { backprop, listFolder, removeFolder, tempFolder, writeFiles } from "./helpers";

class Memory extends Writable {
	text = "";
	override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
		this.text += chunk.toString();
		done();
	}
}

async function runIn(folder: string, argv: string[]) {
	const stdout = new Memory();
	const stderr = new Memory();
	const code = await run(argv, { stdout, stderr, env: {}, cwd: folder });
	return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A 2-4-1 regression model as `train --normalize` writes it (mean [10, -5], std [2, 4]). */
function regressionModel(): string {
	const model = sequential([2, 4, 1], { activation: "tanh", seed: 3, init: "normal" });
	model.metadata = {
		writer: "backprop-cli",
		features: ["x1", "x2"],
		target: "y",
		task: "regression",
		normalization: { mean: [10, -5], std: [2, 4] },
		loss: "mse",
	};
	return JSON.stringify(modelToJSON(model));
}

/** A small CNN saved from code: its file does not say the image size. */
function convModel(): Sequential {
	const rng = new Rng(5);
	return new Sequential([
		new Conv2D(1, 3, 3, { activation: "relu", rng }),
		new MaxPool2D({ poolSize: 2 }),
		new Flatten(),
		new Dense(3 * 3 * 3, 2, { rng }),
	]);
}

/** Embedding → LSTM → Dense saved from code: it takes token indices. */
function sequenceModel(): string {
	const rng = new Rng(6);
	return JSON.stringify(
		modelToJSON(new Sequential([new Embedding(10, 4, { rng }), new LSTM(4, 3, { rng }), new Dense(3, 1, { rng })])),
	);
}

/** A 2-5-3 classifier as `train` writes it: ending linear, the softmax applied at prediction. */
function classifierModel(): string {
	const model = sequential([2, 5, 3], { activation: "relu", outputActivation: "linear", seed: 4, init: "normal" });
	model.metadata = {
		writer: "backprop-cli",
		features: ["length", "width"],
		target: "colour",
		task: "classification",
		labels: ["red", "green", "blue"],
		outputActivation: "softmax",
		loss: "crossEntropy",
	};
	return JSON.stringify(modelToJSON(model));
}

let folder: string;
beforeAll(async () => {
	folder = await tempFolder();
	// A registered custom activation loads in this process, but has no ONNX form.
	registerActivation({ name: "cube", f: (x) => x ** 3, df: (x) => 3 * x * x });
	const custom = JSON.stringify(modelToJSON(sequential([2, 2, 1], { activation: "cube", outputActivation: "linear" })));
	await writeFiles(folder, {
		"reg.json": regressionModel(),
		"cls.json": classifierModel(),
		"custom.json": custom,
		"cnn.json": JSON.stringify(modelToJSON(convModel())),
		"seq.json": sequenceModel(),
	});
});
afterAll(() => removeFolder(folder));

async function predicted(model: string, input: string): Promise<number[]> {
	const r = await runIn(folder, ["predict", model, "--input", input, "--json"]);
	expect(r.code).toBe(0);
	return (JSON.parse(r.stdout) as { output: number[] }).output;
}

describe("backprop export", () => {
	it("writes a file that gives backprop predict's numbers on raw features (standardization folded in)", async () => {
		const r = await runIn(folder, ["export", "reg.json", "reg.onnx"]);
		expect(r.stderr).toBe("");
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(
			/^Wrote reg\.onnx: ONNX opset 13, float64, input 'input' \[N,2\], output 'output' \[N,1\], \d+ bytes; takes raw features/,
		);
		const bytes = new Uint8Array(await readFile(join(folder, "reg.onnx")));
		for (const row of [
			[11, -3],
			[7.5, 0.25],
		]) {
			const out = await runOnnx(bytes, tensor([row]), "float64");
			// (x - mean) / std · W + b = x · (W / std) + (b - (mean / std) · W): equal up to rounding
			expect(Math.abs(out.values[0] - ((await predicted("reg.json", row.join(","))) as number[])[0]!)).toBeLessThan(
				1e-12,
			);
		}
	});

	it("ends a classifier with the softmax applied at prediction", async () => {
		const r = await runIn(folder, ["export", "cls.json", "cls.onnx", "--dtype", "float32", "--opset", "17", "--json"]);
		expect(r.code).toBe(0);
		const summary = JSON.parse(r.stdout);
		expect(summary).toMatchObject({
			opset: 17,
			dtype: "float32",
			inputs: 2,
			outputs: 3,
			softmax: true,
			normalizationFolded: false,
		});
		const bytes = new Uint8Array(await readFile(join(folder, "cls.onnx")));
		const out = await runOnnx(bytes, tensor([[0.5, 3.5]]), "float32");
		const expected = await predicted("cls.json", "0.5,3.5");
		expect(out.values.map((v, i) => Math.abs(v - expected[i])).every((d) => d < 1e-6)).toBe(true);
		expect(Math.abs(out.values.reduce((a, b) => a + b) - 1)).toBeLessThan(1e-6);
	});

	it("names the graph's input and output as asked", async () => {
		const r = await runIn(folder, [
			"export",
			"cls.json",
			"named.onnx",
			"--input-name",
			"features",
			"--output-name",
			"probs",
		]);
		expect(r.code).toBe(0);
		const out = await runOnnx(
			new Uint8Array(await readFile(join(folder, "named.onnx"))),
			tensor([[1, 1]]),
			"float64",
			"features",
		);
		expect(out.dims).toEqual([1, 3]);
	});

	it("exports a conv model given --input-shape, and describes the shapes the file declares", async () => {
		const r = await runIn(folder, ["export", "cnn.json", "cnn.onnx", "--input-shape", "8,8,1", "--dtype", "float32"]);
		expect(r.stderr).toBe("");
		expect(r.code).toBe(0);
		// 8x8x1 → conv 3x3 valid → 6x6x3 → pool 2 → 3x3x3 → flatten 27 → dense 2
		expect(r.stdout).toMatch(
			/^Wrote cnn\.onnx: ONNX opset 13, float32, input 'input' \[N,8,8,1\], output 'output' \[N,2\], \d+ bytes\n$/,
		);
		// The runtime has no double Conv, so the float32 file is checked against predict to 1e-5.
		const x = randn([2, 8, 8, 1], { seed: 9 });
		const out = await runOnnx(new Uint8Array(await readFile(join(folder, "cnn.onnx"))), x.astype("float32"), "float32");
		expect(out.dims).toEqual([2, 2]);
		const expected = Array.from(predict(convModel(), x).dataSync());
		expect(out.values.map((v, i) => Math.abs(v - (expected[i] as number))).every((d) => d < 1e-5)).toBe(true);
	});

	it("describes an embedding model's int64 index input", async () => {
		const r = await runIn(folder, ["export", "seq.json", "seq.onnx", "--dtype", "float32", "--json"]);
		expect(r.code).toBe(0);
		expect(JSON.parse(r.stdout)).toMatchObject({ inputShape: ["N", null], inputType: "INT64", outputShape: ["N", 1] });
		const text = await runIn(folder, ["export", "seq.json", "seq2.onnx", "--dtype", "float32"]);
		expect(text.stdout).toMatch(/input 'input' \[N,\?\] INT64, output 'output' \[N,1\]/);
	});

	it("runs as a real process through the bin", async () => {
		const r = await backprop(["export", "reg.json", "process.onnx"], folder);
		expect(r.stderr).toBe("");
		expect(r.code).toBe(0);
		expect(await listFolder(folder)).toContain("process.onnx");
	});
});

describe("backprop export refuses, in one line", () => {
	const cases: { name: string; args: string[]; code: number; says: string }[] = [
		{
			name: "a missing model",
			args: ["export", "nope.json", "x.onnx"],
			code: 1,
			says: "cannot read model file nope.json: no such file",
		},
		{
			name: "an opset out of range",
			args: ["export", "reg.json", "x.onnx", "--opset", "9"],
			code: 2,
			says: "--opset must be from 13 to 21, got '9'",
		},
		{
			name: "a bad opset",
			args: ["export", "reg.json", "x.onnx", "--opset", "new"],
			code: 2,
			says: "--opset must be a whole number of at least 1, got 'new'",
		},
		{
			name: "a bad dtype",
			args: ["export", "reg.json", "x.onnx", "--dtype", "int8"],
			code: 2,
			says: "--dtype must be float32 or float64, got 'int8'",
		},
		{
			name: "an output folder that does not exist",
			args: ["export", "reg.json", "no/x.onnx"],
			code: 1,
			says: "output no/x.onnx: folder no does not exist",
		},
		{
			name: "a missing output path",
			args: ["export", "reg.json"],
			code: 2,
			says: "missing required argument 'model.onnx'",
		},
		{
			name: "the same input and output names",
			args: ["export", "reg.json", "x.onnx", "--input-name", "a", "--output-name", "a"],
			code: 1,
			says: "cannot export reg.json: inputName and outputName are both 'a'",
		},
	];
	cases.push({
		name: "a conv model without --input-shape",
		args: ["export", "cnn.json", "x.onnx"],
		code: 1,
		says: "cannot export cnn.json: cannot tell the model's input shape; pass --input-shape with one sample's sizes, e.g. 28,28,1",
	});
	cases.push({
		name: "a bad --input-shape",
		args: ["export", "cnn.json", "x.onnx", "--input-shape", "8,0,1"],
		code: 2,
		says: "--input-shape must list one sample's sizes (the batch left out) as whole numbers, e.g. 28,28,1; got '8,0,1'",
	});
	cases.push({
		name: "a model with an activation that has no ONNX form",
		args: ["export", "custom.json", "x.onnx"],
		code: 1,
		says: "cannot export custom.json: layer 0 (Dense): activation 'cube' has no ONNX form (exportable: linear, sigmoid, tanh, relu, leakyRelu, softplus, elu, softmax)",
	});
	for (const c of cases) {
		it(c.name, async () => {
			const before = await listFolder(folder);
			const r = await runIn(folder, c.args);
			expect(r.code).toBe(c.code);
			expect(r.stderr).toBe(`backprop: error: ${c.says}\n`);
			expect(r.stdout).toBe("");
			expect(await listFolder(folder)).toEqual(before);
		});
	}
});
