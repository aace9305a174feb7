/**
 * Models made elsewhere: ONNX files exported by PyTorch (torch.onnx.export, opset
 * 13; see fixtures/make_fixtures.py) import with fromOnnx and reproduce PyTorch's
 * outputs for the fixed inputs stored beside them. No Python at test time.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Dense, predict } from "@backprop/nn";
import { fromOnnx, toOnnx } from "@backprop/onnx";
import { tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { runOnnx } from "./runtime";

const FIXTURES = join(import.meta.dirname, "fixtures");

interface Fixture {
	model: string;
	dtype: "float32" | "float64";
	input: number[][];
	output: number[][];
}

function load(name: string): { fixture: Fixture; bytes: Uint8Array } {
	const fixture = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as Fixture;
	return { fixture, bytes: new Uint8Array(readFileSync(join(FIXTURES, fixture.model))) };
}

function maxDifference(actual: ArrayLike<number>, expected: readonly number[]): number {
	expect(actual.length).toBe(expected.length);
	return Math.max(...expected.map((e, i) => Math.abs(actual[i] - e)));
}

describe("PyTorch's ONNX files import and reproduce PyTorch's outputs", () => {
	it("the MLP: Linear → ReLU → Linear → Tanh → Linear → Sigmoid → Linear, float32, to 1e-5", () => {
		const { fixture, bytes } = load("mlp");
		const model = fromOnnx(bytes);
		// Gemm with transB = 1 (PyTorch's [out, in] weight) becomes Dense's [in, out]
		expect(model.layers.map((l) => [(l as Dense).inputs, (l as Dense).units, (l as Dense).activation.name])).toEqual([
			[3, 8, "relu"],
			[8, 6, "tanh"],
			[6, 4, "sigmoid"],
			[4, 2, "linear"],
		]);
		const out = predict(model, tensor(fixture.input, { dtype: "float32" }));
		expect(out.dtype).toBe("float32");
		expect(out.shape).toEqual([7, 2]);
		expect(maxDifference(out.dataSync(), fixture.output.flat())).toBeLessThanOrEqual(1e-5);
	});

	it("the softmax classifier: rows are probabilities, to 1e-5", () => {
		const { fixture, bytes } = load("classifier");
		const model = fromOnnx(bytes);
		expect((model.layers[1] as Dense).activation.name).toBe("softmax");
		const out = predict(model, tensor(fixture.input, { dtype: "float32" }));
		expect(out.shape).toEqual([7, 3]);
		expect(maxDifference(out.dataSync(), fixture.output.flat())).toBeLessThanOrEqual(1e-5);
		expect(maxDifference(out.sum(1).dataSync(), new Array<number>(7).fill(1))).toBeLessThan(1e-6);
	});

	it("LeakyReLU(0.01), ELU, Softplus and a Linear without bias (exported as MatMul), to 1e-5", () => {
		const { fixture, bytes } = load("activations");
		const model = fromOnnx(bytes);
		const layers = model.layers as Dense[];
		expect(layers.map((l) => l.activation.name)).toEqual(["leakyRelu", "elu", "softplus"]);
		expect(layers[1]?.bias).toBeNull();
		const out = predict(model, tensor(fixture.input, { dtype: "float32" }));
		expect(maxDifference(out.dataSync(), fixture.output.flat())).toBeLessThanOrEqual(1e-5);
	});

	it("the MLP in float64 (model.double()) imports as float64 and agrees to 1e-12", () => {
		const { fixture, bytes } = load("mlp_float64");
		const model = fromOnnx(bytes);
		const out = predict(model, tensor(fixture.input));
		expect(out.dtype).toBe("float64");
		expect(maxDifference(out.dataSync(), fixture.output.flat())).toBeLessThanOrEqual(1e-12);
	});
});

describe("PyTorch → fromOnnx → toOnnx → ONNX Runtime", () => {
	for (const name of ["mlp", "classifier", "activations"]) {
		it(`${name}: the re-exported file still gives PyTorch's outputs, to 1e-5`, async () => {
			const { fixture, bytes } = load(name);
			const out = await runOnnx(toOnnx(fromOnnx(bytes)), tensor(fixture.input), "float32");
			expect(maxDifference(out.values, fixture.output.flat())).toBeLessThanOrEqual(1e-5);
		});
	}
});
