/**
 * How big a network of given layer sizes gets, checked before it is built: one
 * whose weights do not fit in memory, or whose model file would be larger than a
 * model file may be, is refused up front rather than after hours of training.
 */
import { totalmem } from "node:os";
import { MAX_MODEL_FILE_BYTES } from "@backprop/nn";
import { UsageError } from "./errors";

/** Parameters of a stack of Dense layers with biases: Σ inputs·units + units. */
export function parameterCount(layers: readonly number[]): number {
	let n = 0;
	for (let i = 1; i < layers.length; i++) n += layers[i - 1] * layers[i] + layers[i];
	return n;
}

// A float64 weight written as JSON takes at most 24 characters ("-1.2345678901234567e-123")
// and a comma: the estimate is an upper bound, so no model that passes fails to save.
const BYTES_PER_SAVED_NUMBER = 25;

// Float64 copies of the weights alive while training: the weights, their gradients,
// one step's update, and up to two optimizer moments (Adam); then, when saving, the
// weights as a JavaScript array (8 bytes each) and the JSON text (1 byte a character).
function trainingBytes(parameters: number, optimizer: string): number {
	const moments = optimizer === "adam" ? 2 : optimizer === "sgd" ? 0 : 1;
	return parameters * 8 * (3 + moments);
}

function megabytes(bytes: number): string {
	return `${Math.ceil(bytes / 1e6).toLocaleString("en-US")} MB`;
}

/**
 * Refuses, before anything is built, layer sizes whose model could not be saved
 * (its file would exceed the MAX_MODEL_FILE_BYTES loadModel reads) or whose
 * training would need more memory than the machine has. Throws UsageError (exit 2)
 * naming the layer sizes, the parameter count and the estimate.
 */
export function checkModelSize(layers: readonly number[], optimizer: string, memoryBytes = totalmem()): void {
	const parameters = parameterCount(layers);
	const sizes = `--layers ${layers.join(",")}`;
	const count = `${parameters.toLocaleString("en-US")} parameters`;
	const fileBytes = parameters * BYTES_PER_SAVED_NUMBER;
	if (fileBytes > MAX_MODEL_FILE_BYTES) {
		throw new UsageError(
			`${sizes}: ${count} would make a model file of up to ${megabytes(fileBytes)}, more than the ${megabytes(MAX_MODEL_FILE_BYTES)} a model file may be; use smaller layers`,
		);
	}
	const needed = trainingBytes(parameters, optimizer) + parameters * 8 + fileBytes;
	if (needed > memoryBytes) {
		throw new UsageError(
			`${sizes}: ${count} need about ${megabytes(needed)} of memory to train and save, more than this machine's ${megabytes(memoryBytes)}; use smaller layers`,
		);
	}
}
