/**
 * Issue 12's silent traps, one `describe` each: settings that used to train
 * wrongly without a word now do the right thing or refuse with a clear error
 * before any step. (Trap 1, `sequential`'s output activation, is in layers.test.ts.)
 */
import { Adam, Dense, evaluate, predict, resetTraining, Sequential, SGD, sequential, fit as train } from "@backprop/nn";
import { ShapeError } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { expectSameBits, rejected, snapshot, thrown, XOR_X, XOR_Y } from "./helpers";

/** XOR by hand: h1 = OR, h2 = NAND, out = AND of them, each a steep sigmoid; outputs within 1e-4 of 0/1. */
function perfectXor(outputActivation: "sigmoid" | "linear"): Sequential {
	return new Sequential([
		new Dense(2, 2, {
			activation: "sigmoid",
			weights: [
				[20, -20],
				[20, -20],
			],
			bias: [-10, 30],
		}),
		new Dense(2, 1, { activation: outputActivation, weights: [[20], [20]], bias: [-30] }),
	]);
}

/** 100 rows, 3 classes in turn (row i is class i % 3), 2 features. */
function threeClasses(): { x: number[][]; y: number[] } {
	const x = Array.from({ length: 100 }, (_, i) => [Math.cos(i), Math.sin(i * 0.7)]);
	const y = x.map((_, i) => i % 3);
	return { x, y };
}

describe("trap 2: accuracy follows the output", () => {
	it("a perfect one-output sigmoid XOR model scores 1 (not the 0.5 of an argmax over one column)", () => {
		const model = perfectXor("sigmoid");
		// outputs sigmoid(±10) ≈ 0 or 1 in XOR's pattern
		expect(predict(model, XOR_X).toArray()).toEqual([
			[expect.closeTo(0, 4)],
			[expect.closeTo(1, 4)],
			[expect.closeTo(1, 4)],
			[expect.closeTo(0, 4)],
		]);
		expect(evaluate(model, XOR_X, XOR_Y, { metrics: ["accuracy"] }).accuracy).toBe(1);
	});

	it("with a from-logits loss the threshold is 0: logits ±10 score 1", async () => {
		const model = perfectXor("linear");
		// logits 20·h1 + 20·h2 - 30 ≈ -10, 10, 10, -10: below 0.5 all four, so a 0.5 threshold would score 0.5
		const history = await train(model, XOR_X, XOR_Y, {
			loss: "binaryCrossEntropyFromLogits",
			optimizer: new SGD(model.parameters(), { lr: 1e-9 }),
			metrics: ["accuracy", "binaryAccuracy"],
			batchSize: 4,
		});
		expect(history.metrics.accuracy).toEqual([1]);
		expect(history.metrics.binaryAccuracy).toEqual([1]);
		// evaluate uses the training loss, so the logits threshold too
		expect(evaluate(model, XOR_X, XOR_Y, { metrics: ["accuracy"] }).accuracy).toBe(1);
	});
});

describe("trap 3: crossEntropy on one output is refused", () => {
	it("rejects before any step, suggesting binaryCrossEntropy", async () => {
		const model = sequential([2, 3, 1], { seed: 1 });
		const before = snapshot(model);
		const e = await rejected(train(model, XOR_X, XOR_Y, { loss: "crossEntropy", epochs: 3 }));
		expect(e.message).toMatch(/^fit: crossEntropy needs one output per class, but the model has one output/);
		expect(e.message).toContain("binaryCrossEntropy");
		expectSameBits(snapshot(model), before);
	});
});

describe("trap 4: every label is checked before the first step", () => {
	it("label 5 of 3 classes at dataset row 90 is named as row 90, and no step was taken", async () => {
		const { x, y } = threeClasses();
		y[90] = 5;
		const model = sequential([2, 4, 3], { seed: 2 });
		const before = snapshot(model);
		let steps = 0;
		const e = await rejected(
			train(model, x, y, {
				loss: "crossEntropy",
				batchSize: 10,
				shuffle: false,
				callbacks: { onBatchEnd: () => void steps++ },
			}),
		);
		expect(e).toBeInstanceOf(RangeError);
		expect(e.message).toBe("fit: y row 90 holds label 5, but the model has 3 outputs (classes 0 to 2)");
		expect(steps).toBe(0);
		expectSameBits(snapshot(model), before);
	});

	it("a binaryCrossEntropy target outside [0, 1] is named by its row", async () => {
		const model = sequential([2, 1], { outputActivation: "sigmoid" });
		const e = await rejected(train(model, XOR_X, [0, 1, 2, 0], { loss: "binaryCrossEntropy" }));
		expect(e.message).toBe("fit: y row 2 holds 2, but binaryCrossEntropy needs targets in [0, 1]");
	});

	it("a bad label in validationData is named as a validation row", async () => {
		const { x, y } = threeClasses();
		const model = sequential([2, 3], { seed: 2 });
		const e = await rejected(train(model, x, y, { loss: "crossEntropy", validationData: [x.slice(0, 3), [0, 1, -1]] }));
		expect(e.message).toBe("fit: validation y row 2 holds label -1, but the model has 3 outputs (classes 0 to 2)");
	});
});

