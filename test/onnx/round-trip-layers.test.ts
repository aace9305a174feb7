/**
 * toOnnx → fromOnnx for every layer toOnnx exports beyond Dense: random small
 * models come back as the same layers (the NHWC↔NCHW Transposes around each
 * export absorbed, no Permute layers) with identical predictions, in float32 and
 * float64. BatchNorm is the exception: it exports as Mul + Add of the folded
 * statistics, which come back as what they are, a Dense layer with weight
 * diag(scale) and bias shift (x · diag(s) + t is exactly x ⊙ s + t), agreeing
 * with the BatchNorm to 1e-12 (float64) / 1e-5 (float32): (x − mean)/√(var + eps)·w + b
 * and x·s + t round differently.
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
	type Module,
	Permute,
	predict,
	Reshape,
	Sequential,
} from "@backprop/nn";
import { fromOnnx, toOnnx, type ValueShape } from "@backprop/onnx";
import { type DType, Rng, rand, randn, type Tensor, tensor } from "@backprop/tensor";
import fc from "fast-check";
import onnxProto from "onnx-proto";
import { describe, expect, it } from "vitest";

const { onnx } = onnxProto;
const DTYPES = ["float32", "float64"] as const;

function kinds(model: Sequential): string[] {
	return (model.layers as Module[]).map((l) => l.constructor.name);
}

/** Exports `model` as its dtype, imports it back, and returns both predictions on `x`. */
function roundTrip(model: Sequential, x: Tensor, inputShape: ValueShape) {
	const back = fromOnnx(toOnnx(model, { inputShape }));
	return { back, expected: Array.from(predict(model, x).dataSync()), actual: Array.from(predict(back, x).dataSync()) };
}

/** Gives BatchNorm running statistics away from 0 and 1, as after training. */
function trained(bn: BatchNorm, rng: Rng): BatchNorm {
	const f = bn.features;
	const dtype = bn.weight.dtype;
	bn.runningMean.value = randn([f], { rng, dtype });
	bn.runningVar.value = rand([f], { rng, low: 0.5, high: 2, dtype });
	bn.weight.value = randn([f], { rng, dtype });
	bn.bias.value = randn([f], { rng, dtype });
	return bn;
}

