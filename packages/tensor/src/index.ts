/**
 * @backprop/tensor: n-dimensional float tensors over `ndarray`, with NumPy
 * broadcasting, reductions, a matmul kernel and a seeded RNG.
 */
export {
	arange,
	type CreateOptions,
	eye,
	full,
	ones,
	type RandomOptions,
	rand,
	randn,
	type TensorData,
	type TensorOptions,
	tensor,
	zeros,
} from "./create";
export { type DType, resultDtype, type TypedArray } from "./dtype";
export { formatShape, ShapeError } from "./errors";
export * from "./ops/elementwise";
export { matmul } from "./ops/linalg";
export { argmax, max, mean, min, sum } from "./ops/reduce";
export { broadcastTo, concat, gather, reshape, slice, transpose } from "./ops/shape";
export { logSoftmax, logSumExp, softmax } from "./ops/softmax";
export { Rng } from "./rng";
export { broadcastShapes, normalizeAxes, normalizeAxis, sameShape, sizeOf } from "./shape";
export { type Axis, type NestedArray, Tensor, type TensorLike } from "./tensor";
