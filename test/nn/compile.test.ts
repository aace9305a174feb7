/**
 * compile and fit's compiled path: the tutorial's training gives the eager
 * weights bit for bit, what cannot compile runs eagerly and says why, a page that
 * refuses `new Function` still trains, and weights and optimizer state move between
 * the two paths.
 */
import { variable } from "@backprop/autograd";
import { genderDataset } from "@backprop/data";
import {
	Adam,
	compile,
	Dense,
	getLoss,
	type ModuleLike,
	type Optimizer,
	Sequential,
	SGD,
	sequential,
	fit as train,
} from "@backprop/nn";
import { tensor } from "@backprop/tensor";
// `fit` is imported as `train`: Biome takes a call named fit for a focused (Jasmine) test.
import { afterEach, describe, expect, it, vi } from "vitest";
import { TRAINING_DEFAULTS, trainGender } from "../../examples/gender/index";
import { expectSameBits, snapshot } from "./helpers";

// The tutorial's training, eagerly: per-sample SGD in the table's order, MSE, lr 0.1.
function eagerTutorial(epochs: number): Sequential {
	const { x, y } = genderDataset();
	const model = sequential([2, 2, 1], {
		activation: "sigmoid",
		outputActivation: "sigmoid",
		init: TRAINING_DEFAULTS.init,
		seed: TRAINING_DEFAULTS.seed,
	});
	const optimizer = new SGD(model.parameters(), { lr: TRAINING_DEFAULTS.lr });
	const mse = getLoss("mse");
	const xs = tensor(x);
	const ys = tensor(y);
	for (let e = 0; e < epochs; e++) {
		for (let i = 0; i < 4; i++) {
			const loss = mse(model.forward(variable(xs.slice(i, i + 1))), ys.slice(i, i + 1));
			optimizer.zeroGrad();
			loss.backward();
			optimizer.step();
		}
	}
	return model;
}

function eagerSteps(model: ModuleLike, optimizer: Optimizer, x: number[][], y: number[][], steps: number): void {
	for (let s = 0; s < steps; s++) {
		const loss = getLoss("mse")(model.forward(variable(tensor(x))), tensor(y));
		optimizer.zeroGrad();
		loss.backward();
		optimizer.step();
	}
}

const X = [
	[0.5, -1],
	[2, 0.25],
	[-1.5, 1],
];
const Y = [[1], [0], [0.5]];

