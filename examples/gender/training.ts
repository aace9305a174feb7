/**
 * Step 5: training the tutorial's network on its four people, as the tutorial
 * does it — per-sample SGD in the table's order, MSE, learning rate 0.1, 1000
 * epochs — with the framework's `fit`.
 */
import { genderDataset } from "@backprop/data";
import { evaluate, fit, type History, type Sequential, SGD, sequential } from "@backprop/nn";

/** The tutorial's settings, and the seed the example starts from by default. */
export const TRAINING_DEFAULTS = {
	/** Any seed trains (see the test over 20 seeds); this one is the example's. */
	seed: 6,
	epochs: 1000,
	lr: 0.1,
	/** N(0, 1) weights, as the tutorial's np.random.normal(). */
	init: "normal",
} as const;

/** Options for {@link trainGender}. */
export interface TrainGenderOptions {
	/** Seed of the initial weights (default {@link TRAINING_DEFAULTS}.seed). */
	seed?: number;
	/** Passes over the four people (default 1000). */
	epochs?: number;
	/** SGD learning rate (default 0.1). */
	lr?: number;
	/**
	 * Called after every epoch with its number (1-based) and the tutorial's loss:
	 * the MSE over all four people with the weights after that epoch.
	 */
	onEpoch?: (epoch: number, loss: number) => void;
}

/** What {@link trainGender} returns. */
export interface TrainGenderResult {
	/** The trained 2-2-1 network. */
	model: Sequential;
	/** The tutorial's loss after each epoch (entry 0 is after epoch 1). */
	losses: number[];
	/** `fit`'s history (its loss is the mean of the per-sample losses during each epoch). */
	history: History;
	/** Wall-clock training time in seconds. */
	seconds: number;
}

/**
 * Builds `sequential([2, 2, 1], { activation: "sigmoid", outputActivation: "sigmoid", init: "normal", seed })`
 * and trains it on Alice, Bob, Charlie and Diana with SGD (batch size 1, no
 * shuffling, MSE). Rejects with RangeError for a bad epochs or lr value, and with
 * what `fit` rejects with (a non-finite loss, e.g. for a huge learning rate).
 */
export async function trainGender(options: TrainGenderOptions = {}): Promise<TrainGenderResult> {
	const seed = options.seed ?? TRAINING_DEFAULTS.seed;
	const epochs = options.epochs ?? TRAINING_DEFAULTS.epochs;
	const lr = options.lr ?? TRAINING_DEFAULTS.lr;
	const { x, y } = genderDataset();
	const model = sequential([2, 2, 1], {
		activation: "sigmoid",
		outputActivation: "sigmoid",
		init: TRAINING_DEFAULTS.init,
		seed,
	});
	const losses: number[] = [];
	const started = performance.now();
	const history = await fit(model, x, y, {
		loss: "mse",
		optimizer: new SGD(model.parameters(), { lr }),
		epochs,
		batchSize: 1,
		shuffle: false,
		callbacks: {
			onEpochEnd(epoch) {
				// The tutorial measures the loss of all four people after the epoch's updates.
				const loss = evaluate(model, x, y, { loss: "mse" }).loss;
				losses.push(loss);
				options.onEpoch?.(epoch + 1, loss);
				return undefined;
			},
		},
	});
	return { model, losses, history, seconds: (performance.now() - started) / 1000 };
}