describe("toOnnx → fromOnnx, layers beyond Dense", () => {
	for (const dtype of DTYPES) {
		it(`Dropout, Activation, Flatten, Reshape and Permute come back as themselves, predictions identical (${dtype})`, () => {
			const rng = new Rng(3);
			const model = new Sequential([
				new Permute([2, 1, 3]),
				new Reshape([4, 6]),
				new Dense(6, 5, { activation: "tanh", rng, dtype }),
				new Dropout(0.3),
				new Activation("elu"),
				new Flatten(),
				new Dense(20, 3, { rng, dtype }),
				new Activation("softmax"),
			]);
			const x = randn([3, 2, 4, 3], { seed: 4, dtype });
			const { back, expected, actual } = roundTrip(model, x, [null, 2, 4, 3]);
			// Dropout has no node; the Activation after the Dense without one becomes that Dense's activation
			expect(kinds(back)).toEqual(["Permute", "Reshape", "Dense", "Activation", "Flatten", "Dense"]);
			expect((back.layers[0] as Permute).dims).toEqual([2, 1, 3]);
			expect((back.layers[5] as Dense).activation.name).toBe("softmax");
			expect(back.layers[0]?.parameters().length).toBe(0);
			expect(actual).toEqual(expected);
		});

		it(`LayerNorm (exported as nine elementary ops) comes back as one LayerNorm, predictions identical (${dtype})`, () => {
			const rng = new Rng(5);
			const norm = new LayerNorm(6, { eps: 1e-3, dtype });
			norm.weight.value = randn([6], { rng, dtype });
			norm.bias.value = randn([6], { rng, dtype });
			const model = new Sequential([new Dense(4, 6, { rng, dtype }), norm, new Dense(6, 2, { rng, dtype })]);
			const x = randn([5, 3, 4], { seed: 6, dtype });
			const { back, expected, actual } = roundTrip(model, x, [null, 3, 4]);
			expect(kinds(back)).toEqual(["Dense", "LayerNorm", "Dense"]);
			const ln = back.layers[1] as LayerNorm;
			expect(ln.eps).toBe(dtype === "float32" ? Math.fround(1e-3) : 1e-3);
			expect(Array.from(ln.weight.value.dataSync())).toEqual(Array.from(norm.weight.value.dataSync()));
			if (dtype === "float64") expect(actual).toEqual(expected);
			// float32: the eps comes back as its float32 rounding, a change of 5e-11 in 1e-3
			else expect(Math.max(...actual.map((a, i) => Math.abs(a - (expected[i] as number))))).toBeLessThanOrEqual(1e-6);
		});

		it(`LayerNorm at opset 17 (one LayerNormalization node) comes back as LayerNorm, predictions identical (${dtype})`, () => {
			const rng = new Rng(11);
			const norm = new LayerNorm(5, { eps: 2 ** -12, dtype });
			norm.weight.value = randn([5], { rng, dtype });
			const model = new Sequential([norm, new Dense(5, 2, { rng, dtype })]);
			const x = randn([3, 5], { seed: 12, dtype });
			const back = fromOnnx(toOnnx(model, { opset: 17 }));
			expect(kinds(back)).toEqual(["LayerNorm", "Dense"]);
			expect((back.layers[0] as LayerNorm).eps).toBe(2 ** -12);
			expect(Array.from(predict(back, x).dataSync())).toEqual(Array.from(predict(model, x).dataSync()));
		});

		it(`Embedding → LSTM (every step) → LSTM (last step) → Dense comes back layer for layer, identical (${dtype})`, () => {
			// toOnnx writes Gather on int64 indices, and each LSTM time-major with the gates regrouped to ONNX's i, o, f, c
			const model = new Sequential([
				new Embedding(6, 3, { seed: 3, dtype }),
				new LSTM(3, 4, { returnSequences: true, seed: 5, dtype }),
				new LSTM(4, 2, { seed: 6, dtype }),
				new Dense(2, 1, { rng: new Rng(7), dtype }),
			]);
			const back = fromOnnx(toOnnx(model, { inputShape: [null, 4] }));
			expect(kinds(back)).toEqual(["Embedding", "LSTM", "LSTM", "Dense"]);
			expect((back.layers[1] as LSTM).returnSequences).toBe(true);
			expect((back.layers[2] as LSTM).returnSequences).toBe(false);
			for (const i of [1, 2]) {
				const [a, b] = [model.layers[i] as LSTM, back.layers[i] as LSTM];
				for (const key of ["weightIh", "weightHh", "bias"] as const) {
					const worst = Math.max(
						...Array.from(b[key].value.dataSync()).map((v, k) => Math.abs(v - (a[key].value.dataSync()[k] as number))),
					);
					// regrouped and transposed back exactly; the bias comes back as bias_ih + bias_hh, which is ours
					expect(worst).toBe(0);
				}
			}
			const x = tensor([
				[0, 1, 2, 3],
				[5, 4, 3, 2],
			]);
			expect(Array.from(predict(back, x).dataSync())).toEqual(Array.from(predict(model, x).dataSync()));
		});

		it(`BatchNorm comes back as BatchNorm with its running statistics (${dtype})`, () => {
			const rng = new Rng(7);
			const bn = trained(new BatchNorm(4, { dtype, eps: 2 ** -10 }), rng);
			const model = new Sequential([bn, new Dense(4, 2, { rng, dtype })]);
			model.eval();
			const x = randn([6, 3, 4], { seed: 8, dtype });
			const { back, expected, actual } = roundTrip(model, x, [null, 3, 4]);
			expect(kinds(back)).toEqual(["BatchNorm", "Dense"]);
			const b = back.layers[0] as BatchNorm;
			expect(b.eps).toBe(2 ** -10);
			for (const key of ["weight", "bias", "runningMean", "runningVar"] as const) {
				expect(Array.from(b[key].value.dataSync())).toEqual(Array.from(bn[key].value.dataSync()));
			}
			expect(actual).toEqual(expected);
			// an eps float32 cannot hold comes back rounded: 1e-3 → 0.0010000000474974513
			const rounded = fromOnnx(toOnnx(new Sequential([new BatchNorm(4, { eps: 1e-3, dtype })]))).layers[0] as BatchNorm;
			expect(rounded.eps).toBe(Math.fround(1e-3));
		});

		it(`Mul and Add of per-channel constants come back as Dense(diag(scale)) + shift, exactly (${dtype})`, () => {
			// A graph written by hand around our Dense's export: input [N, 3] → Mul(x, s) → Add(·, t) → Gemm
			const rng = new Rng(9);
			const dense = new Dense(3, 2, { rng, dtype });
			const m = onnx.ModelProto.decode(toOnnx(new Sequential([dense])));
			const s = randn([3], { rng, dtype });
			const t = randn([3], { rng, dtype });
			const values = (v: Tensor) =>
				dtype === "float32" ? { floatData: Array.from(v.dataSync()) } : { doubleData: Array.from(v.dataSync()) };
			const code = dtype === "float32" ? 1 : 11;
			m.graph!.initializer!.push(
				{ name: "s", dims: [3], dataType: code, ...values(s) },
				{ name: "t", dims: [1, 3], dataType: code, ...values(t) },
			);
			const gemm = m.graph!.node![0]!;
			gemm.input = ["shifted", ...(gemm.input ?? []).slice(1)];
			m.graph!.node!.unshift(
				{ name: "scale", opType: "Mul", input: ["input", "s"], output: ["scaled"] },
				{ name: "shift", opType: "Add", input: ["scaled", "t"], output: ["shifted"] },
			);
			const back = fromOnnx(onnx.ModelProto.encode(m).finish());
			expect(kinds(back)).toEqual(["Dense", "Dense"]);
			const diag = back.layers[0] as Dense;
			const w = diag.weight.value.toArray() as number[][];
			w.forEach((row, i) => {
				row.forEach((v, j) => {
					// (off the diagonal 0 · a negative scale is −0, which changes no sum)
					expect(v + 0).toBe(i === j ? (s.get(i) as number) : 0);
				});
			});
			expect(Array.from(diag.bias?.value.dataSync() ?? [])).toEqual(Array.from(t.dataSync()));
			const x = randn([4, 3], { seed: 10, dtype });
			const expected = predict(new Sequential([dense]), x.mul(s).add(t.reshape([3])));
			expect(Array.from(predict(back, x).dataSync())).toEqual(Array.from(expected.dataSync()));
		});
	}

	it("random CNNs (Conv2D valid/same/strides/dilations, pools, BatchNorm, GlobalAvgPool2D or Flatten) come back layer for layer", () => {
		fc.assert(
			fc.property(
				fc.record({
					dtype: fc.constantFrom<DType>("float32", "float64"),
					kernel: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
					strides: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
					dilations: fc.integer({ min: 1, max: 2 }),
					padding: fc.constantFrom("valid" as const, "same" as const),
					pool: fc.constantFrom("max" as const, "avg" as const),
					poolPadding: fc.constantFrom("valid" as const, "same" as const),
					poolStrides: fc.integer({ min: 1, max: 2 }),
					activation: fc.constantFrom("relu", "linear", "sigmoid", "tanh"),
					head: fc.constantFrom("global" as const, "flatten" as const),
					batchNorm: fc.boolean(),
					seed: fc.integer({ min: 0, max: 1000 }),
				}),
				(c) => {
					const rng = new Rng(c.seed);
					const { dtype } = c;
					const layers: Module[] = [
						new Conv2D(2, 3, c.kernel, {
							strides: c.strides,
							dilations: c.strides[0] === 1 && c.strides[1] === 1 ? c.dilations : 1,
							padding: c.padding,
							activation: c.activation,
							init: "normal",
							rng,
							dtype,
						}),
					];
					if (c.batchNorm) layers.push(trained(new BatchNorm(3, { dtype, eps: 2 ** -10 }), rng));
					const poolOptions = { poolSize: 2, strides: c.poolStrides, padding: c.poolPadding };
					layers.push(c.pool === "max" ? new MaxPool2D(poolOptions) : new AvgPool2D(poolOptions));
					layers.push(new Conv2D(3, 4, 2, { padding: "same", useBias: false, rng, dtype, init: "normal" }));
					const x = randn([2, 9, 8, 2], { rng, dtype });
					const features = predict(new Sequential(layers), x).shape;
					const width = c.head === "global" ? 4 : (features[1] as number) * (features[2] as number) * 4;
					layers.push(c.head === "global" ? new GlobalAvgPool2D() : new Flatten(), new Dense(width, 2, { rng, dtype }));
					const model = new Sequential(layers);
					model.eval();
					const { back, expected, actual } = roundTrip(model, x, [null, 9, 8, 2]);
					// the Transposes to NCHW and back at the run's edges leave no Permute layer
					expect(kinds(back)).toEqual(kinds(model));
					const conv = back.layers[0] as Conv2D;
					// 'same' whose pads are all 0 (a 1x1 kernel) is the same as 'valid' and comes back as 'valid'
					const { padding: _p, ...config } = (model.layers[0] as Conv2D).getConfig();
					expect(conv.getConfig()).toMatchObject({ ...config, init: "zeros" });
					expect(Array.from(conv.weight.value.dataSync())).toEqual(
						Array.from((model.layers[0] as Conv2D).weight.value.dataSync()),
					);
					expect(actual).toEqual(expected);
				},
			),
			{ numRuns: 25 },
		);
	});
});

