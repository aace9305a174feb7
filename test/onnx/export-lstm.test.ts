/**
 * LSTM exports as ONNX's LSTM (gates reordered i, o, f, c; sequence first between
 * two Transposes) and agrees with predict to 1e-5 in float32 in ONNX Runtime.
 */
import { Dense, LSTM, predict, Sequential } from "@backprop/nn";
import { toOnnx } from "@backprop/onnx";
import { Rng, randn } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { opTypes } from "./graph-ops";
import { runOnnx } from "./runtime";

/** |a - b| ≤ tol elementwise, same length. */
function expectClose(actual: readonly number[], expected: readonly number[], tol: number): void {
	expect(actual.length).toBe(expected.length);
	const worst = Math.max(...actual.map((a, i) => Math.abs(a - expected[i])));
	expect(worst, `max |difference| ${worst}`).toBeLessThanOrEqual(tol);
}

// [inputs, units, batch, time]
const SIZES = [
	[1, 1, 1, 1],
	[3, 4, 2, 5],
	[5, 2, 3, 7],
	[2, 8, 4, 3],
	[6, 5, 1, 12],
] as const;

describe("LSTM in ONNX Runtime agrees with predict to 1e-5 (float32)", () => {
	for (const returnSequences of [false, true]) {
		for (const [inputs, units, batch, time] of SIZES) {
			it(`inputs ${inputs}, units ${units}, x [${batch}, ${time}, ${inputs}], returnSequences ${returnSequences}`, async () => {
				const seed = inputs * 100 + units * 10 + time;
				const lstm = new LSTM(inputs, units, { returnSequences, seed, dtype: "float32" });
				// Weights larger than the default ±1/√units so every gate saturates somewhere.
				lstm.bias.value = randn([4 * units], { seed: seed + 1, dtype: "float32" });
				const model = new Sequential([lstm]);
				const x = randn([batch, time, inputs], { seed: seed + 2, std: 2, dtype: "float32" });
				const expected = predict(model, x);
				const out = await runOnnx(toOnnx(model), x, "float32");
				expect(out.dims).toEqual([...expected.shape]);
				expectClose(out.values, Array.from(expected.dataSync()), 1e-5);
			});
		}
	}

	it("writes Transpose, LSTM, Squeeze (returnSequences false) and ..., Squeeze, Transpose (true)", () => {
		expect(opTypes(toOnnx(new Sequential([new LSTM(2, 3)])))).toEqual(["Transpose", "LSTM", "Squeeze"]);
		expect(opTypes(toOnnx(new Sequential([new LSTM(2, 3, { returnSequences: true })])))).toEqual([
			"Transpose",
			"LSTM",
			"Squeeze",
			"Transpose",
		]);
	});

	it("one export runs sequences of any length (the time axis is left unnamed)", async () => {
		const model = new Sequential([
			new LSTM(3, 4, { returnSequences: true, seed: 1, dtype: "float32" }),
			new LSTM(4, 2, { seed: 2, dtype: "float32" }),
			new Dense(2, 1, { activation: "sigmoid", rng: new Rng(3), dtype: "float32" }),
		]);
		const bytes = toOnnx(model);
		for (const time of [1, 4, 9]) {
			const x = randn([2, time, 3], { seed: time, dtype: "float32" });
			const out = await runOnnx(bytes, x, "float32");
			expect(out.dims).toEqual([2, 1]);
			expectClose(out.values, Array.from(predict(model, x).dataSync()), 1e-5);
		}
	});

	it("refuses an input that is not [batch, time, inputs], naming the layer", () => {
		expect(() => toOnnx(new Sequential([new LSTM(3, 2)]), { inputShape: [null, 4] })).toThrow(
			"toOnnx: layer 0 (LSTM): takes [batch, time, 3] but gets [N,4]",
		);
		expect(() => toOnnx(new Sequential([new LSTM(3, 2)]), { inputShape: [null, 5, 2] })).toThrow(
			"toOnnx: layer 0 (LSTM): takes [batch, time, 3] but gets [N,5,2]",
		);
	});
});
