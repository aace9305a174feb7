/**
 * What the command line keeps in a model's metadata — feature and target names,
 * class labels, normalization, the loss — and reading it back from a file that
 * may have been edited, truncated or written by someone else.
 */
import { resolve } from "node:path";
import { Dense, type JsonObject, lossNames, ModelFormatError, type Sequential } from "@backprop/nn";
import { loadModel } from "@backprop/nn/node";
import { CliError, oneLine } from "./errors";
import type { Normalization } from "./normalize";

/**
 * How to read the model's output: a number per output (`regression`), the most
 * likely of `labels` (`classification`), or one probability where ≥ 0.5 means
 * `labels[1]` (`binary`).
 */
export type Task = "regression" | "classification" | "binary";

/** The command line's view of a saved model. */
export interface ModelInfo {
	/** Values the model takes per row. */
	inputs: number;
	/** Values it gives per row. */
	outputs: number;
	/** Feature column names, in input order, or null when the model does not say. */
	features: string[] | null;
	/** Target column name, or null when the model does not say. */
	target: string | null;
	task: Task;
	/** Class labels by output index (classification, binary), else null. */
	labels: string[] | null;
	/** Applied on top of the last layer at prediction (a softmax over logits trained with crossEntropy). */
	outputActivation: "softmax" | null;
	/** Standardization applied to the features before the model, or null. */
	normalization: Normalization | null;
	/** The loss it was trained with (evaluate reports it). */
	loss: string;
}

/** Metadata for `saveModel`: the model info plus a free-form `training` record. */
export function toMetadata(info: ModelInfo, training: JsonObject): JsonObject {
	const meta: JsonObject = {
		writer: "backprop-cli",
		features: info.features,
		target: info.target,
		task: info.task,
		labels: info.labels,
		outputActivation: info.outputActivation,
		normalization: info.normalization ? { mean: info.normalization.mean, std: info.normalization.std } : null,
		loss: info.loss,
		training,
	};
	return meta;
}

function bad(path: string, field: string, message: string): never {
	throw new CliError(`bad model file ${path}: metadata.${field}: ${message}`);
}

function optionalStrings(meta: JsonObject, key: string, length: number, path: string): string[] | null {
	const v = meta[key];
	if (v === undefined || v === null) return null;
	if (!Array.isArray(v) || v.length !== length || v.some((s) => typeof s !== "string")) {
		bad(path, key, `expected a list of ${length} names`);
	}
	return v as string[];
}

function numbers(v: unknown, length: number, path: string, field: string, positive: boolean): number[] {
	if (
		!Array.isArray(v) ||
		v.length !== length ||
		v.some((x) => typeof x !== "number" || !Number.isFinite(x) || (positive && x <= 0))
	) {
		bad(path, field, `expected a list of ${length} ${positive ? "positive" : "finite"} numbers`);
	}
	return v as number[];
}

/**
 * Reads and checks the command line's metadata of `model` (loaded from `path`).
 * A model saved by library code without metadata reads as a regression on
 * unnamed features with mse. Throws CliError (exit 1) naming the field for
 * metadata that does not fit the model.
 */
export function readModelInfo(model: Sequential, path: string): ModelInfo {
	const first = model.layers[0];
	const last = model.layers[model.layers.length - 1];
	const inputs = first instanceof Dense ? first.inputs : 0;
	const outputs = last instanceof Dense ? last.units : 0;
	const meta = model.metadata;
	const features = optionalStrings(meta, "features", inputs, path);
	const target = meta.target ?? null;
	if (target !== null && typeof target !== "string") bad(path, "target", "expected a column name");
	const task = meta.task ?? "regression";
	if (task !== "regression" && task !== "classification" && task !== "binary") {
		bad(path, "task", `expected "regression", "classification" or "binary", got ${JSON.stringify(task)}`);
	}
	let labels: string[] | null = null;
	if (task === "classification") {
		labels = optionalStrings(meta, "labels", outputs, path);
		if (labels === null) bad(path, "labels", `a classification model needs ${outputs} labels`);
	} else if (task === "binary") {
		if (outputs !== 1) bad(path, "task", `"binary" needs one output, the model has ${outputs}`);
		labels = optionalStrings(meta, "labels", 2, path);
		if (labels === null) bad(path, "labels", "a binary model needs 2 labels");
	}
	const outputActivation = meta.outputActivation ?? null;
	if (outputActivation !== null && outputActivation !== "softmax") {
		bad(path, "outputActivation", `expected "softmax" or null, got ${JSON.stringify(outputActivation)}`);
	}
	const norm = meta.normalization ?? null;
	let normalization: Normalization | null = null;
	if (norm !== null) {
		if (typeof norm !== "object" || Array.isArray(norm)) bad(path, "normalization", "expected { mean, std }");
		normalization = {
			mean: numbers(norm.mean, inputs, path, "normalization.mean", false),
			std: numbers(norm.std, inputs, path, "normalization.std", true),
		};
	}
	const loss = meta.loss ?? "mse";
	if (typeof loss !== "string" || !lossNames().includes(loss)) {
		bad(path, "loss", `unknown loss ${JSON.stringify(loss)} (known: ${lossNames().join(", ")})`);
	}
	return {
		inputs,
		outputs,
		features,
		target,
		task,
		labels,
		outputActivation,
		normalization,
		loss,
	};
}

/**
 * Loads a model file (relative to `cwd`) and its command-line metadata. Throws
 * CliError (exit 1) naming the file for a missing or unreadable file and for a
 * corrupt, truncated or unknown-version one (naming the field).
 */
export async function openModel(path: string, cwd: string): Promise<{ model: Sequential; info: ModelInfo }> {
	const full = resolve(cwd, path);
	let model: Sequential;
	try {
		model = await loadModel(full);
	} catch (e) {
		// Messages name the resolved path; the user knows the file by what they typed.
		const message = oneLine((e as Error).message).replaceAll(full, path);
		if (e instanceof ModelFormatError) throw new CliError(`bad model file ${message}`);
		const reason = message.replace(/^loadModel: /, "");
		throw new CliError(
			reason.startsWith(`cannot read ${path}`)
				? reason.replace(/^cannot read /, "cannot read model file ")
				: `cannot read model file ${path}: ${reason}`,
		);
	}
	if (!model.layers.every((l) => l instanceof Dense))
		throw new CliError(`bad model file ${path}: a layer is not dense`);
	return { model, info: readModelInfo(model, path) };
}
