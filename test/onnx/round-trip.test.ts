/** export → import gives back the same layers and identical predictions. */
import { Dense, predict, Sequential, sequential } from "@backprop/nn";
import { fromOnnx, toOnnx } from "@backprop/onnx";
import { Rng, randn } from "@backprop/tensor";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const ACTIVATIONS = ["linear", "sigmoid", "tanh", "relu", "leakyRelu", "softplus", "elu", "softmax"];

describe("toOnnx → fromOnnx", () => {
	it("random stacks of Dense layers come back with the same weights and identical predictions", () => {
		fc.assert(
			fc.property(
				fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 5 }),
				fc.array(fc.constantFrom(...ACTIVATIONS), { minLength: 4, maxLength: 4 }),
				fc.boolean(),
				fc.constantFrom("float32" as const, "float64" as const),
				fc.integer({ min: 0, max: 1000 }),
				(sizes, activations, useBias, dtype, seed) => {
					const rng = new Rng(seed);
					const layers = sizes.slice(1).map(
						(units, i) =>
							new Dense(sizes[i], units, {
								activation: activations[i % activations.length],
								useBias: useBias || i % 2 === 1,
								init: "normal",
								rng,
								dtype,
							}),
					);
					const model = new Sequential(layers);
					const back = fromOnnx(toOnnx(model));
					expect(back.layers.length).toBe(layers.length);
					back.layers.forEach((l, i) => {
						const a = layers[i] as Dense;
						const b = l as Dense;
						expect(b.activation.name).toBe(a.activation.name);
						expect(b.dtype).toBe(dtype);
						expect(Array.from(b.weight.value.dataSync())).toEqual(Array.from(a.weight.value.dataSync()));
						expect(b.bias === null).toBe(a.bias === null);
					});
					const x = randn([3, sizes[0]], { seed, dtype });
					expect(Array.from(predict(back, x).dataSync())).toEqual(Array.from(predict(model, x).dataSync()));
				},
			),
			{ numRuns: 60 },
		);
	});

	it("the softmax applied at prediction comes back as the last layer's activation", () => {
		const model = sequential([2, 3, 3], { activation: "relu", outputActivation: "linear", seed: 4 });
		model.metadata = { outputActivation: "softmax" };
		const back = fromOnnx(toOnnx(model));
		expect((back.layers[1] as Dense).activation.name).toBe("softmax");
		const x = randn([5, 2], { seed: 3 });
		expect(Array.from(predict(back, x).dataSync())).toEqual(Array.from(predict(model, x).softmax(-1).dataSync()));
	});

	it("MatMul + Add (an input of rank 3) comes back as a Dense layer with its bias", () => {
		const model = new Sequential([new Dense(4, 2, { activation: "tanh", rng: new Rng(1) })]);
		const back = fromOnnx(toOnnx(model, { inputShape: [null, 3, 4] }));
		const x = randn([2, 3, 4], { seed: 5 });
		expect(Array.from(predict(back, x).dataSync())).toEqual(Array.from(predict(model, x).dataSync()));
	});

	it("a model with a float64 dtype exported as float32 comes back as float32", () => {
		const model = sequential([2, 2, 1], { activation: "sigmoid", seed: 1 });
		const back = fromOnnx(toOnnx(model, { dtype: "float32" }));
		expect((back.layers[0] as Dense).dtype).toBe("float32");
	});
});
