/** `backprop predict model.json --input 1,2 | --data rows.csv`: use a saved model. */
import { numericColumns } from "@backprop/data";
import { readCsvFile } from "@backprop/data/node";
import { CliError, EXIT_OK, UsageError } from "../errors";
import { numberList } from "../flags";
import { columns, csvLine, formatNumber } from "../format";
import type { CliIo } from "../io";
import { featureColumns, predictRows, type RowPrediction } from "../model-data";
import { type ModelInfo, openModel } from "../model-info";

/** Options of `predict`. */
export interface PredictFlags {
	input?: string;
	data?: string;
	json?: boolean;
}

/** Names of the prediction columns added to each CSV row. */
function outputHeader(info: ModelInfo): string[] {
	if (info.task === "classification" && info.labels) return ["prediction", ...info.labels.map((l) => `p_${l}`)];
	if (info.task === "binary" && info.labels) return ["prediction", `p_${info.labels[1]}`];
	return info.outputs === 1 ? ["prediction"] : Array.from({ length: info.outputs }, (_, i) => `prediction_${i + 1}`);
}

function outputCells(p: RowPrediction): (string | number)[] {
	return p.label === null ? p.output : [p.label, ...p.output];
}

function describeOne(info: ModelInfo, p: RowPrediction): string[] {
	const name = info.target ?? "output";
	if (info.task === "classification" && info.labels) {
		const labels = info.labels;
		return [`${name}: ${p.label}`, ...columns(p.output.map((v, i) => [`  ${labels[i]}`, formatNumber(v)]))];
	}
	if (info.task === "binary" && info.labels) {
		return [
			`${name}: ${p.label} (output ${formatNumber(p.output[0])}; 0.5 and above means ${info.labels[1]}, below means ${info.labels[0]})`,
		];
	}
	return [`${name}: ${p.output.map(formatNumber).join(", ")}`];
}

// An output that overflowed would print as null (JSON) or Infinity: refuse it, saying where it came from.
function refuseNonFinite(
	predictions: readonly RowPrediction[],
	rows: readonly (readonly number[])[],
	where: (i: number) => string,
): void {
	predictions.forEach((p, i) => {
		const bad = p.output.find((v) => !Number.isFinite(v));
		if (bad === undefined) return;
		const largest = Math.max(...(rows[i] ?? []).map(Math.abs));
		throw new CliError(
			`the model's output for ${where(i)} is ${bad}, not a finite number: the network overflowed on inputs as large as ${formatNumber(largest)}`,
		);
	});
}

function jsonOne(info: ModelInfo, p: RowPrediction): Record<string, unknown> {
	const result: Record<string, unknown> = { output: p.output };
	if (p.label !== null) result.label = p.label;
	if (info.task === "classification" && info.labels) {
		result.probabilities = Object.fromEntries(info.labels.map((l, i) => [l, p.output[i]]));
	}
	return result;
}

/**
 * Runs `backprop predict`. One row from --input prints the prediction (with the
 * label and class probabilities where the model has labels); --data prints the
 * file as CSV with prediction columns added. Throws UsageError for neither or
 * both of --input and --data, or --input with the wrong number of values;
 * CliError for model and data file problems, and for an output that is not a
 * finite number (naming the row and how large its inputs are).
 */
export async function predictCommand(modelPath: string, flags: PredictFlags, io: CliIo): Promise<number> {
	if (flags.input === undefined && flags.data === undefined) {
		throw new UsageError("predict needs --input v1,v2,... (one row) or --data rows.csv");
	}
	if (flags.input !== undefined && flags.data !== undefined) {
		throw new UsageError("predict takes --input or --data, not both");
	}
	const input = flags.input === undefined ? null : numberList("--input", flags.input);
	const { model, info } = await openModel(modelPath, io.cwd);
	if (input !== null) {
		if (input.length !== info.inputs) {
			const names = info.features ? ` (${info.features.join(", ")})` : "";
			throw new UsageError(
				`--input has ${input.length} value${input.length === 1 ? "" : "s"}, but the model ${modelPath} takes ${info.inputs}${names}`,
			);
		}
		const [p] = predictRows(model, info, [input]) as [RowPrediction];
		refuseNonFinite([p], [input], () => "--input");
		io.stdout.write(
			flags.json ? `${JSON.stringify({ input, ...jsonOne(info, p) })}\n` : `${describeOne(info, p).join("\n")}\n`,
		);
		return EXIT_OK;
	}
	const table = await readCsvFile(flags.data as string, { cwd: io.cwd });
	const features = featureColumns(table, info, modelPath, info.target ?? undefined);
	const rows = numericColumns(table, features);
	const predictions = predictRows(model, info, rows);
	refuseNonFinite(predictions, rows, (i) => `${table.source} line ${table.rows[i]?.line}`);
	if (flags.json) {
		const rows = predictions.map((p, i) => ({ line: table.rows[i]?.line, ...jsonOne(info, p) }));
		io.stdout.write(`${JSON.stringify({ rows })}\n`);
		return EXIT_OK;
	}
	let text = csvLine([...table.header, ...outputHeader(info)]);
	predictions.forEach((p, i) => {
		text += csvLine([...(table.rows[i]?.cells ?? []), ...outputCells(p)]);
	});
	io.stdout.write(text);
	return EXIT_OK;
}
