/**
 * The settings of a `train` run: flags read and checked on their own, then
 * completed with defaults that depend on the data (the tutorial's for the
 * built-in data; a small network otherwise) and checked against it.
 */

import { quote, UsageError } from "../errors";
import {
	activationName,
	layerSizes,
	lossName,
	nameList,
	openFraction,
	optimizerName,
	positiveNumber,
	wholeNumber,
} from "../flags";
import { FILE_DEFAULTS, TUTORIAL_DEFAULTS } from "./defaults";
import type { TrainingData } from "./train-data";

/** The `train` flags as commander gives them: text, or booleans for switches. */
export interface TrainFlags {
	target?: string;
	features?: string;
	layers?: string;
	activation?: string;
	outputActivation?: string;
	loss?: string;
	optimizer?: string;
	lr?: string;
	epochs?: string;
	batchSize?: string;
	seed?: string;
	shuffle?: boolean;
	validationSplit?: string;
	normalize?: boolean;
	out?: string;
	plot?: string;
	quiet?: boolean;
	json?: boolean;
}

/** Flags read into values; undefined where the user gave none. */
export interface ParsedTrainFlags {
	target: string | undefined;
	features: string[] | undefined;
	layers: number[] | undefined;
	layersText: string | undefined;
	activation: string | undefined;
	outputActivation: string | undefined;
	loss: string | undefined;
	optimizer: string | undefined;
	lr: number | undefined;
	epochs: number | undefined;
	batchSize: number | undefined;
	seed: number | undefined;
	shuffle: boolean | undefined;
	validationSplit: number | undefined;
	normalize: boolean;
}

function maybe<T>(raw: string | undefined, read: (raw: string) => T): T | undefined {
	return raw === undefined ? undefined : read(raw);
}

/** Reads every `train` flag on its own. Throws UsageError naming the first bad flag and its value. */
export function parseTrainFlags(flags: TrainFlags): ParsedTrainFlags {
	return {
		target: flags.target,
		features: maybe(flags.features, (r) => nameList("--features", r)),
		layers: maybe(flags.layers, (r) => layerSizes("--layers", r)),
		layersText: flags.layers,
		activation: maybe(flags.activation, (r) => activationName("--activation", r)),
		outputActivation: maybe(flags.outputActivation, (r) => activationName("--output-activation", r)),
		loss: maybe(flags.loss, (r) => lossName("--loss", r)),
		optimizer: maybe(flags.optimizer, (r) => optimizerName("--optimizer", r)),
		lr: maybe(flags.lr, (r) => positiveNumber("--lr", r)),
		epochs: maybe(flags.epochs, (r) => wholeNumber("--epochs", r, 1)),
		batchSize: maybe(flags.batchSize, (r) => wholeNumber("--batch-size", r, 1)),
		seed: maybe(flags.seed, (r) => wholeNumber("--seed", r, 0)),
		shuffle: flags.shuffle,
		validationSplit: maybe(flags.validationSplit, (r) => openFraction("--validation-split", r)),
		normalize: flags.normalize === true,
	};
}

/** Everything a run needs, defaults filled in. */
export interface TrainSettings {
	layers: number[];
	activation: string;
	/** The output activation as the user sees it (softmax for classification). */
	outputActivation: string;
	/** What the last layer computes: linear when a softmax is applied at prediction over crossEntropy's logits. */
	layerOutputActivation: string;
	/** Applied at prediction on top of the last layer, or null. */
	predictActivation: "softmax" | null;
	loss: string;
	optimizer: string;
	lr: number;
	epochs: number;
	batchSize: number;
	seed: number;
	shuffle: boolean;
	validationSplit: number | null;
	/** Rows held out for validation (the last ones). */
	validationRows: number;
	normalize: boolean;
	init: string;
	metrics: ("accuracy" | "binaryAccuracy")[];
}

/**
 * Completes `flags` with defaults for `data` and checks them against it. Throws
 * UsageError when --layers does not fit the data (input size vs feature count,
 * output size vs targets or classes), when crossEntropy is asked for a numeric
 * target, or when --validation-split leaves no training or no validation rows.
 */
export function resolveSettings(flags: ParsedTrainFlags, data: TrainingData): TrainSettings {
	const builtIn = data.path === null;
	const d = builtIn ? TUTORIAL_DEFAULTS : FILE_DEFAULTS;
	const classes = data.y.kind === "labels" ? data.y.labels.length : 0;
	const outputs = classes > 0 ? classes : 1;
	const layers = flags.layers ?? [data.features.length, ...d.hidden, outputs];
	const source = data.path ?? "the built-in data";
	if (layers[0] !== data.features.length) {
		throw new UsageError(
			`--layers ${flags.layersText}: the input size ${layers[0]} does not match the ${data.features.length} feature column${data.features.length === 1 ? "" : "s"} of ${source} (${data.features.join(", ")})`,
		);
	}
	const last = layers[layers.length - 1];
	if (last !== outputs) {
		throw new UsageError(
			data.y.kind === "labels"
				? `--layers ${flags.layersText}: the output size ${last} does not match the ${classes} classes of the target ${quote(data.y.name)} (${data.y.labels.join(", ")})`
				: `--layers ${flags.layersText}: the output size ${last} does not match the one numeric target ${quote(data.y.name)}; it must be 1`,
		);
	}
	const classification = data.y.kind === "labels";
	const loss = flags.loss ?? (classification ? FILE_DEFAULTS.classificationLoss : d.loss);
	if (loss === "crossEntropy" && !classification) {
		throw new UsageError(
			`--loss crossEntropy needs class labels, but the target ${quote(data.y.name)} is numeric (use mse, mae or huber)`,
		);
	}
	const activation = flags.activation ?? d.activation;
	const outputActivation =
		flags.outputActivation ?? (builtIn ? TUTORIAL_DEFAULTS.outputActivation : classification ? "softmax" : "linear");
	// crossEntropy takes logits: the network ends linear and the softmax is applied at prediction.
	const softmaxAtPredict = loss === "crossEntropy" && outputActivation === "softmax";
	const n = data.x.length;
	const validationRows = flags.validationSplit === undefined ? 0 : Math.floor(n * flags.validationSplit);
	if (flags.validationSplit !== undefined && (validationRows === 0 || validationRows === n)) {
		throw new UsageError(
			`--validation-split ${flags.validationSplit} of ${n} rows leaves no ${validationRows === 0 ? "validation" : "training"} rows`,
		);
	}
	return {
		layers,
		activation,
		outputActivation,
		layerOutputActivation: softmaxAtPredict ? "linear" : outputActivation,
		predictActivation: softmaxAtPredict ? "softmax" : null,
		loss,
		optimizer: flags.optimizer ?? d.optimizer,
		lr: flags.lr ?? d.lr,
		epochs: flags.epochs ?? d.epochs,
		batchSize: flags.batchSize ?? d.batchSize,
		seed: flags.seed ?? 0,
		shuffle: flags.shuffle ?? d.shuffle,
		validationSplit: flags.validationSplit ?? null,
		validationRows,
		normalize: flags.normalize,
		init: d.init,
		metrics: classification ? ["accuracy"] : data.binaryLabels ? ["binaryAccuracy"] : [],
	};
}
