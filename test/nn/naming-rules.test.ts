/**
 * Names in saved models must always mean the same function: built-ins cannot be
 * replaced, and a layer whose activation merely shares a registered name cannot be
 * saved under it. And an optimizer must be bound to the model it trains.
 */
import {
	Dense,
	modelFromJSON,
	modelToJSON,
	registerActivation,
	registerInitializer,
	registerLoss,
	Sequential,
	SGD,
	sequential,
	fit as train,
} from "@backprop/nn";
import { full } from "@backprop/tensor";
import { describe, expect, it } from "vitest";

describe("built-in names cannot be replaced", () => {
	it("registerActivation('sigmoid') throws and sigmoid still works", () => {
		expect(() => registerActivation({ name: "sigmoid", apply: (x) => x })).toThrow(
			/"sigmoid" is built in and cannot be replaced/,
		);
		const layer = new Dense(1, 1, { activation: "sigmoid", weights: [[1]], bias: [0] });
		// sigmoid(0) = 0.5: the registered function is untouched
		expect(modelFromJSON(modelToJSON(new Sequential([layer]))).layers.length).toBe(1);
	});

	it("registerLoss('mse') and registerInitializer('zeros') throw", () => {
		expect(() => registerLoss("mse", (p) => p.sum())).toThrow(/"mse" is built in/);
		expect(() => registerInitializer("zeros", (s) => full(s, 1))).toThrow(/"zeros" is built in/);
	});
});

describe("saving activations by name", () => {
	it("refuses an unregistered activation that only shares a registered name", () => {
		registerActivation({ name: "halve", f: (x) => x / 2, df: () => 0.5 });
		const impostor = new Dense(1, 1, { activation: { name: "halve", f: (x) => x / 3, df: () => 1 / 3 } });
		expect(() => modelToJSON(new Sequential([impostor]))).toThrow(
			/activation 'halve' is not the function registered under that name/,
		);
	});

	it("saves the registered object itself, passed by object or by name", () => {
		const third = { name: "third", f: (x: number) => x / 3, df: () => 1 / 3 };
		registerActivation(third);
		const byObject = new Dense(1, 1, { activation: third, weights: [[3]], bias: [0] });
		const byName = new Dense(1, 1, { activation: "third", weights: [[3]], bias: [0] });
		for (const layer of [byObject, byName]) {
			const json = modelToJSON(new Sequential([layer]));
			expect(json.layers[0]?.config.activation).toBe("third");
		}
	});
});

describe("fit with an optimizer of another model", () => {
	it("rejects before any step and leaves both models as they were", async () => {
		const model = sequential([2, 1], { seed: 1 });
		const other = sequential([2, 1], { seed: 2 });
		const before = model.parameters().map((p) => p.value.toArray());
		await expect(train(model, [[1, 2]], [1], { optimizer: new SGD(other.parameters(), { lr: 0.1 }) })).rejects.toThrow(
			/optimizer is not bound to this model's parameters/,
		);
		expect(model.parameters().map((p) => p.value.toArray())).toEqual(before);
	});
});
