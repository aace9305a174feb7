/**
 * The toolbox callbacks: early stopping, learning-rate schedules, reducing the
 * rate on a plateau and checkpoints, against Keras's and PyTorch's documented
 * rules — driven with known logs, then inside fit.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
	type Callbacks,
	cosineDecay,
	earlyStopping,
	exponentialDecay,
	learningRateSchedule,
	loadModel,
	modelCheckpoint,
	reduceLROnPlateau,
	SGD,
	sequential,
	stepDecay,
	type TrainingContext,
	fit as train,
} from "@backprop/nn";
import { describe, expect, it } from "vitest";
import { expectSameBits, rejected, snapshot, thrown, withTempDir } from "./helpers";

const X8 = [
	[0.1, 0.2],
	[0.5, -0.3],
	[-0.7, 0.9],
	[1.2, 0.4],
	[-0.2, -0.8],
	[0.9, 0.05],
	[-1.1, 0.6],
	[0.3, 1.5],
];
const Y8 = X8.map(([a, b]) => [a - 2 * b + 0.5]);

function context(hasValidation = false): TrainingContext {
	const model = sequential([2, 1], { seed: 1 });
	return { model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), epochs: 100, hasValidation };
}

/** Feeds `values` of `key` as epoch logs; returns the epoch after which the callback asked to stop, or -1. */
async function drive(callback: Callbacks, key: string, values: number[], ctx = context()): Promise<number> {
	await callback.onTrainBegin?.(ctx);
	for (let epoch = 0; epoch < values.length; epoch++) {
		await callback.onEpochBegin?.(epoch, ctx);
		if ((await callback.onEpochEnd?.(epoch, { [key]: values[epoch] }, ctx)) === false) return epoch;
	}
	return -1;
}

describe("earlyStopping (Keras's rule)", () => {
	it("patience 2: stops after the second epoch in a row without improvement", async () => {
		// best 1, then 0.5; 0.6 and 0.55 do not beat 0.5: wait 1, 2 -> stop after epoch 3
		const es = earlyStopping({ patience: 2 });
		expect(await drive(es, "loss", [1, 0.5, 0.6, 0.55, 0.4])).toBe(3);
		expect(es.state).toEqual({ best: 0.5, bestEpoch: 1, stoppedEpoch: 3 });
	});

	it("patience 0 stops at the first epoch that does not improve, never after the first epoch", async () => {
		expect(await drive(earlyStopping(), "loss", [1, 0.9, 0.9])).toBe(2);
		expect(await drive(earlyStopping(), "loss", [1])).toBe(-1);
	});

	it("minDelta: an improvement must beat the best by more than minDelta", async () => {
		// 0.95 + 0.1 is not below 1: no improvement, stop after epoch 1
		expect(await drive(earlyStopping({ minDelta: 0.1 }), "loss", [1, 0.95])).toBe(1);
		expect(await drive(earlyStopping({ minDelta: 0.1 }), "loss", [1, 0.85, 0.7])).toBe(-1);
	});

	it("accuracies are maximized (mode auto), and mode can be given", async () => {
		expect(await drive(earlyStopping({ monitor: "accuracy" }), "accuracy", [0.5, 0.7, 0.6])).toBe(2);
		expect(await drive(earlyStopping({ monitor: "score", mode: "max" }), "score", [1, 2, 3])).toBe(-1);
	});

	it("monitors valLoss by default when there is validation data", async () => {
		expect(await drive(earlyStopping(), "valLoss", [1, 2], context(true))).toBe(1);
	});

	it("in fit: stops, reports the stop, and restoreBestWeights puts back the best epoch's weights", async () => {
		const model = sequential([2, 3, 1], { seed: 3 });
		const after: Float64Array[][] = [];
		const es = earlyStopping({ minDelta: 1e6, restoreBestWeights: true });
		const history = await train(model, X8, Y8, {
			optimizer: "sgd",
			lr: 0.05,
			epochs: 10,
			callbacks: [{ onEpochEnd: () => void after.push(snapshot(model)) }, es],
		});
		// epoch 0 improves on Infinity; epoch 1 cannot beat it by 1e6: stop after two epochs
		expect(history.epochs).toBe(2);
		expect(history.stopReason).toBe("callback");
		expectSameBits(snapshot(model), after[0] as Float64Array[]);
	});

	it("names a monitor missing from the logs, and refuses a bad patience", async () => {
		const e = await rejected(
			train(sequential([2, 1]), X8, Y8, { callbacks: earlyStopping({ monitor: "valAccuracy" }) }),
		);
		expect(e.message).toBe(
			'earlyStopping: monitor "valAccuracy" is not in the epoch\'s logs (logged: loss); valLoss needs validationSplit or validationData',
		);
		expect(thrown(() => earlyStopping({ patience: -1 }))).toBeInstanceOf(RangeError);
		expect(thrown(() => earlyStopping({ minDelta: -1 }))).toBeInstanceOf(RangeError);
	});
});

