/** The data a `train` run learns from: a CSV file's columns, or the tutorial's built-in people. */
import {
	ColumnError,
	numericColumns,
	selectColumns,
	type Table,
	type TargetColumn,
	targetColumn,
} from "@backprop/data";
import { readCsvFile } from "@backprop/data/node";
import { builtInGender } from "../builtin-data";
import { UsageError } from "../errors";
import { textFeatureHint } from "./train-toolbox";

/** Features and target, read and checked. */
export interface TrainingData {
	/** The CSV path as given, or null for the built-in data. */
	path: string | null;
	/** A line describing where the data came from, for people. */
	description: string;
	/** Feature names, in column order. */
	features: string[];
	/** One row of numbers per sample. */
	x: number[][];
	/** The target: numbers, or class labels. */
	y: TargetColumn;
	/** For a 0/1 target: what 0 and 1 mean (["M", "F"] for the tutorial), else null. */
	binaryLabels: [string, string] | null;
}

/**
 * The columns --target and --features pick (see selectColumns). Throws
 * UsageError naming the flag for a column the table does not have.
 */
function chooseColumns(table: Table, target: string | undefined, features: string[] | undefined) {
	try {
		return selectColumns(table, {
			...(target !== undefined ? { target } : {}),
			...(features !== undefined ? { features } : {}),
		});
	} catch (e) {
		if (e instanceof ColumnError) throw new UsageError(e.option ? `--${e.option}: ${e.message}` : e.message);
		throw e;
	}
}

/**
 * Reads the training data: the CSV at `path` (relative to `cwd`) with the chosen
 * columns, or the built-in gender data when `path` is undefined. Throws
 * UsageError for column flags without a file or naming unknown columns, and
 * DataError for file and value problems (see readCsvFile, numericColumns, targetColumn).
 */
export async function loadTrainingData(
	path: string | undefined,
	cwd: string,
	target: string | undefined,
	features: string[] | undefined,
): Promise<TrainingData> {
	if (path === undefined) {
		if (target !== undefined)
			throw new UsageError("--target needs a data file (without one, the built-in gender data is used)");
		if (features !== undefined) {
			throw new UsageError("--features needs a data file (without one, the built-in gender data is used)");
		}
		return builtInGender();
	}
	const table = await readCsvFile(path, { cwd });
	const choice = chooseColumns(table, target, features);
	let x: number[][];
	try {
		x = numericColumns(table, choice.features);
	} catch (e) {
		// A text column among the features (a date, an id): say how to leave it out.
		if (e instanceof Error)
			e.message = textFeatureHint(
				e.message,
				choice.features.map((f) => f.name),
			);
		throw e;
	}
	const y = targetColumn(table, choice.target);
	return {
		path,
		description: `${path} (${table.rows.length} rows)`,
		features: choice.features.map((f) => f.name),
		x,
		y,
		binaryLabels: null,
	};
}