describe("compile: the tutorial's training", () => {
	it("4000 updates of the gender example (fit, compiled) give the eager loop's weights bit for bit", async () => {
		const messages: string[] = [];
		const { model } = await trainGender({ epochs: 1000 });
		const eager = eagerTutorial(1000);
		// Bit for bit implies the 1e-12 relative bound; both are asserted.
		expectSameBits(snapshot(model), snapshot(eager));
		const ours = snapshot(model);
		const theirs = snapshot(eager);
		for (let i = 0; i < ours.length; i++) {
			for (let j = 0; j < (ours[i] as Float64Array).length; j++) {
				const e = (theirs[i] as Float64Array)[j];
				expect(Math.abs((ours[i] as Float64Array)[j] - e)).toBeLessThanOrEqual(1e-12 * Math.abs(e));
			}
		}
		// And fit said it ran compiled.
		const { x, y } = genderDataset();
		const again = sequential([2, 2, 1], { activation: "sigmoid" });
		await train(again, x, y, { loss: "mse", lr: 0.1, batchSize: 1, shuffle: false, debug: (m) => messages.push(m) });
		expect(messages).toEqual(["fit: compiled steps"]);
	});

	it("fit with shuffling, batches of 3 over 10 rows and Adam: compiled and eager fits agree bit for bit", async () => {
		const x = Array.from({ length: 10 }, (_, i) => [Math.sin(i), Math.cos(3 * i)]);
		const y = x.map(([a, b]) => [a * b > 0 ? 1 : 0]);
		const run = async (compiled: boolean) => {
			const model = sequential([2, 4, 1], { activation: "tanh", outputActivation: "sigmoid", seed: 3 });
			const history = await train(model, x, y, {
				optimizer: new Adam(model.parameters(), { lr: 0.01 }),
				epochs: 7,
				batchSize: 3,
				seed: 5,
				metrics: ["binaryAccuracy"],
				compile: compiled,
			});
			return { model, history };
		};
		const a = await run(true);
		const b = await run(false);
		expectSameBits(snapshot(a.model), snapshot(b.model));
		expect(a.history).toEqual(b.history);
	});
	it("a mid-size stack (products big enough for the active backend's own matmul kernel) agrees bit for bit", async () => {
		// [64, 40] x [40, 32] is 81 920 multiply-adds: the wasm backend runs it in WebAssembly
		// (float64, the js kernel's summation order), the compiled code calls that same kernel.
		const x = Array.from({ length: 64 }, (_, i) => Array.from({ length: 40 }, (_, j) => Math.sin(i * 40 + j)));
		const y = x.map((row) => [row[0] * row[1], Math.cos(row[2] ?? 0)]);
		const messages: string[] = [];
		const run = async (compiled: boolean) => {
			const model = sequential([40, 32, 24, 2], { activation: "tanh", outputActivation: "linear", seed: 21 });
			const history = await train(model, x, y, {
				optimizer: "adam",
				lr: 0.01,
				epochs: 3,
				batchSize: 32,
				seed: 2,
				compile: compiled,
				debug: (m: string) => messages.push(m),
			});
			return { model, history };
		};
		const a = await run(true);
		const b = await run(false);
		expect(messages).toEqual(["fit: compiled steps", "fit: eager steps (compile: false)"]);
		expectSameBits(snapshot(a.model), snapshot(b.model));
		expect(a.history).toEqual(b.history);
	});

	it("fit with nothing observing between epochs (whole epochs per call) agrees bit for bit, history too", async () => {
		const x = Array.from({ length: 11 }, (_, i) => [Math.cos(i), Math.sin(5 * i)]);
		const y = x.map(([a, b]) => [a - b]);
		const run = async (compiled: boolean) => {
			const model = sequential([2, 6, 1], { activation: "leakyRelu", outputActivation: "linear", seed: 12 });
			const optimizer = new SGD(model.parameters(), { lr: 0.05, momentum: 0.9, nesterov: true });
			const history = await train(model, x, y, { optimizer, epochs: 40, batchSize: 4, seed: 2, compile: compiled });
			return { model, history };
		};
		const a = await run(true);
		const b = await run(false);
		expect(a.history.loss).toHaveLength(40);
		expectSameBits(snapshot(a.model), snapshot(b.model));
		expect(a.history).toEqual(b.history);
	});

	it("fit as the command line runs it (integer labels, crossEntropy, validationSplit, accuracy, rmsprop by name) compiles and agrees bit for bit", async () => {
		const x = Array.from({ length: 12 }, (_, i) => [Math.sin(i), Math.cos(2 * i), i / 12]);
		const y = x.map(([a, b]) => (a > 0 ? 1 : 0) + (b > 0.5 ? 1 : 0));
		const messages: string[] = [];
		const run = async (compiled: boolean) => {
			const model = sequential([3, 5, 3], { activation: "relu", outputActivation: "linear", seed: 8 });
			const history = await train(model, x, y, {
				loss: "crossEntropy",
				optimizer: "rmsprop",
				lr: 0.02,
				epochs: 6,
				batchSize: 4,
				validationSplit: 0.25,
				metrics: ["accuracy"],
				compile: compiled,
				debug: (m) => messages.push(m),
			});
			return { model, history };
		};
		const a = await run(true);
		const b = await run(false);
		expect(messages).toEqual(["fit: compiled steps", "fit: eager steps (compile: false)"]);
		expectSameBits(snapshot(a.model), snapshot(b.model));
		expect(a.history).toEqual(b.history);
	});
});

describe("compile: what runs eagerly, and why", () => {
	const cases: Array<[string, () => { model: ModuleLike; loss?: string | ((p: never, t: never) => never) }, string]> = [
		[
			"a user's module",
			() => ({ model: { forward: (x) => x, parameters: () => [] } as ModuleLike }),
			"the model is not a Sequential (a user's module runs eagerly)",
		],
		[
			"softmax",
			() => ({ model: new Sequential([new Dense(2, 2, { activation: "softmax" })]) }),
			"layer 0: activation 'softmax' has no compiled form (softmax and { apply } activations run eagerly)",
		],
		[
			"a float32 model",
			() => ({ model: new Sequential([new Dense(2, 1, { dtype: "float32" })]) }),
			"layer 0 is float32; compile emits float64 code only",
		],
		[
			"huber",
			() => ({ model: new Sequential([new Dense(2, 1)]), loss: "huber" }),
			"loss 'huber' has no compiled form (mse, mae and crossEntropy have)",
		],
	];
	for (const [what, make, reason] of cases) {
		it(`${what}: compiled false, reason and explain() say why`, () => {
			const { model, loss } = make();
			const step = compile(model, { loss: (loss ?? "mse") as string, optimizer: "sgd", lr: 0.1 });
			expect(step.compiled).toBe(false);
			expect(step.reason).toBe(reason);
			expect(step.explain()).toBe(`eager: ${reason}`);
		});
	}

	it("Adam with amsgrad and gradient clipping run eagerly, and say so", () => {
		const model = new Sequential([new Dense(2, 1)]);
		const amsgrad = compile(model, { optimizer: new Adam(model.parameters(), { amsgrad: true }) });
		expect(amsgrad.reason).toBe("Adam with amsgrad has no compiled form");
		const clipped = compile(model, { optimizer: new SGD(model.parameters(), { lr: 0.1, clipNorm: 1 }) });
		expect(clipped.reason).toBe("SGD: gradient clipping (clipNorm, clipValue) has no compiled form");
	});

	it("the eager fallback trains exactly as the eager loop", () => {
		const make = () => new Sequential([new Dense(2, 1, { activation: "softmax" })]);
		const a = make();
		const b = make();
		const step = compile(a, { optimizer: new SGD(a.parameters(), { lr: 0.1 }) });
		expect(step.compiled).toBe(false);
		for (let s = 0; s < 3; s++) step.step(X, Y);
		eagerSteps(b, new SGD(b.parameters(), { lr: 0.1 }), X, Y, 3);
		expectSameBits(snapshot(a), snapshot(b));
	});

	it("explain() of a compiled step names the layers, loss and optimizer; debug adds the source", () => {
		const model = sequential([2, 3, 1], { activation: "relu" });
		const step = compile(model, { optimizer: "sgd", lr: 0.1, batchSize: 3, debug: true });
		const text = step.explain();
		expect(text.split("\n")[0]).toBe("compiled: Dense(2→3, relu), Dense(3→1, linear); loss mse; sgd");
		expect(text).toContain("// step, 3 rows");
		expect(text).toContain("function step(X, Y, order, start, lr) {");
		expect(text).toContain("function run(X, Y, order, start, end, lr, sum) {");
	});
});