describe("trap 5: lr with an optimizer instance is a conflict", () => {
	it("is a TypeError naming both rates, before any step", async () => {
		const model = sequential([2, 2, 1], { seed: 1 });
		const before = snapshot(model);
		const e = await rejected(
			train(model, XOR_X, XOR_Y, { optimizer: new Adam(model.parameters(), { lr: 0.001 }), lr: 0.5 }),
		);
		expect(e).toBeInstanceOf(TypeError);
		expect(e.message).toMatch(/^fit: lr 0\.5 was given with an optimizer instance \(its lr is 0\.001\)/);
		expectSameBits(snapshot(model), before);
	});
});

describe("trap 6: the optimizer and the shuffle stay with the model between fit calls", () => {
	const options = { loss: "binaryCrossEntropy", optimizer: "adam", lr: 0.05, batchSize: 2, seed: 3 } as const;

	it("100 x fit(epochs: 1) equals fit(epochs: 100) bit for bit (Adam by name, shuffled)", async () => {
		const once = sequential([2, 4, 1], { activation: "tanh", outputActivation: "sigmoid", seed: 5 });
		const inSteps = sequential([2, 4, 1], { activation: "tanh", outputActivation: "sigmoid", seed: 5 });
		const long = await train(once, XOR_X, XOR_Y, { ...options, epochs: 100 });
		const losses: number[] = [];
		for (let i = 0; i < 100; i++) losses.push(...(await train(inSteps, XOR_X, XOR_Y, options)).loss);
		expectSameBits([losses], [long.loss]);
		expectSameBits(snapshot(inSteps), snapshot(once));
	});

	it("later calls without optimizer, lr, loss or seed continue the same run", async () => {
		const a = sequential([2, 3, 1], { activation: "tanh", outputActivation: "sigmoid", seed: 6 });
		const b = sequential([2, 3, 1], { activation: "tanh", outputActivation: "sigmoid", seed: 6 });
		const optimizer = new Adam(a.parameters(), { lr: 0.05 });
		await train(a, XOR_X, XOR_Y, { loss: "binaryCrossEntropy", optimizer, epochs: 10, batchSize: 1 });
		await train(a, XOR_X, XOR_Y, { epochs: 10, batchSize: 1 });
		const bOptimizer = new Adam(b.parameters(), { lr: 0.05 });
		await train(b, XOR_X, XOR_Y, { loss: "binaryCrossEntropy", optimizer: bOptimizer, epochs: 20, batchSize: 1 });
		expectSameBits(snapshot(a), snapshot(b));
	});

	it("resetTraining(model) starts afresh: a new optimizer and the shuffle from its seed", async () => {
		const a = sequential([2, 3, 1], { seed: 7 });
		const b = sequential([2, 3, 1], { seed: 7 });
		await train(a, XOR_X, XOR_Y, { optimizer: "adam", epochs: 2 });
		resetTraining(a);
		const fresh = snapshot(a);
		b.parameters().forEach((p, i) => {
			p.value = a.parameters()[i]?.value as typeof p.value;
		});
		await train(a, XOR_X, XOR_Y, { optimizer: "adam", epochs: 3 });
		await train(b, XOR_X, XOR_Y, { optimizer: "adam", epochs: 3 });
		expectSameBits(snapshot(b), snapshot(a));
		expect(snapshot(a)).not.toEqual(fresh);
	});
});

