/**
 * The TensorFlow.js layer table: one row per Keras class name, saying how a layer
 * of that class becomes part of a Sequential. A new layer kind adds one row (its
 * reader in `rows/`).
 */
import * as convolution from "./rows/convolution";
import * as core from "./rows/core";
import * as normalization from "./rows/normalization";
import * as recurrent from "./rows/recurrent";
import type { TfjsLayerReader } from "./state";

export type { TfjsImportState, TfjsLayerReader } from "./state";

const rows: Record<string, TfjsLayerReader> = {
	InputLayer: core.inputLayer,
	Dense: core.dense,
	Activation: core.activation,
	LeakyReLU: core.leakyRelu,
	ReLU: core.relu,
	ELU: core.elu,
	Softmax: core.softmax,
	Dropout: core.dropout,
	Flatten: core.flatten,
	Reshape: core.reshape,
	Conv2D: convolution.conv2d,
	MaxPooling2D: convolution.maxPooling2d,
	AveragePooling2D: convolution.averagePooling2d,
	GlobalAveragePooling2D: convolution.globalAveragePooling2d,
	GlobalMaxPooling2D: convolution.globalMaxPooling2d,
	BatchNormalization: normalization.batchNormalization,
	LayerNormalization: normalization.layerNormalization,
	Embedding: recurrent.embedding,
	LSTM: recurrent.lstm,
};

// Keras's other spellings of the same classes.
const aliases: Record<string, string> = {
	MaxPool2D: "MaxPooling2D",
	AvgPool2D: "AveragePooling2D",
	GlobalAvgPool2D: "GlobalAveragePooling2D",
	GlobalMaxPool2D: "GlobalMaxPooling2D",
	Convolution2D: "Conv2D",
};

/** The reader of a Keras class name, or undefined. */
export function findTfjsLayerReader(className: string): TfjsLayerReader | undefined {
	const name = Object.hasOwn(aliases, className) ? aliases[className] : className;
	return Object.hasOwn(rows, name) ? rows[name] : undefined;
}

/** The Keras class names the table reads (GlobalMaxPooling2D's row only refuses). */
export function tfjsLayerNames(): string[] {
	return Object.keys(rows).filter((n) => n !== "GlobalMaxPooling2D");
}
