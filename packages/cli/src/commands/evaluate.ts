/** `backprop evaluate model.json data.csv`: the saved model's loss and metrics on labelled rows. */

import { labelIndices, numericColumns, oneHot, parseNumber } from "@backprop/data";
import { readCsvFile } from "@backprop/data/node";
import { evaluate, type MetricSpec } from "@backprop/nn";
import type { Tensor } from "@backprop/tensor";
import { CliError, EXIT_OK, quote } from "../errors";
import { columns, formatNumber } from "../format";
import type { CliIo } from "../io";
import { featureColumns } from "../model-data";
import { openModel } from "../model-info";

/** Options of `evaluate`. */
export interface EvaluateFlags {
	json?: boolean;
}

/** Mean absolute error, reported for regression models. */
const meanAbsoluteError: MetricSpec = {
	name: "mae",
	fn: (prediction: Tensor, target: Tensor) => prediction.sub(target.reshape(prediction.shape)).abs().mean().item(),
};

/**
 * Runs `backprop evaluate`: reads the model's feature and target columns from the
 * CSV, applies the saved normalization, and prints the loss the model was trained
 * with plus accuracy (classification) or mean absolute error (regression). Throws
 * CliError for model and data file problems, a missing target column, or labels
 * the model does not know.
 */
export async function evaluateCommand(
	modelPath: string,
	dataPath: string,
	flags: EvaluateFlags,
	io: CliIo,
): Promise<number> {
	const { model, info } = await openModel(modelPath, io.cwd);
	const table = await readCsvFile(dataPath, { cwd: io.cwd });
	const targetName = info.target ?? (table.header[table.header.length - 1] as string);
	const targetIndex = table.header.indexOf(targetName);
	if (targetIndex < 0) {
		throw new CliError(`${dataPath} has no column ${quote(targetName)}, the target of the model ${modelPath}`);
	}
	const target = { name: targetName, index: targetIndex };
	const features = featureColumns(table, info, modelPath, targetName);
	const raw = numericColumns(table, features);
	const x = info.normalization ? info.normalization.transform(raw) : raw;
	let y: number[] | number[][];
	const metrics: MetricSpec[] = [];
	if (info.task === "classification" && info.labels) {
		const k = info.labels.length;
		y = oneHot(labelIndices(table, target, info.labels), k).toArray() as number[][];
		metrics.push("accuracy");
	} else {
		const cells = table.rows.map((r) => r.cells[targetIndex] as string);
		if (info.task === "binary" && info.labels && cells.some((c) => parseNumber(c) === null)) {
			y = labelIndices(table, target, info.labels);
		} else {
			y = numericColumns(table, [target]).map((r) => r[0]);
		}
		if (info.outputs !== 1) {
			throw new CliError(`the model ${modelPath} has ${info.outputs} outputs; evaluate reads one target column`);
		}
		metrics.push(info.task === "binary" ? "binaryAccuracy" : meanAbsoluteError);
	}
	const logs = evaluate(model, x, y, { loss: info.loss, metrics });
	if (flags.json) {
		const { loss, ...rest } = logs;
		io.stdout.write(
			`${JSON.stringify({ model: modelPath, data: dataPath, rows: x.length, lossName: info.loss, loss, metrics: rest })}\n`,
		);
		return EXIT_OK;
	}
	const lines = [
		`${modelPath} on ${dataPath} (${x.length} row${x.length === 1 ? "" : "s"})`,
		...columns(
			Object.entries(logs).map(([name, v]) => [`  ${name === "loss" ? `loss (${info.loss})` : name}`, formatNumber(v)]),
		),
	];
	io.stdout.write(`${lines.join("\n")}\n`);
	return EXIT_OK;
}
