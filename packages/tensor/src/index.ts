/**
 * @backprop/tensor: n-dimensional float tensors over `ndarray`, with NumPy
 * broadcasting, reductions, matmul and a seeded RNG. Every op is a row of the
 * op table (table/); its kernels run on the active backend (backends/).
 */
import { tensorOps } from "./ops/methods";

export type {
	AdamStep,
	ArithmeticOpName,
	Backend,
	BinaryOpName,
	CompareOpName,
	FusedGradName,
	Kernels,
	ReduceOpName,
	RMSPropStep,
	StridedMatrix,
	StridedView,
	UnaryOpName,
	WindowGeometry,
} from "./backends/backend";
export { getBackend, listBackends, registerBackend, setBackend } from "./backends/registry";
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
export { type FormatOptions, formatTensor, formatValues } from "./format";
export { fusedGrad, mapElements } from "./ops/elementwise";
export { adamStep, axpy, type RMSPropState, rmspropStep, sumSquaredDifference } from "./ops/fused";
export { tensorOps } from "./ops/methods";
export { describe as describeValue } from "./ops/operand";
export type { Paddings } from "./ops/pad";
export type { GradContext, GradRule, OpRow } from "./ops/row";
export { scatterAdd } from "./ops/shape";
export type { OpMethods, OpName, OpSignatures } from "./ops/signatures";
export { unbroadcast } from "./ops/unbroadcast";
export type { Conv2DOptions, Padding, Pool2DOptions, Size2D } from "./ops/window";
export { Rng } from "./rng";
export { broadcastShapes, normalizeAxes, normalizeAxis, sameShape, sizeOf } from "./shape";
export { opTable } from "./table";
export { type Axis, type NestedArray, Tensor, type TensorLike } from "./tensor";

/** The op table's functions over tensors; `add(a, b)` is `a.add(b)`. See OpSignatures for each op's documentation. */
export const {
	add,
	sub,
	mul,
	div,
	pow,
	maximum,
	minimum,
	eq,
	ne,
	lt,
	le,
	gt,
	ge,
	where,
	neg,
	exp,
	log,
	sqrt,
	abs,
	sigmoid,
	tanh,
	relu,
	softplus,
	square,
	sign,
	reciprocal,
	sin,
	cos,
	log1p,
	expm1,
	erf,
	clip,
	sum,
	mean,
	max,
	min,
	variance,
	std,
	logSumExp,
	softmax,
	logSoftmax,
	argmax,
	matmul,
	linear,
	transpose,
	reshape,
	flatten,
	broadcastTo,
	slice,
	gather,
	concat,
	pad,
	astype,
	clone,
	contiguous,
	conv2d,
	maxPool2d,
	avgPool2d,
} = tensorOps;
