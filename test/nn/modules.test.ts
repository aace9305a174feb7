/**
 * Modules as in PyTorch: parameters found on properties with readable names,
 * train/eval mode through fit, predict and evaluate, a user's own Module with a
 * residual connection that trains and saves once registered, and the summary.
 */
import { inspect } from "node:util";
import { type Variable, variable } from "@backprop/autograd";
import {
	BatchNorm,
	Dense,
	Dropout,
	evaluate,
	type JsonObject,
	LayerNorm,
	Module,
	modelFromJSON,
	modelToJSON,
	predict,
	registerLayer,
	Sequential,
	sequential,
	fit as train,
} from "@backprop/nn";
import { Rng, tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { bits, differ, snapshot, thrown } from "./helpers";

/** y = x + W2·relu(W1·x) followed by a LayerNorm: a residual block, PyTorch-style. */
class Residual extends Module {
	readonly fc1: Dense;
	readonly fc2: Dense;
	readonly norm: LayerNorm;
	readonly scale: Variable;

	constructor(readonly width: number) {
		super();
		this.fc1 = new Dense(width, width, { activation: "relu", rng: new Rng(width) });
		this.fc2 = new Dense(width, width, { rng: new Rng(width + 1) });
		this.norm = new LayerNorm(width);
		this.scale = variable(tensor([1]), { requiresGrad: true });
	}

	forward(x: Variable): Variable {
		return this.norm.forward(x.add(this.fc2.forward(this.fc1.forward(x)).mul(this.scale)));
	}

	override getConfig(): JsonObject {
		return { width: this.width };
	}
}
registerLayer("Residual", Residual, (config) => new Residual(config.width as number));

const x = Array.from({ length: 24 }, (_, i) => [Math.sin(i), Math.cos(i), (i % 5) / 5]);
const y = x.map(([a, b]) => [a * b]);

describe("named parameters", () => {
	it("a Sequential names layers by kind and count, parameters by layer and property", () => {
		const model = new Sequential([
			new Dense(3, 4),
			new BatchNorm(4),
			new Dropout(0.1),
			new Residual(4),
			new Dense(4, 1),
		]);
		expect(model.namedParameters().map(([n]) => n)).toEqual([
			"dense_1.weight",
			"dense_1.bias",
			"batch_norm_1.weight",
			"batch_norm_1.bias",
			"residual_1.scale",
			"residual_1.fc1.weight",
			"residual_1.fc1.bias",
			"residual_1.fc2.weight",
			"residual_1.fc2.bias",
			"residual_1.norm.weight",
			"residual_1.norm.bias",
			"dense_2.weight",
			"dense_2.bias",
		]);
		expect(model.parameters()).toEqual(model.namedParameters().map(([, p]) => p));
		expect(model.namedBuffers().map(([n]) => n)).toEqual(["batch_norm_1.runningMean", "batch_norm_1.runningVar"]);
		expect(model.namedGenerators().map(([n]) => n)).toEqual(["dropout_1.rng"]);
		expect(model.layerNames).toEqual(["dense_1", "batch_norm_1", "dropout_1", "residual_1", "dense_2"]);
	});

	it("train() and eval() reach every sub-module", () => {
		const block = new Residual(2);
		const model = new Sequential([block]);
		model.eval();
		expect([model.training, block.training, block.fc1.training, block.norm.training]).toEqual([
			false,
			false,
			false,
			false,
		]);
		model.train();
		expect(block.norm.training).toBe(true);
	});
});

describe("modes in fit, predict and evaluate", () => {
	it("fit trains in training mode and restores each module's mode; predict and evaluate use evaluation mode", async () => {
		const seen: boolean[] = [];
		class Spy extends Module {
			forward(v: Variable): Variable {
				seen.push(this.training);
				return v;
			}
		}
		const spy = new Spy();
		const model = new Sequential([new Dense(3, 1), spy]);
		model.eval();
		spy.train(); // a mixed tree: only the spy in training mode
		await train(model, x, y, { epochs: 1, batchSize: 8, shuffle: false });
		// every step (3 batches) ran in training mode; the probes before them in evaluation mode
		expect(seen.slice(-3)).toEqual([true, true, true]);
		expect(seen.slice(0, -3).every((m) => m === false)).toBe(true);
		expect([model.training, spy.training]).toEqual([false, true]);
		seen.length = 0;
		predict(model, x);
		evaluate(model, x, y);
		// predict: one forward; evaluate: a probe and the evaluation
		expect(seen).toEqual([false, false, false]);
		expect(spy.training).toBe(true);
	});
});

describe("a user's own Module", () => {
	it("trains with fit (residual connection and all) and saves once registered", async () => {
		const model = new Sequential([
			new Dense(3, 4, { rng: new Rng(1) }),
			new Residual(4),
			new Dense(4, 1, { rng: new Rng(2) }),
		]);
		const before = snapshot(model);
		const history = await train(model, x, y, { epochs: 30, batchSize: 8, optimizer: "adam", lr: 0.01 });
		expect(differ(snapshot(model), before)).toBe(true);
		expect(history.loss.at(-1)).toBeLessThan(history.loss[0]);
		const doc = JSON.parse(JSON.stringify(modelToJSON(model)));
		expect(doc.layers[1].type).toBe("Residual");
		expect(doc.layers[1].config).toEqual({ width: 4 });
		expect(Object.keys(doc.layers[1].parameters)).toEqual([
			"scale",
			"fc1.weight",
			"fc1.bias",
			"fc2.weight",
			"fc2.bias",
			"norm.weight",
			"norm.bias",
		]);
		const loaded = modelFromJSON(doc);
		expect(loaded.layers[1]).toBeInstanceOf(Residual);
		expect(bits(predict(loaded, x).dataSync())).toEqual(bits(predict(model, x).dataSync()));
	});

	it("a model that is a custom module itself is saved as a Sequential holding it", () => {
		const block = new Residual(3);
		const loaded = modelFromJSON(modelToJSON(block));
		expect(loaded.layers[0]).toBeInstanceOf(Residual);
		expect(bits(predict(loaded, x).dataSync())).toEqual(bits(predict(block, x).dataSync()));
	});

	it("an unregistered module is refused by name, saying how to fix it", () => {
		class Mine extends Module {
			forward(v: Variable): Variable {
				return v;
			}
		}
		expect(thrown(() => modelToJSON(new Sequential([new Dense(1, 1), new Mine()]))).message).toBe(
			"modelToJSON: layer 'mine_1' (Mine) is not a registered layer; call registerLayer('Mine', Mine) so a saved model can name it",
		);
		expect(() => registerLayer("dense", Mine as never)).toThrow(/built in/);
	});
});

describe("summary", () => {
	it("is Keras's table, from the last input's shape or a given one, and what util.inspect and toString show", () => {
		const model = sequential([3, 4, 2], { seed: 1 });
		const expected = [
			'Model: "sequential" (Sequential)',
			"─".repeat(40),
			"Layer (type)      Output Shape   Param #",
			"═".repeat(40),
			"dense_1 (Dense)   (None, 4)           16",
			"dense_2 (Dense)   (None, 2)           10",
			"─".repeat(40),
			"Total params: 26",
			"Trainable params: 26",
			"Non-trainable params: 0",
		].join("\n");
		expect(model.summary()).toBe(expected);
		expect(String(model)).toBe(expected);
		expect(inspect(model)).toBe(expected);
	});

	it("counts buffers as non-trainable and shows ? without an input shape", () => {
		const model = new Sequential([new BatchNorm(3), new Residual(3)]);
		const text = model.summary();
		expect(text).toContain("batch_norm_1 (BatchNorm)   ?");
		expect(text).toContain("Total params: 43");
		expect(text).toContain("Trainable params: 37");
		expect(text).toContain("Non-trainable params: 6");
		expect(model.summary([3])).toContain("residual_1 (Residual)      (None, 3)");
	});
});
