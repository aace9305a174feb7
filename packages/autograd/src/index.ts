/**
 * @backprop/autograd: reverse-mode automatic differentiation over
 * @backprop/tensor. Every op is a `defineOp` (the built-in ones derived from the
 * tensor package's op table), so user ops are first-class.
 */
import { variableOps } from "./ops";

export { type Conv2DOptions, type Padding, type Paddings, type Pool2DOptions, unbroadcast } from "@backprop/tensor";
export { defineOp, type Op, type OpContext, type OpDefinition } from "./define-op";
export type { BackwardOptions } from "./engine";
export { type GradCheckOptions, type GradCheckReport, type GradCheckWorst, gradCheck } from "./grad-check";
export { isGradEnabled, noGrad } from "./grad-mode";
export { variableOps } from "./ops";
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

/** The op table's differentiable functions; `add(a, b)` is `a.add(b)`. See OpSignatures in @backprop/tensor for each op. */
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
} = variableOps;
