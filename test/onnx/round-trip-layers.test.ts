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
	Flatten,
	GlobalAvgPool2D,
	LayerNorm,
	MaxPool2D,
	type Module,
	Permute,
	predict,
	Reshape,
	Sequential,
} from "@backprop/nn";
import { fromOnnx, toOnnx, type ValueShape } from "@backprop/onnx";
import { type DType, Rng, rand, randn, type Tensor } from "@backprop/tensor";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

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

		it(`BatchNorm comes back as Dense(diag(scale)) + shift, to ${dtype === "float64" ? "1e-12" : "1e-5"} (${dtype})`, () => {
			const rng = new Rng(7);
			const bn = trained(new BatchNorm(4, { dtype }), rng);
			const model = new Sequential([bn, new Dense(4, 2, { rng, dtype })]);
			model.eval();
			const x = randn([6, 3, 4], { seed: 8, dtype });
			const { back, expected, actual } = roundTrip(model, x, [null, 3, 4]);
			expect(kinds(back)).toEqual(["Dense", "Dense"]);
			const diag = back.layers[0] as Dense;
			// s_j = w_j / √(var_j + eps) on the diagonal, zeros elsewhere
			const s = bn.weight.value.div(bn.runningVar.value.add(bn.eps).sqrt());
			const w = diag.weight.value.toArray() as number[][];
			w.forEach((row, i) => {
				row.forEach((v, j) => {
					// (off the diagonal 0 · a negative scale is −0, which changes no sum)
					expect(v + 0).toBe(i === j ? (s.get(i) as number) : 0);
				});
			});
			const tol = dtype === "float64" ? 1e-12 : 1e-5;
			expect(Math.max(...actual.map((a, i) => Math.abs(a - (expected[i] as number))))).toBeLessThanOrEqual(tol);
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
					if (c.batchNorm) layers.push(trained(new BatchNorm(3, { dtype }), rng));
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
					const expectedKinds = kinds(model).flatMap((k) => (k === "BatchNorm" ? ["Dense"] : [k]));
					expect(kinds(back)).toEqual(expectedKinds);
					const conv = back.layers[0] as Conv2D;
					// 'same' whose pads are all 0 (a 1x1 kernel) is the same as 'valid' and comes back as 'valid'
					const { padding: _p, ...config } = (model.layers[0] as Conv2D).getConfig();
					expect(conv.getConfig()).toMatchObject({ ...config, init: "zeros" });
					expect(Array.from(conv.weight.value.dataSync())).toEqual(
						Array.from((model.layers[0] as Conv2D).weight.value.dataSync()),
					);
					if (!c.batchNorm) expect(actual).toEqual(expected);
					const tol = dtype === "float64" ? 1e-12 : 1e-5;
					const worst = Math.max(...actual.map((a, i) => Math.abs(a - (expected[i] as number))));
					expect(worst).toBeLessThanOrEqual(tol * Math.max(1, ...expected.map(Math.abs)));
				},
			),
			{ numRuns: 25 },
		);
	});
});
