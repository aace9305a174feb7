/**
 * @backprop/data: datasets and data handling — parsing CSV with line and column
 * errors, choosing columns, text labels to classes, standardization with saved
 * statistics, and the tutorial's gender data. Runs in a browser; reading files
 * from disk is in `@backprop/data/node`.
 */
export {
	type Column,
	type ColumnChoice,
	type ColumnSelection,
	findColumn,
	type LabelledClasses,
	labelIndices,
	labelsToClasses,
	numericColumns,
	selectColumns,
	type TargetColumn,
	targetColumn,
} from "./columns";
export { parseCsv, type Table, type TableRow } from "./csv";
export * from "./datasets/gender";
export { ColumnError, DataError, oneLine, quote } from "./errors";
export { parseNumber } from "./numbers";
export { Standardizer, type StandardizerStats } from "./standardizer";
