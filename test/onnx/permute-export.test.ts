/** Permute exports as one Transpose (batch axis kept first) and runs in ONNX Runtime as predict does. */
import { Dense, Permute, predict, Sequential } from "@backprop/nn";
import { OnnxError, toOnnx } from "@backprop/onnx";
import { Rng, randn } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { runOnnx } from "./runtime";

describe("Permute → Transpose", () => {
	it("Permute([2, 3, 1]) then Dense on [2, 3, 4, 5] moves the values exactly; then Dense equals predict to 1e-5 (float32)", async () => {
		const model = new Sequential([new Permute([2, 3, 1]), new Dense(3, 2, { rng: new Rng(1), dtype: "float32" })]);
		const x = randn([2, 3, 4, 5], { seed: 2, dtype: "float32" });
		const permuted = await runOnnx(
			toOnnx(new Sequential([new Permute([2, 3, 1])]), { inputShape: [null, 3, 4, 5], dtype: "float32" }),
			x,
			"float32",
		);
		// out[b, h, w, c] = x[b, c, h, w]
		expect(permuted.dims).toEqual([2, 4, 5, 3]);
		expect(permuted.values).toEqual(Array.from(x.transpose([0, 2, 3, 1]).contiguous().dataSync()));
		const out = await runOnnx(toOnnx(model, { inputShape: [null, 3, 4, 5] }), x, "float32");
		const expected = predict(model, x);
		expect(out.dims).toEqual(expected.shape);
		const worst = Math.max(...out.values.map((v, i) => Math.abs(v - (expected.dataSync()[i] as number))));
		expect(worst).toBeLessThanOrEqual(1e-5);
	});

	it("an input of another rank is an OnnxError naming the layer", () => {
		const model = new Sequential([new Permute([2, 1])]);
		expect(() => toOnnx(model, { inputShape: [null, 3, 4, 5] })).toThrow(OnnxError);
		expect(() => toOnnx(model, { inputShape: [null, 3, 4, 5] })).toThrow(
			"toOnnx: layer 0 (Permute): permutes 2 axes per sample but gets shape [N,3,4,5]",
		);
	});
});
