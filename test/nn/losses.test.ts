/**
 * Losses: exact small cases with the math in comments, gradients by backward on
 * exact cases and by gradCheck, numerical stability at saturation, shape
 * errors, and the registry.
 */
import { type Variable, variable } from "@backprop/autograd";
// `fit` is imported as `train`: Biome takes a call named fit for a focused (Jasmine) test.
import {
	binaryCrossEntropy,
	crossEntropy,
	getLoss,
	huber,
	type Loss,
	lossNames,
	mae,
	mse,
	registerLoss,
	sequential,
	fit as train,
} from "@backprop/nn";
import { type NestedArray, ShapeError, type Tensor, tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { expectClose, expectGradCheck, expectNear, gradOf, thrown } from "./helpers";

/** The loss value and d loss / d prediction for a prediction given as data. */
function lossAndGrad(loss: Loss, prediction: NestedArray, target: Tensor): { value: number; grad: Tensor } {
	const p = variable(prediction, { requiresGrad: true });
	const l = loss(p, target);
	expect(l.size).toBe(1);
	l.backward();
	return { value: l.item(), grad: gradOf(p) };
}

function allFinite(t: Tensor): boolean {
	return Array.from(t.dataSync()).every(Number.isFinite);
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe("mse", () => {
	it("of [1, 0, 0, 1] against zeros is (1 + 0 + 0 + 1) / 4 = 0.5, gradient 2(p - t)/n", () => {
		const { value, grad } = lossAndGrad(mse, [1, 0, 0, 1], tensor([0, 0, 0, 0]));
		expect(value).toBe(0.5);
		// 2 · [1, 0, 0, 1] / 4
		expect(grad.toArray()).toEqual([0.5, 0, 0, 0.5]);
	});

	it("is the mean over every element of a batch: [[1, 2], [3, 4]] vs [[0, 0], [0, 8]] -> (1 + 4 + 9 + 16) / 4 = 7.5", () => {
		const { value } = lossAndGrad(
			mse,
			[
				[1, 2],
				[3, 4],
			],
			tensor([
				[0, 0],
				[0, 8],
			]),
		);
		expect(value).toBe(7.5);
	});

	it("refuses different shapes with a ShapeError naming both", () => {
		const e = thrown(() => mse(variable([[1, 2]]), tensor([[1], [2]])));
		expect(e).toBeInstanceOf(ShapeError);
		expect(e.message).toContain("[1,2]");
		expect(e.message).toContain("[2,1]");
	});
});

describe("mae", () => {
	it("of [1, -2, 0.5, 3] against zeros is (1 + 2 + 0.5 + 3) / 4 = 1.625, gradient sign(p - t)/n", () => {
		const { value, grad } = lossAndGrad(mae, [1, -2, 0.5, 3], tensor([0, 0, 0, 0]));
		expect(value).toBe(1.625);
		expect(grad.toArray()).toEqual([0.25, -0.25, 0.25, 0.25]);
	});

	it("refuses different shapes", () => {
		expect(() => mae(variable([1, 2]), tensor([1, 2, 3]))).toThrow(ShapeError);
	});
});

describe("huber", () => {
	it("is ½d² inside |d| ≤ 1: d = [0.5, -0.25] -> (0.125 + 0.03125) / 2 = 0.078125, gradient d/n", () => {
		const { value, grad } = lossAndGrad(huber, [1.5, 0.75], tensor([1, 1]));
		expect(value).toBe(0.078125);
		expect(grad.toArray()).toEqual([0.25, -0.125]);
	});

	it("is |d| - ½ beyond |d| > 1: d = [-2, 3] -> (1.5 + 2.5) / 2 = 2, gradient sign(d)/n", () => {
		const { value, grad } = lossAndGrad(huber, [-2, 3], tensor([0, 0]));
		expect(value).toBe(2);
		expect(grad.toArray()).toEqual([-0.5, 0.5]);
	});

	it("mixes both regimes: d = [0.5, -2] -> (0.125 + 1.5) / 2 = 0.8125", () => {
		const { value, grad } = lossAndGrad(huber, [0.5, -2], tensor([0, 0]));
		expect(value).toBe(0.8125);
		// quadratic part: d/n = 0.25; linear part: -1/n = -0.5
		expect(grad.toArray()).toEqual([0.25, -0.5]);
	});

	it("takes a delta: delta 2, d = [1, 3] -> (½·1 + 2·(3 - 1)) / 2 = 2.25", () => {
		const p = variable([1, 3]);
		expect(huber(p, tensor([0, 0]), { delta: 2 }).item()).toBe(2.25);
	});

	it("agrees with mse/2 for small errors and with mae - ½ for large ones", () => {
		const small = [0.1, -0.3, 0.7];
		const big = [5, -7, 12];
		const zeros = tensor([0, 0, 0]);
		expectNear(huber(variable(small), zeros).item(), mse(variable(small), zeros).item() / 2, 1e-15);
		expectNear(huber(variable(big), zeros).item(), mae(variable(big), zeros).item() - 0.5, 1e-15);
	});

	it("refuses delta ≤ 0 and NaN with a RangeError naming delta", () => {
		for (const delta of [0, -1, Number.NaN]) {
			const e = thrown(() => huber(variable([1]), tensor([0]), { delta }));
			expect(e).toBeInstanceOf(RangeError);
			expect(e.message).toContain("delta");
			expect(e.message).toContain(String(delta));
		}
	});
});

describe("binaryCrossEntropy on probabilities", () => {
	it("of p = 1/2 for target 1 is -ln(1/2) = ln 2", () => {
		expectNear(binaryCrossEntropy(variable([0.5]), tensor([1])).item(), Math.LN2, 1e-15);
	});

	it("of p = [0.8, 0.1] for targets [1, 0] is -(ln 0.8 + ln 0.9) / 2, gradient (p - t) / (p(1-p)) / n", () => {
		const { value, grad } = lossAndGrad(binaryCrossEntropy, [0.8, 0.1], tensor([1, 0]));
		expectNear(value, -(Math.log(0.8) + Math.log(0.9)) / 2, 1e-15);
		// (0.8 - 1) / (0.8 · 0.2) / 2 = -0.625; (0.1 - 0) / (0.1 · 0.9) / 2 = 0.5555…
		expectClose(grad, [-0.625, 1 / 1.8], 1e-14);
	});

	it("takes soft targets: p = 0.25, t = 0.5 -> -(½ ln ¼ + ½ ln ¾)", () => {
		expectNear(
			binaryCrossEntropy(variable([0.25]), tensor([0.5])).item(),
			-(0.5 * Math.log(0.25) + 0.5 * Math.log(0.75)),
			1e-15,
		);
	});

	it("stays finite for saturated outputs σ(±1000) = 1, 0 with targets 0 and 1", () => {
		// σ(1000) = 1 and σ(-1000) = 0 exactly in floating point; the loss clamps p to [1e-7, 1 - 1e-7].
		const z = variable([1000, -1000, 1000, -1000], { requiresGrad: true });
		const p = z.sigmoid();
		expect(p.toArray()).toEqual([1, 0, 1, 0]);
		// right answers cost -ln(1 - 1e-7) ≈ 1e-7, wrong ones -ln(1e-7) ≈ 16.118
		const right = binaryCrossEntropy(variable([1, 0]), tensor([1, 0])).item();
		const wrong = binaryCrossEntropy(variable([1, 0]), tensor([0, 1])).item();
		expectNear(right, -Math.log(1 - 1e-7), 1e-9);
		expectNear(wrong, -Math.log(1e-7), 1e-9);
		const l = binaryCrossEntropy(p, tensor([1, 0, 0, 1]));
		expect(Number.isFinite(l.item())).toBe(true);
		expectNear(l.item(), (right * 2 + wrong * 2) / 4, 1e-9);
		l.backward();
		expect(allFinite(gradOf(z))).toBe(true);
	});

	it("refuses different shapes", () => {
		expect(() => binaryCrossEntropy(variable([[0.5]]), tensor([1]))).toThrow(ShapeError);
	});
});

describe("binaryCrossEntropy from logits", () => {
	const fromLogits: Loss = (p, t) => binaryCrossEntropy(p, t, { fromLogits: true });

	it("of z = 0 is ln 2 for either target", () => {
		expectNear(fromLogits(variable([0, 0]), tensor([0, 1])).item(), Math.LN2, 1e-15);
	});

	it("of z = ln 4 for target 1 is -ln σ(ln 4) = -ln(4/5), gradient (σ(z) - t)/n", () => {
		const { value, grad } = lossAndGrad(fromLogits, [Math.log(4), Math.log(4)], tensor([1, 0]));
		// target 0: -ln(1 - 4/5) = ln 5
		expectNear(value, (-Math.log(0.8) + Math.log(5)) / 2, 1e-15);
		// (0.8 - 1)/2 = -0.1; (0.8 - 0)/2 = 0.4
		expectClose(grad, [-0.1, 0.4], 1e-15);
	});

	it("equals the loss on sigmoid probabilities for moderate logits", () => {
		const z = [-3, -0.5, 0.2, 2.5];
		const t = tensor([0, 1, 1, 0]);
		expectNear(fromLogits(variable(z), t).item(), binaryCrossEntropy(variable(z.map(sigmoid)), t).item(), 1e-12);
	});

	it("is exact and finite for logits ±1000: right answers cost 0, wrong ones 1000", () => {
		// softplus(z) - t·z: z = 1000, t = 1 -> 1000 - 1000 = 0; z = -1000, t = 0 -> 0; wrong: 1000
		expect(fromLogits(variable([1000, -1000]), tensor([1, 0])).item()).toBe(0);
		expect(fromLogits(variable([1000, -1000]), tensor([0, 1])).item()).toBe(1000);
		const { value, grad } = lossAndGrad(fromLogits, [1000, -1000, 1000, -1000], tensor([1, 0, 0, 1]));
		expect(value).toBe(500);
		// (σ(z) - t)/4 = [0, 0, 1/4, -1/4]
		expect(grad.toArray()).toEqual([0, 0, 0.25, -0.25]);
	});

	it("is the registered binaryCrossEntropyFromLogits", () => {
		const z = variable([0.3, -1.1]);
		const t = tensor([1, 0]);
		expect(getLoss("binaryCrossEntropyFromLogits")(z, t).item()).toBe(fromLogits(z, t).item());
	});
});

describe("crossEntropy", () => {
	it("of logits [0, ln 3] for class 1 is -ln(3/4); for class 0 -ln(1/4)", () => {
		const logits = variable([
			[0, Math.log(3)],
			[0, Math.log(3)],
		]);
		// mean of -ln(3/4) and -ln(1/4) = (ln(4/3) + ln 4) / 2
		expectNear(crossEntropy(logits, tensor([1, 0])).item(), (Math.log(4 / 3) + Math.log(4)) / 2, 1e-15);
	});

	it("with integer labels equals with one-hot targets and labels [n, 1], values and gradients", () => {
		const logits = [
			[0.2, -1.3, 2.2],
			[1.1, 0.4, -0.7],
			[-2, 3, 0.5],
			[0, 0, 0],
		];
		const labels = tensor([2, 0, 1, 1]);
		const oneHot = tensor([
			[0, 0, 1],
			[1, 0, 0],
			[0, 1, 0],
			[0, 1, 0],
		]);
		const a = lossAndGrad(crossEntropy, logits, labels);
		const b = lossAndGrad(crossEntropy, logits, oneHot);
		const c = lossAndGrad(crossEntropy, logits, tensor([[2], [0], [1], [1]]));
		expect(a.value).toBe(b.value);
		expect(c.value).toBe(b.value);
		expect(Array.from(a.grad.dataSync())).toEqual(Array.from(b.grad.dataSync()));
		expect(Array.from(c.grad.dataSync())).toEqual(Array.from(b.grad.dataSync()));
		// gradient (softmax - onehot) / n, by hand for row 3: softmax of zeros is 1/3 each
		expectClose(a.grad.slice(3), [[1 / 12, (1 / 3 - 1) / 4, 1 / 12]], 1e-15);
		// value by hand: mean over rows of logSumExp(row) - row[label]
		const byHand =
			logits
				.map((row, i) => Math.log(row.reduce((s, v) => s + Math.exp(v), 0)) - row[labels.get(i)])
				.reduce((s, v) => s + v, 0) / 4;
		expectNear(a.value, byHand, 1e-14);
	});

	it("takes soft targets (probabilities per row)", () => {
		// -(½ ln(1/4) + ½ ln(3/4)) for logits [0, ln 3] and target [½, ½]
		expectNear(
			crossEntropy(variable([[0, Math.log(3)]]), tensor([[0.5, 0.5]])).item(),
			-(0.5 * Math.log(0.25) + 0.5 * Math.log(0.75)),
			1e-15,
		);
	});

	it("is stable for huge logits: [1000, 0] costs 0 for class 0 and 1000 for class 1", () => {
		// (-0 from negating a zero sum is fine)
		expect(Math.abs(crossEntropy(variable([[1000, 0]]), tensor([0])).item())).toBe(0);
		expect(crossEntropy(variable([[1000, 0]]), tensor([1])).item()).toBe(1000);
		const { grad } = lossAndGrad(
			crossEntropy,
			[
				[1000, -1000, 0],
				[-1000, 1000, 0],
			],
			tensor([1, 1]),
		);
		expect(allFinite(grad)).toBe(true);
	});

	it("refuses labels that are not class indices with a RangeError naming the label and row", () => {
		for (const label of [3, -1, 1.5]) {
			const e = thrown(() => crossEntropy(variable([[0, 0, 0]]), tensor([label])));
			expect(e).toBeInstanceOf(RangeError);
			expect(e.message).toContain(String(label));
			expect(e.message).toContain("row 0");
		}
	});

	it("refuses logits that are not [n, classes] and targets that fit neither", () => {
		expect(() => crossEntropy(variable([0, 1]), tensor([1]))).toThrow(ShapeError);
		const e = thrown(() => crossEntropy(variable([[0, 1, 2]]), tensor([[1, 0]])));
		expect(e).toBeInstanceOf(ShapeError);
		expect(e.message).toContain("[1,2]");
		expect(e.message).toContain("[1,3]");
		expect(() => crossEntropy(variable([[0, 1, 2]]), tensor([0, 1]))).toThrow(ShapeError);
	});
});

describe("every loss passes gradCheck", () => {
	const prediction = tensor([
		[0.3, -1.2, 2.05],
		[0.9, 0.15, -0.6],
	]);
	// differences prediction - target are away from 0 (the kink of mae) and from ±1 (huber's switch)
	const target = tensor([
		[0.1, 0.5, -0.4],
		[-0.8, 0.55, 1.3],
	]);
	it.each([
		["mse", mse],
		["mae", mae],
		["huber", huber as Loss],
		["huber delta 0.5", ((p, t) => huber(p, t, { delta: 0.5 })) as Loss],
		["binaryCrossEntropyFromLogits", getLoss("binaryCrossEntropyFromLogits")],
	])("%s", (_name, loss) => {
		expectGradCheck((p: Variable) => loss(p, target), [prediction]);
	});

	it("binaryCrossEntropy on probabilities inside (0, 1), with hard and soft targets", () => {
		const p = tensor([
			[0.2, 0.7],
			[0.95, 0.4],
		]);
		expectGradCheck(
			(v) =>
				binaryCrossEntropy(
					v,
					tensor([
						[0, 1],
						[1, 0],
					]),
				),
			[p],
		);
		expectGradCheck(
			(v) =>
				binaryCrossEntropy(
					v,
					tensor([
						[0.3, 0.9],
						[0.5, 0.1],
					]),
				),
			[p],
		);
	});

	it("crossEntropy with labels and one-hot targets", () => {
		expectGradCheck((v) => crossEntropy(v, tensor([2, 0])), [prediction]);
		expectGradCheck(
			(v) =>
				crossEntropy(
					v,
					tensor([
						[0.2, 0.3, 0.5],
						[1, 0, 0],
					]),
				),
			[prediction],
		);
	});
});

describe("the registry of losses", () => {
	it("knows the documented names", () => {
		expect(lossNames()).toEqual(
			expect.arrayContaining([
				"mse",
				"mae",
				"huber",
				"binaryCrossEntropy",
				"binaryCrossEntropyFromLogits",
				"crossEntropy",
			]),
		);
		const p = variable([0.25, 0.5]);
		const t = tensor([0, 1]);
		expect(getLoss("mse")(p, t).item()).toBe(mse(p, t).item());
		expect(getLoss("mae")(p, t).item()).toBe(mae(p, t).item());
		expect(getLoss("huber")(p, t).item()).toBe(huber(p, t).item());
		expect(getLoss("binaryCrossEntropy")(p, t).item()).toBe(binaryCrossEntropy(p, t).item());
	});

	it("passes a function through", () => {
		const custom: Loss = (p, t) => mse(p, t).mul(2);
		expect(getLoss(custom)).toBe(custom);
	});

	it("an unknown name throws, listing every known one", () => {
		const e = thrown(() => getLoss("hinge"));
		expect(e.message).toContain('"hinge"');
		for (const name of ["mse", "mae", "huber", "binaryCrossEntropy", "crossEntropy"]) expect(e.message).toContain(name);
		expect(() => getLoss("__proto__")).toThrow(/unknown loss/);
		expect(() => getLoss(42 as unknown as string)).toThrow(TypeError);
	});

	it("registerLoss makes a custom loss usable by name in fit", async () => {
		let calls = 0;
		registerLoss("countedMse", (p, t) => {
			calls++;
			return mse(p, t);
		});
		expect(lossNames()).toContain("countedMse");
		const model = sequential([1, 1], { seed: 1 });
		const history = await train(model, [[1], [2]], [[2], [4]], {
			loss: "countedMse",
			epochs: 2,
			batchSize: 2,
			lr: 0.01,
		});
		expect(history.loss).toHaveLength(2);
		// one check of the first row before training, then one call per batch
		expect(calls).toBe(3);
		expect(() => registerLoss("__proto__", mse)).toThrow(TypeError);
		expect(() => registerLoss("notAFunction", 3 as unknown as Loss)).toThrow(TypeError);
	});
});
