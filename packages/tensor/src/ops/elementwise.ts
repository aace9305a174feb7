/**
 * Elementwise ops. Dense operands of one shape run the plain loops in
 * kernels/elementwise.ts; strided or broadcast operands run ndarray-ops over
 * stride-0 views, so nothing is copied to broadcast.
 */
import type { NdArray } from "ndarray";
import ops from "ndarray-ops";
import { resultDtype, type TypedArray } from "../dtype";
import {
	type BinaryOpName,
	binaryKernels,
	rowKernels,
	scalarKernels,
	type UnaryOpName,
	unaryKernels,
} from "../kernels/elementwise";
import { broadcastShapes, sameShape } from "../shape";
import { Tensor, type TensorLike } from "../tensor";
import { allocArray, broadcastView, checkOperand, checkTensor } from "./operand";

type NdOp = (out: NdArray, a: NdArray, b: NdArray) => unknown;
type NdScalarOp = (out: NdArray, a: NdArray, s: number) => unknown;

/** ndarray-ops' names for each binary op, for the strided path. */
const ndOps: Record<BinaryOpName | CompareName, [NdOp, NdScalarOp]> = {
	add: [ops.add, ops.adds],
	sub: [ops.sub, ops.subs],
	mul: [ops.mul, ops.muls],
	div: [ops.div, ops.divs],
	pow: [ops.pow, ops.pows],
	maximum: [ops.max, ops.maxs],
	minimum: [ops.min, ops.mins],
	eq: [ops.eq, ops.eqs],
	ne: [ops.neq, ops.neqs],
	lt: [ops.lt, ops.lts],
	le: [ops.leq, ops.leqs],
	gt: [ops.gt, ops.gts],
	ge: [ops.geq, ops.geqs],
};

type CompareName = "eq" | "ne" | "lt" | "le" | "gt" | "ge";

function binary(name: BinaryOpName | CompareName, a: TensorLike, b: TensorLike): Tensor {
	checkOperand(a, name);
	checkOperand(b, name);
	// A plain number takes the other operand's dtype (NumPy's weak scalars).
	const ta = typeof a === "number" ? scalarLike(a, b) : a;
	// A rank-0 operand of the same dtype is a scalar: use the scalar loop, not a broadcast.
	if (typeof b !== "number" && b.rank === 0 && b.dtype === ta.dtype && ta.rank > 0) b = b.item();
	if (typeof b === "number") {
		// A number on the right takes the tensor's dtype too, as scalarLike does on the left.
		if (ta.dtype === "float32") b = Math.fround(b);
		const out = allocArray(ta.dtype, ta.shape);
		const kernel = scalarKernels[name as BinaryOpName];
		if (kernel && ta.isDense()) kernel(ta.array.data, b, out.data);
		else if (ta.size > 0) (ndOps[name][1] as NdScalarOp)(out, ta.array, b);
		return new Tensor(out);
	}
	const dtype = resultDtype(ta.dtype, b.dtype);
	if (sameShape(ta.shape, b.shape)) {
		const out = allocArray(dtype, ta.shape);
		const kernel = binaryKernels[name as BinaryOpName];
		if (kernel && ta.isDense() && b.isDense()) kernel(ta.array.data, b.array.data, out.data);
		else if (out.size > 0) ndOps[name][0](out, ta.array, b.array);
		return new Tensor(out);
	}
	const shape = broadcastShapes(ta.shape, b.shape, name);
	const out = allocArray(dtype, shape);
	const rowKernel = rowKernels[name as keyof typeof rowKernels];
	if (rowKernel && b.size > 0 && repeatsAlongRows(ta, b, shape)) {
		rowKernel(ta.array.data, b.array.data, out.data);
		return new Tensor(out);
	}
	if (out.size > 0) ndOps[name][0](out, broadcastView(ta, shape, name), broadcastView(b, shape, name));
	return new Tensor(out);
}

// True when a is dense with the result's shape and b, dense, equals a's trailing
// dimensions (leading 1s aside): b repeats along a's rows, e.g. a bias over a batch.
function repeatsAlongRows(a: Tensor, b: Tensor, shape: readonly number[]): boolean {
	if (!sameShape(a.shape, shape) || !a.isDense() || !b.isDense()) return false;
	let first = 0;
	while (first < b.rank && b.shape[first] === 1) first++;
	const tail = b.rank - first;
	for (let i = 0; i < tail; i++) if (b.shape[first + i] !== shape[shape.length - tail + i]) return false;
	return true;
}