describe("compile where new Function is refused (a strict Content-Security-Policy)", () => {
	afterEach(() => {
		vi.unstubAllGlobals();
	});

	it("falls back to the eager path with no error, and fit still trains to the eager weights", async () => {
		// What a browser does under `script-src` without 'unsafe-eval': new Function throws an EvalError.
		vi.stubGlobal("Function", function refused() {
			throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not allowed");
		});
		// Sizes no other test compiles, so no cached factory exists for them.
		const make = () => sequential([2, 7, 1], { activation: "sigmoid", seed: 11 });
		const model = make();
		const step = compile(model, { optimizer: "sgd", lr: 0.1, batchSize: 3 });
		expect(step.compiled).toBe(false);
		expect(step.reason).toBe(
			"code generation is refused here (EvalError: Refused to evaluate a string as JavaScript because 'unsafe-eval' is not allowed)",
		);
		const messages: string[] = [];
		const fitted = make();
		await train(fitted, X, Y, { lr: 0.1, epochs: 5, batchSize: 3, debug: (m) => messages.push(m) });
		expect(messages).toEqual([
			"fit: eager steps (code generation is refused here (EvalError: Refused to evaluate a string as JavaScript because 'unsafe-eval' is not allowed))",
		]);
		vi.unstubAllGlobals();
		const reference = make();
		await train(reference, X, Y, { lr: 0.1, epochs: 5, batchSize: 3, compile: false });
		expectSameBits(snapshot(fitted), snapshot(reference));
	});
});

describe("compile: weights and optimizer state", () => {
	it("sync() writes the weights into the Variables; predict() sees them before that", () => {
		const model = sequential([2, 3, 1], { activation: "tanh", seed: 2 });
		const before = snapshot(model);
		const step = compile(model, { optimizer: "sgd", lr: 0.1, batchSize: 3 });
		step.step(X, Y);
		expectSameBits(snapshot(model), before); // not yet written back
		const compiledPrediction = step.predict(X).dataSync();
		step.sync();
		expectSameBits([model.forward(variable(tensor(X))).value.dataSync()], [compiledPrediction]);
		const reference = sequential([2, 3, 1], { activation: "tanh", seed: 2 });
		eagerSteps(reference, new SGD(reference.parameters(), { lr: 0.1 }), X, Y, 1);
		expectSameBits(snapshot(model), snapshot(reference));
	});

	it("Adam: compiled steps, then eager steps, then compiled again equal eager steps throughout", () => {
		const a = sequential([2, 3, 1], { activation: "sigmoid", seed: 4 });
		const b = sequential([2, 3, 1], { activation: "sigmoid", seed: 4 });
		const optA = new Adam(a.parameters(), { lr: 0.05, weightDecay: 0.01 });
		const step = compile(a, { optimizer: optA, batchSize: 3 });
		for (let s = 0; s < 4; s++) step.step(X, Y);
		step.sync();
		eagerSteps(a, optA, X, Y, 3); // the optimizer continues from the compiled state
		for (let s = 0; s < 2; s++) step.step(X, Y); // the compiled step reloads the eager weights and state
		step.sync();
		eagerSteps(b, new Adam(b.parameters(), { lr: 0.05, weightDecay: 0.01 }), X, Y, 9);
		expectSameBits(snapshot(a), snapshot(b));
	});

	it("a non-finite loss in fit: same error and same kept weights as the eager fit", async () => {
		const run = async (compiled: boolean) => {
			const model = sequential([2, 3, 1], { activation: "relu", seed: 1 });
			const error = await train(model, X, [[1e200], [-1e200], [1e200]], {
				lr: 1e10,
				epochs: 20,
				batchSize: 1,
				shuffle: false,
				compile: compiled,
			}).then(
				() => null,
				(e: Error) => e.message,
			);
			return { error, weights: snapshot(model) };
		};
		const compiled = await run(true);
		const eager = await run(false);
		expect(compiled.error).toMatch(/^fit: the (loss|weights) became/);
		expect(compiled.error).toBe(eager.error);
		expectSameBits(compiled.weights, eager.weights);
	});
});
