/**
 * @backprop/data: datasets and data handling — parsing CSV with line and column
 * errors, choosing columns, text labels to classes, standardization with saved
 * statistics, seeded (and stratified) train/test splits, one-hot labels,
 * mini-batches, and the tutorial's gender data. Inputs may be tensors, nested
 * arrays or rows of typed arrays. Runs in a browser; reading files from disk is
 * in `@backprop/data/node`.
 */
export { type BatchOptions, batches } from "./batches";
export { classOfEachRow, oneHot } from "./classes";
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
export { type TrainTestSplit, type TrainTestSplitOptions, trainTestSplit } from "./split";
export { Standardizer, type StandardizerStats } from "./standardizer";