function scalarLike(value: number, other: TensorLike): Tensor {
	const dtype = typeof other === "number" ? "float64" : other.dtype;
	const data: TypedArray = dtype === "float32" ? new Float32Array([value]) : new Float64Array([value]);
	return Tensor.fromTypedArray(data, []);
}

function unary(name: UnaryOpName, x: Tensor): Tensor {
	const t = checkTensor(x, name);
	const out = allocArray(t.dtype, t.shape);
	// Strided input: copy it dense once (ndarray-ops' assign), then run the loop in place.
	if (t.isDense()) unaryKernels[name](t.array.data, out.data);
	else if (t.size > 0) {
		ops.assign(out, t.array);
		unaryKernels[name](out.data, out.data);
	}
	return new Tensor(out);
}

/** `a + b` elementwise with NumPy broadcasting. Throws ShapeError if the shapes do not broadcast. */
export const add = (a: TensorLike, b: TensorLike): Tensor => binary("add", a, b);
/** `a - b` elementwise with broadcasting. Throws ShapeError if the shapes do not broadcast. */
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary("sub", a, b);
/** `a * b` elementwise with broadcasting. Throws ShapeError if the shapes do not broadcast. */
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary("mul", a, b);
/** `a / b` elementwise with broadcasting. Throws ShapeError if the shapes do not broadcast. */
export const div = (a: TensorLike, b: TensorLike): Tensor => binary("div", a, b);
/** `a ** b` elementwise with broadcasting. Throws ShapeError if the shapes do not broadcast. */
export const pow = (a: TensorLike, b: TensorLike): Tensor => binary("pow", a, b);
/** Elementwise maximum with broadcasting; NaN propagates. */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary("maximum", a, b);
/** Elementwise minimum with broadcasting; NaN propagates. */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary("minimum", a, b);
/** 1 where `a == b`, else 0, with broadcasting. */
export const eq = (a: TensorLike, b: TensorLike): Tensor => binary("eq", a, b);
/** 1 where `a != b`, else 0, with broadcasting. */
export const ne = (a: TensorLike, b: TensorLike): Tensor => binary("ne", a, b);
/** 1 where `a < b`, else 0, with broadcasting. */
export const lt = (a: TensorLike, b: TensorLike): Tensor => binary("lt", a, b);
/** 1 where `a <= b`, else 0, with broadcasting. */
export const le = (a: TensorLike, b: TensorLike): Tensor => binary("le", a, b);
/** 1 where `a > b`, else 0, with broadcasting. */
export const gt = (a: TensorLike, b: TensorLike): Tensor => binary("gt", a, b);
/** 1 where `a >= b`, else 0, with broadcasting. */
export const ge = (a: TensorLike, b: TensorLike): Tensor => binary("ge", a, b);

/** `-x`. Throws TypeError for a non-tensor. */
export const neg = (x: Tensor): Tensor => unary("neg", x);
/** `e^x`. */
export const exp = (x: Tensor): Tensor => unary("exp", x);
/** Natural logarithm; log(0) = -Infinity and log of a negative number is NaN, as in IEEE floats. */
export const log = (x: Tensor): Tensor => unary("log", x);
/** Square root. */
export const sqrt = (x: Tensor): Tensor => unary("sqrt", x);
/** Absolute value. */
export const abs = (x: Tensor): Tensor => unary("abs", x);
/** Logistic sigmoid `1 / (1 + e^-x)`; exactly 0 and 1 far out, never NaN for finite x. */
export const sigmoid = (x: Tensor): Tensor => unary("sigmoid", x);
/** Hyperbolic tangent. */
export const tanh = (x: Tensor): Tensor => unary("tanh", x);
/** Rectified linear unit `max(x, 0)`. */
export const relu = (x: Tensor): Tensor => unary("relu", x);
/** `log(1 + e^x)`, computed without overflow. */
export const softplus = (x: Tensor): Tensor => unary("softplus", x);
/** `x * x`. */
export const square = (x: Tensor): Tensor => unary("square", x);
/** -1, 0 or 1 by the sign of x (NaN stays NaN). */
export const sign = (x: Tensor): Tensor => unary("sign", x);
/** `1 / x`. */
export const reciprocal = (x: Tensor): Tensor => unary("reciprocal", x);

/** `x` clamped into [low, high]. Throws a RangeError when low > high. */
export function clip(x: Tensor, low: number, high: number): Tensor {
	if (!(low <= high)) throw new RangeError(`clip: low (${low}) must not exceed high (${high})`);
	return minimum(maximum(x, low), high);
}
