/**
 * The command's own record of a model — feature and target names, the task,
 * class labels, normalization, the loss — kept in the model's metadata under the
 * command's mark (`writer: "backprop-cli"`), and read back from a file that may
 * have been edited or truncated. Metadata without that mark belongs to whoever
 * saved the model from code: the command leaves it alone and reads such a model
 * by its layers only.
 */
import { resolve } from "node:path";
import { Standardizer } from "@backprop/data";
import {
	Dense,
	type JsonObject,
	loadModel,
	ModelFormatError,
	resolveName,
	type Sequential,
	UnknownNameError,
} from "@backprop/nn";
import { CliError, oneLine } from "./errors";

/**
 * How to read the model's output: a number per output (`regression`), the most
 * likely of `labels` (`classification`), or one probability where ≥ 0.5 means
 * `labels[1]` (`binary`).
 */
export type Task = "regression" | "classification" | "binary";

/** What the command writes as `metadata.writer`; only metadata with this mark is read as the command's. */
export const COMMAND_WRITER = "backprop-cli";

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
	normalization: Standardizer | null;
	/** The loss it was trained with (evaluate reports it). */
	loss: string;
	/** What `train` recorded about the run (data, epochs, optimizer...), or null. */
	training: JsonObject | null;
}

/** Metadata for `saveModel`: the model info under the command's mark. */
export function toMetadata(info: ModelInfo): JsonObject {
	const meta: JsonObject = {
		writer: COMMAND_WRITER,
		features: info.features,
		target: info.target,
		task: info.task,
		labels: info.labels,
		outputActivation: info.outputActivation,
		normalization: info.normalization ? { ...info.normalization.toJSON() } : null,
		loss: info.loss,
		training: info.training,
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
 * Reads and checks the command's metadata of `model` (loaded from `path`). A
 * model whose metadata does not carry the command's mark (saved from code, with
 * any metadata or none) reads as a regression on unnamed features with mse.
 * Throws CliError (exit 1) naming the field for command metadata that does not
 * fit the model.
 */
export function readModelInfo(model: Sequential, path: string): ModelInfo {
	const first = model.layers[0];
	const last = model.layers[model.layers.length - 1];
	const inputs = first instanceof Dense ? first.inputs : 0;
	const outputs = last instanceof Dense ? last.units : 0;
	const meta = model.metadata;
	if (meta.writer !== COMMAND_WRITER) {
		return {
			inputs,
			outputs,
			features: null,
			target: null,
			task: "regression",
			labels: null,
			outputActivation: null,
			normalization: null,
			loss: "mse",
			training: null,
		};
	}
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
	let normalization: Standardizer | null = null;
	if (norm !== null) {
		if (typeof norm !== "object" || Array.isArray(norm)) bad(path, "normalization", "expected { mean, std }");
		normalization = new Standardizer({
			mean: numbers(norm.mean, inputs, path, "normalization.mean", false),
			std: numbers(norm.std, inputs, path, "normalization.std", true),
		});
	}
	const savedLoss = meta.loss ?? "mse";
	if (typeof savedLoss !== "string") bad(path, "loss", `expected a loss name, got ${JSON.stringify(savedLoss)}`);
	let loss: string;
	try {
		loss = resolveName("loss", savedLoss);
	} catch (e) {
		if (e instanceof UnknownNameError) bad(path, "loss", e.message);
		throw e;
	}
	const training = meta.training ?? null;
	if (training !== null && (typeof training !== "object" || Array.isArray(training))) {
		bad(path, "training", "expected an object");
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
		training,
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
