/**
 * @backprop/data: data handling for @backprop/nn — seeded (and stratified)
 * train/test splits, one-hot labels and mini-batches. Inputs may be tensors,
 * nested arrays or rows of typed arrays.
 */
export { type BatchOptions, batches } from "./batches";
export { classOfEachRow, oneHot } from "./classes";
export { type TrainTestSplit, type TrainTestSplitOptions, trainTestSplit } from "./split";
