/**
 * @backprop/autograd: reverse-mode automatic differentiation over
 * @backprop/tensor. Every op is defined with `defineOp`, so user ops are first-class.
 */
export { defineOp, type Op, type OpContext, type OpDefinition } from "./define-op";
export type { BackwardOptions } from "./engine";
export { type GradCheckOptions, type GradCheckReport, type GradCheckWorst, gradCheck } from "./grad-check";
export { isGradEnabled, noGrad } from "./grad-mode";
export * from "./ops/elementwise";
export { linear, matmul } from "./ops/linalg";
export { max, mean, min, sum } from "./ops/reduce";
export { broadcastTo, concat, gather, reshape, slice, transpose } from "./ops/shape";
export { logSoftmax, logSumExp, softmax } from "./ops/softmax";
export { unbroadcast } from "./ops/unbroadcast";
export {
	type GraphNode,
	type Operand,
	toVariable,
	Variable,
	type VariableOptions,
	variable,
	zeroGrad,
	zerosLike,
} from "./variable";
