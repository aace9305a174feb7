/** Default training settings, kept apart so `--help` can show them without loading the framework. */

/** The tutorial's settings for its gender data: 2-2-1 sigmoid, mse, per-sample SGD at 0.1 for 1000 epochs. */
export const TUTORIAL_DEFAULTS = {
	hidden: [2],
	activation: "sigmoid",
	outputActivation: "sigmoid",
	loss: "mse",
	optimizer: "sgd",
	lr: 0.1,
	epochs: 1000,
	batchSize: 1,
	shuffle: false,
	// The tutorial draws every weight from np.random.normal().
	init: "normal",
} as const;

/** Defaults for a data file: one hidden layer of 8, relu, adam at 0.01, 100 epochs of batches of 32. */
export const FILE_DEFAULTS = {
	hidden: [8],
	activation: "relu",
	loss: "mse",
	classificationLoss: "crossEntropy",
	optimizer: "adam",
	lr: 0.01,
	epochs: 100,
	batchSize: 32,
	shuffle: true,
	init: "glorotUniform",
} as const;