describe("learning-rate schedules", () => {
	it("stepDecay: lr·factor^⌊epoch/every⌋ (PyTorch's StepLR)", () => {
		const s = stepDecay({ every: 2, factor: 0.5 });
		expect([0, 1, 2, 3, 4, 5].map((e) => s.at(e, 0.1))).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
	});

	it("exponentialDecay: lr·rate^(epoch/decayEpochs), or floored with staircase", () => {
		const smooth = exponentialDecay({ rate: 0.5, decayEpochs: 2 });
		expect([0, 1, 2, 4].map((e) => smooth.at(e, 1))).toEqual([1, Math.SQRT1_2, 0.5, 0.25]);
		const stairs = exponentialDecay({ rate: 0.5, decayEpochs: 2, staircase: true });
		expect([0, 1, 2, 3].map((e) => stairs.at(e, 1))).toEqual([1, 1, 0.5, 0.5]);
	});

	it("cosineDecay: linear warmup to the peak, then half a cosine down to minLr", () => {
		const s = cosineDecay({ epochs: 6, warmupEpochs: 2, minLr: 0.1 });
		// warmup: 1·1/2, 1·2/2; then p = 0, 1/4, 2/4, 3/4: 0.1 + 0.9·(1 + cos πp)/2
		const expected = [
			0.5,
			1,
			1,
			0.1 + 0.45 * (1 + Math.cos(Math.PI / 4)),
			0.55,
			0.1 + 0.45 * (1 + Math.cos((3 * Math.PI) / 4)),
		];
		expect([0, 1, 2, 3, 4, 5].map((e) => s.at(e, 1))).toEqual(expected);
		// after the schedule it stays at minLr
		expect(s.at(9, 1)).toBeCloseTo(0.1, 15);
	});

	it("in fit: each epoch runs at the scheduled rate (history.lr), from the optimizer's starting rate", async () => {
		const model = sequential([2, 1], { seed: 1 });
		const history = await train(model, X8, Y8, {
			optimizer: new SGD(model.parameters(), { lr: 0.08 }),
			epochs: 5,
			callbacks: stepDecay({ every: 2, factor: 0.5 }),
		});
		expect(history.lr).toEqual([0.08, 0.08, 0.04, 0.04, 0.02]);
	});

	it("a scheduled epoch trains exactly as a plain epoch at that rate", async () => {
		const scheduled = sequential([2, 1], { seed: 1 });
		const plain = sequential([2, 1], { seed: 1 });
		const options = { batchSize: 4, shuffle: false } as const;
		await train(scheduled, X8, Y8, {
			...options,
			optimizer: new SGD(scheduled.parameters(), { lr: 0.1 }),
			epochs: 2,
			callbacks: learningRateSchedule((epoch, lr) => (epoch === 0 ? lr : lr / 4)),
		});
		const sgd = new SGD(plain.parameters(), { lr: 0.1 });
		await train(plain, X8, Y8, { ...options, optimizer: sgd });
		sgd.lr = 0.025;
		await train(plain, X8, Y8, { ...options, optimizer: sgd });
		expectSameBits(snapshot(scheduled), snapshot(plain));
	});

	it("refuses bad options with a RangeError naming them", () => {
		expect(thrown(() => stepDecay({ every: 0 })).message).toBe("stepDecay: every must be a positive integer, got 0");
		expect(thrown(() => exponentialDecay({ rate: -1 })).message).toBe(
			"exponentialDecay: rate must be positive, got -1",
		);
		expect(thrown(() => cosineDecay({ epochs: 5, warmupEpochs: 5 })).message).toBe(
			"cosineDecay: warmupEpochs must be an integer in [0, 5), got 5",
		);
	});
});