describe("the layout between ONNX's values and the layers'", () => {
	it("a per-channel scale and shift of an NCHW input, then Flatten and Gemm: Permutes only where the order matters", () => {
		// input [N, 2, 3, 3] → Mul(x, s [2, 1, 1]) → Add(·, t [2, 1, 1]) → Flatten → Gemm(W [18, 1]):
		// y = Σ_chw (x[c, h, w] · s[c] + t[c]) · W[c·9 + h·3 + w]
		const rng = new Rng(13);
		const base = onnx.ModelProto.decode(
			toOnnx(new Sequential([new Dense(18, 1, { rng, dtype: "float64" })]), { dtype: "float64" }),
		);
		const s = randn([2, 1, 1], { rng });
		const t = randn([2, 1, 1], { rng });
		base.graph!.input![0]!.type!.tensorType!.shape!.dim = [
			{ dimParam: "N" },
			{ dimValue: 2 },
			{ dimValue: 3 },
			{ dimValue: 3 },
		];
		base.graph!.initializer!.push(
			{ name: "s", dims: [2, 1, 1], dataType: 11, doubleData: Array.from(s.dataSync()) },
			{ name: "t", dims: [2, 1, 1], dataType: 11, doubleData: Array.from(t.dataSync()) },
		);
		const gemm = base.graph!.node![0]!;
		gemm.input = ["flat", ...(gemm.input ?? []).slice(1)];
		base.graph!.node!.unshift(
			{ name: "scale", opType: "Mul", input: ["input", "s"], output: ["scaled"] },
			{ name: "shift", opType: "Add", input: ["scaled", "t"], output: ["shifted"] },
			{ name: "flatten", opType: "Flatten", input: ["shifted"], output: ["flat"] },
		);
		const back = fromOnnx(onnx.ModelProto.encode(base).finish());
		// channels last for the per-channel Dense, back to NCHW order for the Flatten
		expect(kinds(back)).toEqual(["Permute", "Dense", "Permute", "Flatten", "Dense"]);
		expect((back.layers[0] as Permute).dims).toEqual([2, 3, 1]);
		expect((back.layers[2] as Permute).dims).toEqual([3, 1, 2]);
		const x = randn([2, 2, 3, 3], { seed: 14 });
		const w = (back.layers[4] as Dense).weight.value;
		const expected = x
			.mul(s)
			.add(t)
			.reshape([2, 18])
			.matmul(w)
			.add((back.layers[4] as Dense).bias?.value ?? 0);
		const worst = Math.max(
			...Array.from(predict(back, x).dataSync()).map((v, i) => Math.abs(v - (expected.dataSync()[i] as number))),
		);
		expect(worst).toBeLessThanOrEqual(1e-12);
	});
});
