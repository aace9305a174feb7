/** `backprop inspect model.json`: a summary of a saved model, like Keras's `model.summary()`. */
import { Dense, modelDtype } from "@backprop/nn";
import { EXIT_OK } from "../errors";
import { columns, formatNumber } from "../format";
import type { CliIo } from "../io";
import { type ModelInfo, openModel } from "../model-info";

/** Options of `inspect`. */
export interface InspectFlags {
	json?: boolean;
}

/** One row of the summary. */
export interface LayerSummary {
	name: string;
	type: string;
	activation: string;
	outputShape: [null, number];
	params: number;
}

function describeTarget(info: ModelInfo): string {
	const name = info.target ? `'${info.target}'` : null;
	const prefix = name === null ? "" : `${name}: `;
	if (info.task === "classification" && info.labels)
		return `${prefix}${info.labels.length} classes (${info.labels.join(", ")})`;
	if (info.task === "binary" && info.labels)
		return `${prefix}0.5 and above means ${info.labels[1]}, below means ${info.labels[0]}`;
	return `${prefix}${info.outputs === 1 ? "a number" : `${info.outputs} numbers`} (regression)`;
}

/**
 * Runs `backprop inspect`: one row per layer (name, type, activation, output
 * shape, parameter count), the total, and what the model's metadata says about
 * its inputs, output and training. Throws CliError for a missing, unreadable or
 * invalid model file.
 */
export async function inspectCommand(modelPath: string, flags: InspectFlags, io: CliIo): Promise<number> {
	const { model, info } = await openModel(modelPath, io.cwd);
	const layers: LayerSummary[] = model.layers.map((layer, i) => {
		const dense = layer as Dense;
		const last = i === model.layers.length - 1;
		const activation =
			last && info.outputActivation
				? `${dense.activation.name} (+ ${info.outputActivation} at prediction)`
				: dense.activation.name;
		return {
			name: `dense_${i + 1}`,
			type: dense instanceof Dense ? "Dense" : "?",
			activation,
			outputShape: [null, dense.units],
			params: dense.parameters().reduce((s, p) => s + p.value.size, 0),
		};
	});
	const total = layers.reduce((s, l) => s + l.params, 0);
	const training = info.training;
	if (flags.json) {
		const { inputs, outputs, features, target, task, labels, normalization, loss } = info;
		io.stdout.write(
			`${JSON.stringify({ model: modelPath, dtype: modelDtype(model), inputs, outputs, layers, totalParams: total, features, target, task, labels, normalized: normalization !== null, loss, training })}\n`,
		);
		return EXIT_OK;
	}
	const table = columns(
		[
			["Layer (type)", "Activation", "Output shape", "Params"],
			...layers.map((l) => [`${l.name} (${l.type})`, l.activation, `(None, ${l.outputShape[1]})`, String(l.params)]),
		],
		3,
		[3],
	);
	const width = Math.max(...table.map((l) => l.length));
	const lines = [
		`Model: ${modelPath} (${model.layers.length} layer${model.layers.length === 1 ? "" : "s"}, ${modelDtype(model)})`,
		"─".repeat(width),
		table[0] as string,
		"═".repeat(width),
		...table.slice(1),
		"─".repeat(width),
		`Total params: ${total}`,
		`Input: ${info.inputs} value${info.inputs === 1 ? "" : "s"}${info.features ? ` (${info.features.join(", ")})` : ""}${info.normalization ? ", standardized with the saved mean and std" : ""}`,
		`Output: ${describeTarget(info)}`,
		`Loss: ${info.loss}`,
	];
	if (training !== null) {
		const t = training;
		const parts = [
			typeof t.data === "string" ? `on ${t.data}` : null,
			typeof t.epochs === "number" ? `${t.epochs} epochs` : null,
			typeof t.optimizer === "string" ? `${t.optimizer}${typeof t.lr === "number" ? ` lr ${t.lr}` : ""}` : null,
			typeof t.batchSize === "number" ? `batch size ${t.batchSize}` : null,
			typeof t.finalLoss === "number" ? `final loss ${formatNumber(t.finalLoss)}` : null,
			t.stopReason === "aborted" ? "stopped early (Ctrl-C)" : null,
		].filter((p) => p !== null);
		if (parts.length > 0) lines.push(`Trained: ${parts.join(", ")}`);
	}
	io.stdout.write(`${lines.join("\n")}\n`);
	return EXIT_OK;
}