describe("trap 7: evaluate uses the training loss", () => {
	it("after fit with crossEntropy, evaluate reports crossEntropy, not mse", async () => {
		const { x, y } = threeClasses();
		const model = sequential([2, 4, 3], { seed: 2 });
		await train(model, x, y, { loss: "crossEntropy", optimizer: "adam", epochs: 2 });
		const logs = evaluate(model, x, y);
		expect(logs.loss).toBe(evaluate(model, x, y, { loss: "crossEntropy" }).loss);
	});

	it("on a model never trained, mse against class labels is a ShapeError saying which option to pass", () => {
		const { x, y } = threeClasses();
		const e = thrown(() => evaluate(sequential([2, 4, 3], { seed: 2 }), x, y));
		expect(e).toBeInstanceOf(ShapeError);
		expect(e.message).toBe(
			'evaluate: the model\'s output is [100,3] but y is [100] (for class labels pass { loss: "crossEntropy" })',
		);
	});
});

describe("trap 8: data shapes in errors, flat x and flat y alike", () => {
	it("a flat x is one feature per sample, as a flat y is one target per sample", async () => {
		const flat = sequential([1, 1], { seed: 1 });
		const columns = sequential([1, 1], { seed: 1 });
		const options = { optimizer: "sgd", lr: 0.01, epochs: 3, batchSize: 2, shuffle: false } as const;
		const a = await train(flat, [1, 2, 3, 4], [2, 4, 6, 8], options);
		const b = await train(columns, [[1], [2], [3], [4]], [[2], [4], [6], [8]], options);
		expectSameBits([a.loss], [b.loss]);
		expect(evaluate(flat, [1, 2], [2, 4]).loss).toBe(evaluate(columns, [[1], [2]], [[2], [4]]).loss);
	});

	it("x the model does not take: the error shows x's whole shape", async () => {
		const e = await rejected(train(sequential([2, 1]), [1, 2, 3, 4], [1, 2, 3, 4]));
		expect(e).toBeInstanceOf(ShapeError);
		expect(e.message).toMatch(/^fit: x \[4,1\] does not fit the model: .*\[4, 1\]/);
	});
});

describe("trap 9: validation rows from the end of class-sorted data", () => {
	// 10 rows sorted by class: five 0s then five 1s; the last 20% are all class 1
	const x = Array.from({ length: 10 }, (_, i) => [i / 10, 1 - i / 10]);
	const sorted = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1];

	it("warns when the held-out rows hold a class the training rows lack", async () => {
		const warnings: string[] = [];
		const history = await train(sequential([2, 1], { outputActivation: "sigmoid" }), x, sorted, {
			loss: "binaryCrossEntropy",
			validationSplit: 0.2,
			onWarning: (m) => warnings.push(m),
		});
		expect(warnings).toEqual([
			"fit: the validation rows (the last rows of the data) hold class 1, which the training rows lack; the data may be sorted by class: pass shuffleBeforeSplit: true to hold out a seeded random choice of rows",
		]);
		expect(history.warnings).toEqual(warnings);
	});

	it("shuffleBeforeSplit holds out a seeded random choice: the same rows for the same seed", async () => {
		const y = x.map((_, i) => (i < 5 ? 0 : 1));
		const heldBy = async (seed: number) => {
			const model = sequential([2, 1], { outputActivation: "sigmoid" });
			const warnings: string[] = [];
			const h = await train(model, x, y, {
				loss: "binaryCrossEntropy",
				validationSplit: 0.3,
				shuffleBeforeSplit: true,
				seed,
				onWarning: (m) => warnings.push(m),
			});
			return { valLoss: h.valLoss[0], warnings };
		};
		const a = await heldBy(1);
		const b = await heldBy(1);
		expect(a.valLoss).toBe(b.valLoss);
		expect(a.warnings).toEqual([]);
		// the plain split of this data from the end holds rows 7, 8, 9: another valLoss
		const plain = await train(sequential([2, 1], { outputActivation: "sigmoid" }), x, y, {
			loss: "binaryCrossEntropy",
			validationSplit: 0.3,
			seed: 1,
		});
		expect(a.valLoss).not.toBe(plain.valLoss[0]);
	});
});

describe("typed-array rows", () => {
	it("Float32Array rows train exactly as nested arrays do", async () => {
		const rows = XOR_X.map((r) => Float32Array.from(r));
		const a = sequential([2, 2, 1], { seed: 1 });
		const b = sequential([2, 2, 1], { seed: 1 });
		const ha = await train(a, rows, Float64Array.from([0, 1, 1, 0]), { epochs: 2, lr: 0.1 });
		const hb = await train(b, XOR_X, [0, 1, 1, 0], { epochs: 2, lr: 0.1 });
		expectSameBits([ha.loss], [hb.loss]);
		expect(predict(a, [Float32Array.from([1, 0])]).toArray()).toEqual(predict(b, [[1, 0]]).toArray());
	});
});
