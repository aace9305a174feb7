/** Running a saved model on rows: finding its feature columns, normalizing, predicting, reading the outputs. */
import type { Column, Table } from "@backprop/data";
import { binaryClass, predict, type Sequential } from "@backprop/nn";
import { CliError, quote } from "./errors";
import type { ModelInfo } from "./model-info";

/**
 * The columns of `table` that feed the model: its feature names when it has
 * them, else every column except `exclude` (the target). Throws CliError (exit 1)
 * naming the missing column, or the count when it does not match the model.
 */
export function featureColumns(table: Table, info: ModelInfo, modelPath: string, exclude?: string): Column[] {
	if (info.features) {
		return info.features.map((name) => {
			const index = table.header.indexOf(name);
			if (index < 0) {
				throw new CliError(
					`${table.source} has no column ${quote(name)}, which the model ${modelPath} needs (its features: ${info.features?.join(", ")})`,
				);
			}
			return { name, index };
		});
	}
	const columns = table.header.map((name, index) => ({ name, index })).filter((c) => c.name !== exclude);
	if (columns.length !== info.inputs) {
		throw new CliError(
			`${table.source} has ${columns.length} feature column${columns.length === 1 ? "" : "s"} (${columns.map((c) => c.name).join(", ")}), but the model ${modelPath} takes ${info.inputs}`,
		);
	}
	return columns;
}

/** What the model says about one row. */
export interface RowPrediction {
	/** The network's outputs (after the softmax applied at prediction, if any). */
	output: number[];
	/** The predicted label (classification, binary), else null. */
	label: string | null;
}

/**
 * Runs the model on rows of raw feature values: applies the saved normalization,
 * the softmax applied at prediction, and reads labels. Throws CliError for values
 * the model cannot take.
 */
export function predictRows(model: Sequential, info: ModelInfo, rows: readonly (readonly number[])[]): RowPrediction[] {
	const x = info.normalization ? info.normalization.transform(rows) : rows.map((r) => [...r]);
	const raw = predict(model, x);
	const out = info.outputActivation === "softmax" ? raw.softmax(-1) : raw;
	const outputs = out.toArray() as number[][];
	const best = out.argmax(-1).toArray() as number[];
	return outputs.map((output, i) => {
		let label: string | null = null;
		if (info.task === "classification" && info.labels) {
			label = info.labels[best[i]] ?? null;
		} else if (info.task === "binary" && info.labels) {
			label = info.labels[binaryClass(output[0])] as string;
		}
		return { output, label };
	});
}
