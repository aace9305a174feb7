/** Holding out validation rows: from the end (Keras's way) or from a seeded shuffle, and a check of their classes. */
import { Rng, type Tensor } from "@backprop/tensor";

/** Training and validation parts of (x, y). */
export interface ValidationSplit {
	/** The rows trained on. */
	train: [Tensor, Tensor];
	/** The rows held out. */
	validation: [Tensor, Tensor];
}

/**
 * Holds out `Math.floor(n · fraction)` rows: the last ones, or with
 * `shuffleBeforeSplit` a seeded random choice (the same for every call with the
 * same seed). Throws RangeError for a fraction outside (0, 1) or one that leaves
 * no training or no validation rows.
 */
export function splitValidation(
	x: Tensor,
	y: Tensor,
	fraction: number,
	shuffleBeforeSplit: boolean,
	seed: number,
): ValidationSplit {
	if (!(fraction > 0 && fraction < 1)) throw new RangeError(`fit: validationSplit must be in (0, 1), got ${fraction}`);
	const n = x.shape[0];
	const held = Math.floor(n * fraction);
	if (held === 0 || held === n) {
		throw new RangeError(
			`fit: validationSplit ${fraction} of ${n} rows leaves no ${held === 0 ? "validation" : "training"} rows`,
		);
	}
	if (!shuffleBeforeSplit) {
		return {
			train: [x.slice(0, n - held), y.slice(0, n - held)],
			validation: [x.slice(n - held), y.slice(n - held)],
		};
	}
	const order = new Rng(seed).shuffle(Array.from({ length: n }, (_, i) => i));
	const trainRows = order.slice(0, n - held).sort((a, b) => a - b);
	const heldRows = order.slice(n - held).sort((a, b) => a - b);
	return {
		train: [x.gather(trainRows), y.gather(trainRows)],
		validation: [x.gather(heldRows), y.gather(heldRows)],
	};
}

/** The class of each row: the argmax of one-hot rows, else the value itself when every value is an integer; null otherwise. */
export function classesOf(y: Tensor): number[] | null {
	if (y.rank === 2 && y.shape[1] > 1) return y.argmax(1).toArray() as number[];
	if (y.size !== y.shape[0]) return null;
	const values = y.reshape([-1]).toArray() as number[];
	return values.every(Number.isInteger) ? values : null;
}

/**
 * A warning when the validation rows hold classes the training rows lack (as when
 * rows sorted by class are split from the end), else null.
 */
export function unseenClassesWarning(trainY: Tensor, validationY: Tensor, shuffled: boolean): string | null {
	const train = classesOf(trainY);
	const held = classesOf(validationY);
	if (train === null || held === null) return null;
	const seen = new Set(train);
	const unseen = [...new Set(held)].filter((c) => !seen.has(c)).sort((a, b) => a - b);
	if (unseen.length === 0) return null;
	const where = shuffled ? "the shuffled validation rows" : "the validation rows (the last rows of the data)";
	const fix = shuffled
		? "use a larger validationSplit or another seed"
		: "the data may be sorted by class: pass shuffleBeforeSplit: true to hold out a seeded random choice of rows";
	return `fit: ${where} hold class${unseen.length > 1 ? "es" : ""} ${unseen.join(", ")}, which the training rows lack; ${fix}`;
}
