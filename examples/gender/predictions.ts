/** Step 6: what the trained network says about each person. */
import { genderFeatures, genderLabel, type Person } from "@backprop/data";
import { type Module, predict } from "@backprop/nn";

/** The network's answer for one person. */
export interface PersonPrediction {
	person: Person;
	/** The network's input, [weight - 135, height - 66]. */
	input: [number, number];
	/** The output: near 1 is F, near 0 is M. */
	output: number;
	/** The tutorial's reading of the output (0.5 and above is F). */
	guess: Person["gender"];
	/** Whether the guess is the person's gender. */
	correct: boolean;
}

/**
 * Runs `model` on everyone in one batch. Throws what `predict` throws (ShapeError
 * for a model that does not take two features).
 */
export function predictPeople(model: Module, people: readonly Person[]): PersonPrediction[] {
	const inputs = people.map(genderFeatures);
	const outputs = predict(model, inputs).dataSync();
	return people.map((person, i) => {
		const output = outputs[i];
		const guess = genderLabel(output);
		return { person, input: inputs[i] as [number, number], output, guess, correct: guess === person.gender };
	});
}
