/**
 * From a CSV table to training data: choosing the target and feature columns,
 * reading numbers (errors name the line and column), and turning a text target
 * into class labels.
 */
import type { Table } from "./csv";
import { CliError, quote, UsageError } from "./errors";
import { parseNumber } from "./flags";

/** Where the target and features are in a table. */
export interface ColumnChoice {
	target: { name: string; index: number };
	features: { name: string; index: number }[];
}

function columnIndex(table: Table, name: string, flag: string): number {
	const i = table.header.indexOf(name);
	if (i < 0) {
		throw new UsageError(`${flag}: no column ${quote(name)} in ${table.path} (columns: ${table.header.join(", ")})`);
	}
	return i;
}

/**
 * Picks the target (default: the last column) and the features (default: every
 * other column). Throws UsageError for a name that is not a column, a feature
 * that is also the target, or no feature columns left.
 */
export function chooseColumns(table: Table, target?: string, features?: readonly string[]): ColumnChoice {
	const targetIndex = target === undefined ? table.header.length - 1 : columnIndex(table, target, "--target");
	const targetName = table.header[targetIndex] as string;
	const chosen =
		features === undefined
			? table.header.map((name, index) => ({ name, index })).filter((c) => c.index !== targetIndex)
			: features.map((name) => ({ name, index: columnIndex(table, name, "--features") }));
	if (chosen.some((c) => c.index === targetIndex)) {
		throw new UsageError(`--features: ${quote(targetName)} is the target column and cannot also be a feature`);
	}
	if (chosen.length === 0) {
		throw new UsageError(`${table.path} has no feature columns besides the target ${quote(targetName)}`);
	}
	return { target: { name: targetName, index: targetIndex }, features: chosen };
}

/**
 * The named columns of every row as numbers. Throws CliError (exit 1) naming the
 * file, line, column number and name for an empty or non-numeric value.
 */
export function numericColumns(table: Table, columns: readonly { name: string; index: number }[]): number[][] {
	return table.rows.map((row) =>
		columns.map(({ name, index }) => {
			const cell = row.cells[index] as string;
			const v = parseNumber(cell);
			if (v === null) {
				throw new CliError(
					`${table.path}: line ${row.line}, column ${index + 1} (${quote(name)}): ${cell === "" ? "empty value" : `${quote(cell)} is not a number`}`,
				);
			}
			return v;
		}),
	);
}

/** A target column: numbers (regression), or text turned into class indices into `labels`. */
export type TargetColumn =
	| { kind: "numeric"; name: string; values: number[] }
	| { kind: "labels"; name: string; labels: string[]; classes: number[] };

/**
 * Reads the target column. All numbers → numeric; no numbers → class labels,
 * sorted, each row's value becoming its label's index. Throws CliError (exit 1)
 * for a column that mixes numbers and text (naming the first line of the
 * minority kind), an empty value, or text with fewer than two distinct labels.
 */
export function targetColumn(table: Table, column: { name: string; index: number }): TargetColumn {
	const cells = table.rows.map((r) => r.cells[column.index] as string);
	const where = (i: number) =>
		`${table.path}: line ${table.rows[i]?.line}, column ${column.index + 1} (${quote(column.name)})`;
	const empty = cells.indexOf("");
	if (empty >= 0) throw new CliError(`${where(empty)}: empty target value`);
	const numbers = cells.map(parseNumber);
	const textRows = numbers.flatMap((v, i) => (v === null ? [i] : []));
	if (textRows.length === 0) return { kind: "numeric", name: column.name, values: numbers as number[] };
	if (textRows.length < cells.length) {
		const numberRow = numbers.findIndex((v) => v !== null);
		const odd = textRows.length <= cells.length / 2 ? (textRows[0] as number) : numberRow;
		throw new CliError(
			`${where(odd)}: the target column mixes numbers and text (${quote(cells[odd] as string)}); use only numbers for regression or only labels for classification`,
		);
	}
	const labels = [...new Set(cells)].sort();
	if (labels.length < 2) {
		throw new CliError(
			`${table.path}: the target column ${quote(column.name)} has only one label (${quote(labels[0] as string)}); classification needs at least two`,
		);
	}
	const index = new Map(labels.map((l, i) => [l, i]));
	return { kind: "labels", name: column.name, labels, classes: cells.map((c) => index.get(c) as number) };
}

/**
 * Class indices of a text target against the model's `labels`. Throws CliError
 * (exit 1) naming the line for a label the model does not know.
 */
export function labelIndices(
	table: Table,
	column: { name: string; index: number },
	labels: readonly string[],
): number[] {
	const index = new Map(labels.map((l, i) => [l, i]));
	return table.rows.map((row) => {
		const cell = row.cells[column.index] as string;
		const k = index.get(cell);
		if (k === undefined) {
			throw new CliError(
				`${table.path}: line ${row.line}, column ${column.index + 1} (${quote(column.name)}): label ${quote(cell)} is not one the model knows (${labels.join(", ")})`,
			);
		}
		return k;
	});
}