describe("reduceLROnPlateau (Keras's rule)", () => {
	it("multiplies lr by factor after patience epochs without improvement, then cools down", async () => {
		const ctx = context();
		const cb = reduceLROnPlateau({ factor: 0.5, patience: 2, cooldown: 1, minDelta: 0 });
		const rates: number[] = [];
		await cb.onTrainBegin?.(ctx);
		// best 1 at epoch 0; epochs 1, 2 no better: wait 2 -> lr 0.05, cooldown 1, wait 0;
		// epoch 3 ends the cooldown (counter 1 -> 0, wait 0) and, out of it, counts: wait 1;
		// epoch 4: wait 2 -> lr 0.025, cooldown 1; epoch 5 likewise wait 1; epoch 6 improves
		const losses = [1, 1, 1, 1, 1, 1, 0.5];
		for (let epoch = 0; epoch < losses.length; epoch++) {
			await cb.onEpochEnd?.(epoch, { loss: losses[epoch] }, ctx);
			rates.push(ctx.optimizer.lr);
		}
		expect(rates).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.025]);
	});

	it("never goes below minLr", async () => {
		const ctx = context();
		const cb = reduceLROnPlateau({ factor: 0.1, patience: 1, minLr: 0.02 });
		await drive(cb, "loss", [1, 1, 1, 1], ctx);
		expect(ctx.optimizer.lr).toBe(0.02);
	});
});

describe("modelCheckpoint", () => {
	it("saves after every epoch, {epoch} in the path numbering the files", async () => {
		await withTempDir(async (dir) => {
			const model = sequential([2, 1], { seed: 1 });
			await train(model, X8, Y8, { epochs: 3, callbacks: modelCheckpoint(join(dir, "model-{epoch}.json")) });
			expect([1, 2, 3].map((e) => existsSync(join(dir, `model-${e}.json`)))).toEqual([true, true, true]);
			const last = await loadModel(join(dir, "model-3.json"));
			expectSameBits(snapshot(last), snapshot(model));
		});
	});

	it("saveBestOnly saves only after an epoch that improves the monitor", async () => {
		await withTempDir(async (dir) => {
			const cb = modelCheckpoint(join(dir, "best-{epoch}.json"), { saveBestOnly: true });
			await drive(cb, "loss", [1, 2, 0.5, 0.7]);
			expect([1, 2, 3, 4].map((e) => existsSync(join(dir, `best-${e}.json`)))).toEqual([true, false, true, false]);
		});
	});
});

describe("verbose: 1", () => {
	it("prints one line per epoch through console.log, as Keras's verbose=2 does", async () => {
		const lines: string[] = [];
		const original = console.log;
		console.log = (line: string) => void lines.push(line);
		try {
			const history = await train(sequential([2, 1], { seed: 1 }), X8, Y8, {
				epochs: 2,
				verbose: 1,
				validationData: [X8.slice(0, 2), Y8.slice(0, 2)],
			});
			const f = (v: number) => v.toFixed(4);
			expect(lines).toEqual([
				`Epoch 1/2 - loss: ${f(history.loss[0])} - valLoss: ${f(history.valLoss[0])}`,
				`Epoch 2/2 - loss: ${f(history.loss[1])} - valLoss: ${f(history.valLoss[1])}`,
			]);
		} finally {
			console.log = original;
		}
	});
});
