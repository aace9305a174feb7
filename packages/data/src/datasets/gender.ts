/**
 * The tutorial's gender data: four people to train on and two to predict, with
 * weight and height shifted by 135 lb and 66 in as the tutorial does.
 */
import { binaryClass } from "@backprop/nn";

/** What the tutorial subtracts from every weight (lb) and height (in), "for convenience". */
export const GENDER_SHIFT = { weight: 135, height: 66 } as const;

/** One person of the tutorial. */
export interface Person {
	/** First name, as in the tutorial. */
	readonly name: string;
	/** Weight in pounds. */
	readonly weight: number;
	/** Height in inches. */
	readonly height: number;
	/** Gender, the tutorial's target: "F" is 1, "M" is 0. */
	readonly gender: "F" | "M";
}

/** Alice, Bob, Charlie and Diana: the tutorial's training data, in its order. */
export const GENDER_TRAINING: readonly Person[] = Object.freeze([
	{ name: "Alice", weight: 133, height: 65, gender: "F" },
	{ name: "Bob", weight: 160, height: 72, gender: "M" },
	{ name: "Charlie", weight: 152, height: 70, gender: "M" },
	{ name: "Diana", weight: 120, height: 60, gender: "F" },
]);

/** Emily and Frank: the two people the tutorial asks the trained network about. */
export const GENDER_EXAMPLES: readonly Person[] = Object.freeze([
	{ name: "Emily", weight: 128, height: 63, gender: "F" },
	{ name: "Frank", weight: 155, height: 68, gender: "M" },
]);

/** The network's input for a person: [weight - 135, height - 66]. */
export function genderFeatures(person: Pick<Person, "weight" | "height">): [number, number] {
	return [person.weight - GENDER_SHIFT.weight, person.height - GENDER_SHIFT.height];
}

/** The tutorial's target for a gender: 1 for "F", 0 for "M". */
export function genderTarget(gender: Person["gender"]): 0 | 1 {
	return gender === "F" ? 1 : 0;
}

/**
 * How an output reads: 0.5 and above is "F" (1), below is "M" (0), the rule of
 * `binaryClass` for binary labels everywhere. Throws RangeError for a value that
 * is not a finite number.
 */
export function genderLabel(output: number): Person["gender"] {
	if (!Number.isFinite(output)) throw new RangeError(`genderLabel: expected a finite number, got ${output}`);
	return binaryClass(output) === 1 ? "F" : "M";
}

/** Training rows: x as [[-2, -1], [25, 6], [17, 4], [-15, -6]], y as [[1], [0], [0], [1]], and the names. */
export function genderDataset(people: readonly Person[] = GENDER_TRAINING): {
	x: number[][];
	y: number[][];
	names: string[];
} {
	return {
		x: people.map(genderFeatures),
		y: people.map((p) => [genderTarget(p.gender)]),
		names: people.map((p) => p.name),
	};
}
