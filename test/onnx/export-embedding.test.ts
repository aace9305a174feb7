/**
 * Embedding exports as Gather; a model starting with one takes int64 indices as its
 * graph input, fed as int64 to ONNX Runtime here.
 */
import { Dense, Embedding, LSTM, predict, Reshape, Sequential } from "@backprop/nn";
import { toOnnx } from "@backprop/onnx";
import { Rng, tensor } from "@backprop/tensor";
import onnxProto from "onnx-proto";
import { describe, expect, it } from "vitest";
import { opTypes } from "./graph-ops";
import { runOnnx } from "./runtime";

const INT64 = 7;
const FLOAT = 1;

/** The element type codes of the graph's input and output. */
function ioTypes(bytes: Uint8Array): [number, number] {
	const graph = onnxProto.onnx.ModelProto.decode(bytes).graph;
	const type = (v: onnxProto.onnx.IValueInfoProto | undefined) => v?.type?.tensorType?.elemType ?? -1;
	return [type(graph?.input?.[0]), type(graph?.output?.[0])];
}

/** Token indices [rows, cols] in [0, vocabulary), as a float32 tensor (what predict takes). */
function indices(rows: number, cols: number, vocabulary: number, seed: number) {
	const rng = new Rng(seed);
	const values = Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.int(vocabulary)));
	return tensor(values, { dtype: "float32" });
}

describe("Embedding → Gather", () => {
	it("looks up the same rows as predict, exactly (Gather copies them), fed int64 indices", async () => {
		// out[b][t] = weight[x[b][t]]: a copy, so float32 in, float32 out, no rounding.
		const model = new Sequential([new Embedding(10, 4, { seed: 1, dtype: "float32" })]);
		const x = indices(3, 5, 10, 2);
		const bytes = toOnnx(model);
		expect(opTypes(bytes)).toEqual(["Gather"]);
		expect(ioTypes(bytes)).toEqual([INT64, FLOAT]);
		const out = await runOnnx(bytes, x, "int64");
		expect(out.dims).toEqual([3, 5, 4]);
		expect(out.values).toEqual(Array.from(predict(model, x).dataSync()));
	});

	it("Embedding → LSTM → Dense(softmax), a text classifier, agrees with predict to 1e-5", async () => {
		const model = new Sequential([
			new Embedding(20, 6, { seed: 3, dtype: "float32" }),
			new LSTM(6, 5, { seed: 4, dtype: "float32" }),
			new Dense(5, 3, { activation: "softmax", rng: new Rng(5), dtype: "float32" }),
		]);
		const x = indices(4, 7, 20, 6);
		const out = await runOnnx(toOnnx(model), x, "int64");
		expect(out.dims).toEqual([4, 3]);
		const expected = Array.from(predict(model, x).dataSync());
		out.values.forEach((v, i) => {
			expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(1e-5);
		});
	});

	it("indices [batch] (rank 1, options.inputShape) give [batch, dim]", async () => {
		const model = new Sequential([new Embedding(5, 2, { seed: 7, dtype: "float32" })]);
		const x = tensor([4, 0, 2, 2], { dtype: "float32" });
		const out = await runOnnx(toOnnx(model, { inputShape: [null] }), x, "int64");
		expect(out.dims).toEqual([4, 2]);
		expect(out.values).toEqual(Array.from(predict(model, x).dataSync()));
	});

	it("indices computed inside the graph (after a Reshape, a float value) are Cast to int64", async () => {
		const model = new Sequential([new Reshape([2, 3]), new Embedding(8, 3, { seed: 8, dtype: "float32" })]);
		const x = indices(2, 6, 8, 9);
		const bytes = toOnnx(model, { inputShape: [null, 6] });
		expect(opTypes(bytes)).toEqual(["Reshape", "Cast", "Gather"]);
		expect(ioTypes(bytes)).toEqual([FLOAT, FLOAT]);
		const out = await runOnnx(bytes, x, "float32");
		expect(out.values).toEqual(Array.from(predict(model, x).dataSync()));
	});

	it("a float64 Embedding exported as float32 rounds each row once", async () => {
		const model = new Sequential([new Embedding(6, 3, { seed: 10 })]);
		const x = indices(2, 2, 6, 11);
		const out = await runOnnx(toOnnx(model, { dtype: "float32" }), x, "int64");
		expect(out.values).toEqual(Array.from(predict(model, x).astype("float32").dataSync()));
	});
});
