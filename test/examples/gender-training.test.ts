/**
 * Step 5 and 6 of the gender example: the tutorial's training, as the example
 * runs it, classifies everyone correctly from any seed.
 */
import { GENDER_EXAMPLES, GENDER_TRAINING, genderDataset } from "@backprop/data";
import { evaluate } from "@backprop/nn";
import { describe, expect, it } from "vitest";
import { predictPeople, TRAINING_DEFAULTS, trainGender } from "../../examples/gender/index";

describe("training the tutorial's network", () => {
	const seeds = Array.from({ length: 20 }, (_, i) => i);

	it.each(seeds)("seed %i: all six people right and final MSE below 0.01", async (seed) => {
		const result = await trainGender({ seed });
		expect(result.losses).toHaveLength(TRAINING_DEFAULTS.epochs);
		expect(result.history.epochs).toBe(TRAINING_DEFAULTS.epochs);
		const final = result.losses.at(-1);
		expect(final).toBeLessThan(0.01);
		// The tutorial's loss after the last epoch is the model's loss on the four people now.
		const { x, y } = genderDataset();
		expect(evaluate(result.model, x, y).loss).toBe(final);
		const predictions = predictPeople(result.model, [...GENDER_TRAINING, ...GENDER_EXAMPLES]);
		for (const p of predictions) expect(p.correct, `${p.person.name}: ${p.output}`).toBe(true);
		const [emily, frank] = predictions.slice(GENDER_TRAINING.length);
		expect(emily?.output).toBeGreaterThan(0.9);
		expect(frank?.output).toBeLessThan(0.1);
	});

	it("is reproducible: the same seed gives the same losses and weights", async () => {
		const a = await trainGender({ seed: 3, epochs: 50 });
		const b = await trainGender({ seed: 3, epochs: 50 });
		expect(a.losses).toEqual(b.losses);
		expect(a.model.parameters().map((p) => p.value.toArray())).toEqual(
			b.model.parameters().map((p) => p.value.toArray()),
		);
	});

	it("reports the loss after every epoch to onEpoch, 1-based", async () => {
		const seen: number[] = [];
		const result = await trainGender({ seed: 1, epochs: 5, onEpoch: (epoch) => seen.push(epoch) });
		expect(seen).toEqual([1, 2, 3, 4, 5]);
		expect(result.losses).toHaveLength(5);
	});
});
