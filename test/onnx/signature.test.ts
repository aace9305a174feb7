/**
 * onnxSignature: the graph inputs (initializers left out) and outputs a file
 * declares, read without building anything; bytes that are not a model are an
 * OnnxError naming the function.
 */
import { Conv2D, Dense, Embedding, Flatten, Sequential, sequential } from "@backprop/nn";
import { OnnxError, onnxSignature, toOnnx } from "@backprop/onnx";
import { Rng } from "@backprop/tensor";
import { describe, expect, it } from "vitest";

describe("onnxSignature", () => {
	it("reads the tutorial network's float64 input [N, 2] and output [N, 1]", () => {
		const bytes = toOnnx(sequential([2, 2, 1], { activation: "sigmoid", outputActivation: "sigmoid", seed: 1 }));
		expect(onnxSignature(bytes)).toEqual({
			inputs: [{ name: "input", elementType: "DOUBLE", shape: ["N", 2] }],
			outputs: [{ name: "output", elementType: "DOUBLE", shape: ["N", 1] }],
		});
	});

	it("reads a conv model's image input and an embedding model's int64 indices", () => {
		const rng = new Rng(2);
		const cnn = new Sequential([new Conv2D(3, 2, 3, { rng }), new Flatten(), new Dense(2 * 4 * 4, 5, { rng })]);
		const conv = onnxSignature(toOnnx(cnn, { dtype: "float32", inputShape: [null, 6, 6, 3], inputName: "image" }));
		expect(conv.inputs).toEqual([{ name: "image", elementType: "FLOAT", shape: ["N", 6, 6, 3] }]);
		expect(conv.outputs).toEqual([{ name: "output", elementType: "FLOAT", shape: ["N", 5] }]);
		const emb = onnxSignature(toOnnx(new Sequential([new Embedding(7, 3, { rng })])));
		expect(emb.inputs[0]).toEqual({ name: "input", elementType: "INT64", shape: ["N", null] });
	});

	it("refuses bytes that are not a model, naming itself", () => {
		expect(() => onnxSignature(new Uint8Array(0))).toThrow(new OnnxError("onnxSignature: the file is empty"));
		expect(() => onnxSignature(new Uint8Array([0x0a, 0xff, 0xff]))).toThrow(
			/^onnxSignature: not an ONNX model \(truncated or corrupt protobuf/,
		);
	});
});
