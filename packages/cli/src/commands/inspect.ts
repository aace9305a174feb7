/** `backprop inspect model.json`: a summary of a saved model, like Keras's `model.summary()`. */
import { modelDtype, summaryRows } from "@backprop/nn";
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
	/** Output shape with the batch dimension as null; null when the input shape is not known (a first layer that is not Dense). */
	outputShape: Array<number | null> | null;
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
	const { model, info } = await openModel(modelPath, io.cwd, { anyLayers: true });
	// nn's summary rows (names, types, output shapes, counts); the activation column is the command's own.
	const rows = summaryRows(model, model.lastInputShape ?? (info.inputs > 0 ? [info.inputs] : null));
	const layers: LayerSummary[] = rows.map((row, i) => {
		const layer = model.layers[i] as { activation?: { name?: unknown } };
		const own = typeof layer.activation?.name === "string" ? layer.activation.name : "-";
		const last = i === model.layers.length - 1;
		const activation = last && info.outputActivation ? `${own} (+ ${info.outputActivation} at prediction)` : own;
		return {
			name: row.name,
			type: row.type,
			activation,
			outputShape: row.outputShape,
			params: row.params + row.nonTrainable,
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
			...layers.map((l) => [
				`${l.name} (${l.type})`,
				l.activation,
				l.outputShape ? `(${l.outputShape.map((d) => d ?? "None").join(", ")})` : "?",
				String(l.params),
			]),
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
