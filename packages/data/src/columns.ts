/**
 * From a CSV table to numbers: choosing the target and feature columns, reading
 * numbers (errors name the line and column), and turning text labels into class
 * indices.
 */
import type { Table } from "./csv";
import { ColumnError, DataError, quote } from "./errors";
import { parseNumber } from "./numbers";

/** A column of a table: its name and its position (0-based). */
export interface Column {
	name: string;
	index: number;
}

/** Where the target and features are in a table. */
export interface ColumnChoice {
	target: Column;
	features: Column[];
}

/** Which columns {@link selectColumns} picks; each left out takes its default. */
export interface ColumnSelection {
	/** The target column's name (default: the last column). */
	target?: string;
	/** The feature columns' names, in the order the model takes them (default: every other column). */
	features?: readonly string[];
}

/**
 * The column named `name`. Throws ColumnError (with `option`, when given)
 * naming the table and listing its columns when there is none.
 */
export function findColumn(table: Table, name: string, option: "target" | "features" | null = null): Column {
	const index = table.header.indexOf(name);
	if (index < 0) {
		throw new ColumnError(`no column ${quote(name)} in ${table.source} (columns: ${table.header.join(", ")})`, option);
	}
	return { name, index };
}

/**
 * Picks the target (default: the last column) and the features (default: every
 * other column). Throws ColumnError for a name that is not a column (option
 * "target" or "features"), a feature that is also the target ("features"), or no
 * feature columns left (option null).
 */
export function selectColumns(table: Table, selection: ColumnSelection = {}): ColumnChoice {
	const target =
		selection.target === undefined
			? { name: table.header[table.header.length - 1] as string, index: table.header.length - 1 }
			: findColumn(table, selection.target, "target");
	const features =
		selection.features === undefined
			? table.header.map((name, index) => ({ name, index })).filter((c) => c.index !== target.index)
			: selection.features.map((name) => findColumn(table, name, "features"));
	if (features.some((c) => c.index === target.index)) {
		throw new ColumnError(`${quote(target.name)} is the target column and cannot also be a feature`, "features");
	}
	if (features.length === 0) {
		throw new ColumnError(`${table.source} has no feature columns besides the target ${quote(target.name)}`);
	}
	return { target, features };
}

/** "data.csv: line 4, column 2 ('x2')": where a cell is, for messages. */
function cellLocation(table: Table, rowIndex: number, column: Column): string {
	return `${table.source}: line ${table.rows[rowIndex]?.line}, column ${column.index + 1} (${quote(column.name)})`;
}

/**
 * The `columns` of every row as numbers, one row of numbers per table row.
 * Throws DataError naming the source, line, column number and name for an
 * empty or non-numeric value.
 */
export function numericColumns(table: Table, columns: readonly Column[]): number[][] {
	return table.rows.map((row, r) =>
		columns.map((column) => {
			const cell = row.cells[column.index] as string;
			const v = parseNumber(cell);
			if (v === null) {
				throw new DataError(
					`${cellLocation(table, r, column)}: ${cell === "" ? "empty value" : `${quote(cell)} is not a number`}`,
				);
			}
			return v;
		}),
	);
}

/** Text labels as classes: the distinct labels sorted, and each value's index into them. */
export interface LabelledClasses {
	labels: string[];
	classes: number[];
}

/**
 * Turns text labels into class indices: the distinct labels sorted (so the same
 * labels always give the same classes), and each value's index among them.
 * `labelsToClasses(["dog", "cat", "dog"])` is `{ labels: ["cat", "dog"], classes: [1, 0, 1] }`.
 * Never throws.
 */
export function labelsToClasses(values: readonly string[]): LabelledClasses {
	const labels = [...new Set(values)].sort();
	const index = new Map(labels.map((l, i) => [l, i]));
	return { labels, classes: values.map((v) => index.get(v) as number) };
}

/** A target column: numbers (regression), or text turned into class indices into `labels`. */
export type TargetColumn =
	| { kind: "numeric"; name: string; values: number[] }
	| { kind: "labels"; name: string; labels: string[]; classes: number[] };

/**
 * Reads the target column. All numbers → numeric; no numbers → class labels
 * (see {@link labelsToClasses}). Throws DataError for a column that mixes numbers
 * and text (naming the first line of the minority kind), an empty value, or text
 * with fewer than two distinct labels.
 */
export function targetColumn(table: Table, column: Column): TargetColumn {
	const cells = table.rows.map((r) => r.cells[column.index] as string);
	const empty = cells.indexOf("");
	if (empty >= 0) throw new DataError(`${cellLocation(table, empty, column)}: empty target value`);
	const numbers = cells.map(parseNumber);
	const textRows = numbers.flatMap((v, i) => (v === null ? [i] : []));
	if (textRows.length === 0) return { kind: "numeric", name: column.name, values: numbers as number[] };
	if (textRows.length < cells.length) {
		const numberRow = numbers.findIndex((v) => v !== null);
		const odd = textRows.length <= cells.length / 2 ? textRows[0] : numberRow;
		throw new DataError(
			`${cellLocation(table, odd, column)}: the target column mixes numbers and text (${quote(cells[odd] as string)}); use only numbers for regression or only labels for classification`,
		);
	}
	const { labels, classes } = labelsToClasses(cells);
	if (labels.length < 2) {
		throw new DataError(
			`${table.source}: the target column ${quote(column.name)} has only one label (${quote(labels[0] as string)}); classification needs at least two`,
		);
	}
	return { kind: "labels", name: column.name, labels, classes };
}

/**
 * Class indices of a text column against known `labels` (a saved model's).
 * Throws DataError naming the line for a label that is not one of them.
 */
export function labelIndices(table: Table, column: Column, labels: readonly string[]): number[] {
	const index = new Map(labels.map((l, i) => [l, i]));
	return table.rows.map((row, r) => {
		const cell = row.cells[column.index] as string;
		const k = index.get(cell);
		if (k === undefined) {
			throw new DataError(
				`${cellLocation(table, r, column)}: label ${quote(cell)} is not one the model knows (${labels.join(", ")})`,
			);
		}
		return k;
	});
}
