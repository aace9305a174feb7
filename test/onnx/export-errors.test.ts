/** What toOnnx refuses, naming the layer or option, and how a custom layer gets an ONNX form. */
import type { variable } from "@backprop/autograd";
import { Dense, type ModuleLike, predict, registerActivation, Sequential, sequential } from "@backprop/nn";
import { OnnxError, registerLayerExporter, toOnnx } from "@backprop/onnx";
import { Rng, randn, tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { runOnnx } from "./runtime";

describe("toOnnx refuses what has no ONNX form", () => {
	it("a custom activation, by name and layer", () => {
		const swish = { name: "swish", apply: (x: ReturnType<typeof variable>) => x.mul(x.sigmoid()) };
		const model = new Sequential([new Dense(2, 3, { activation: "relu" }), new Dense(3, 1, { activation: swish })]);
		expect(() => toOnnx(model)).toThrow(OnnxError);
		expect(() => toOnnx(model)).toThrow(
			"toOnnx: layer 1 (Dense): activation 'swish' has no ONNX form (exportable: linear, sigmoid, tanh, relu, leakyRelu, softplus, elu, softmax)",
		);
	});

	it("a registered custom activation too", () => {
		registerActivation({ name: "cube", f: (x) => x ** 3, df: (x) => 3 * x * x });
		const model = sequential([2, 2], { outputActivation: "cube" });
		expect(() => toOnnx(model)).toThrow("toOnnx: layer 0 (Dense): activation 'cube' has no ONNX form");
	});

	it("a custom object that only borrows a built-in's name", () => {
		const fake = { name: "sigmoid", apply: (x: ReturnType<typeof variable>) => x.tanh() };
		const model = new Sequential([new Dense(2, 1, { activation: fake })]);
		expect(() => toOnnx(model)).toThrow(
			"toOnnx: layer 0 (Dense): activation 'sigmoid' is a custom function, not the built-in sigmoid",
		);
	});

	it("a custom layer, by its class and position", () => {
		class Doubler implements ModuleLike {
			forward(x: ReturnType<typeof variable>) {
				return x.mul(2);
			}
			parameters() {
				return [];
			}
		}
		const model = new Sequential([new Dense(2, 2), new Doubler()]);
		expect(() => toOnnx(model)).toThrow(
			"toOnnx: layer 1: a Doubler has no ONNX form (exportable layers: Sequential, Dense, Dropout, Activation, Flatten, Reshape, BatchNorm, LayerNorm, Conv2D, MaxPool2D, AvgPool2D, GlobalAvgPool2D, LSTM, Embedding, Permute; registerLayerExporter adds one)",
		);
	});

	it("bad options, naming the option", () => {
		const model = sequential([2, 1]);
		expect(() => toOnnx(model, { opset: 12 })).toThrow("toOnnx: opset 12 is not supported (write 13 to 21)");
		expect(() => toOnnx(model, { opset: 13.5 })).toThrow("toOnnx: opset 13.5 is not supported");
		expect(() => toOnnx(model, { dtype: "int32" as "float32" })).toThrow(
			'toOnnx: dtype must be "float32" or "float64", got int32',
		);
		expect(() => toOnnx(model, { inputName: "x", outputName: "x" })).toThrow(
			"toOnnx: inputName and outputName are both 'x'",
		);
		expect(() => toOnnx(model, { inputName: "" })).toThrow("toOnnx: inputName must be a non-empty name");
	});

	it("an input shape that does not fit the first layer", () => {
		expect(() => toOnnx(sequential([3, 1]), { inputShape: [null, 4] })).toThrow(
			"toOnnx: layer 0 (Dense): takes 3 inputs but gets shape [N,4]",
		);
	});
});

describe("options", () => {
	it("names the graph's input and output and writes the opset asked for", async () => {
		const model = sequential([2, 3, 1], { activation: "tanh", seed: 3 });
		const bytes = toOnnx(model, { opset: 17, inputName: "features", outputName: "score", dtype: "float32" });
		const x = tensor([[0.5, -1]], { dtype: "float32" });
		const out = await runOnnx(bytes, x, "float32", "features");
		expect(Math.abs(out.values[0] - predict(model, x).item())).toBeLessThan(1e-6);
	});
});

describe("registerLayerExporter", () => {
	it("gives a custom layer an ONNX form that the runtime runs", async () => {
		/** y = x · s elementwise, s a constant [features]. */
		class Scale implements ModuleLike {
			constructor(readonly scale: number[]) {}
			forward(x: ReturnType<typeof variable>) {
				return x.mul(tensor(this.scale, { dtype: x.dtype }));
			}
			parameters() {
				return [];
			}
		}
		registerLayerExporter<Scale>({
			type: "Scale",
			matches: (l): l is Scale => l instanceof Scale,
			inputShape: (l) => [null, l.scale.length],
			export(layer, input, { graph, prefix }) {
				const s = graph.constant(`${prefix}_scale`, tensor(layer.scale));
				return { name: graph.node("Mul", [input.name, s], `${prefix}_Mul`), shape: input.shape };
			},
		});
		const model = new Sequential([new Scale([2, -3]), new Dense(2, 1, { rng: new Rng(2), dtype: "float32" })]);
		const x = randn([3, 2], { seed: 1, dtype: "float32" });
		const out = await runOnnx(toOnnx(model), x, "float32");
		const expected = Array.from(predict(model, x).dataSync());
		out.values.forEach((v, i) => {
			expect(Math.abs(v - expected[i])).toBeLessThan(1e-6);
		});
	});
});
