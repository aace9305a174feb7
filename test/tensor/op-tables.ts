/**
 * The elementwise ops under test, each with its function form, its method form,
 * and its definition on plain numbers (the reference).
 */

import type { Tensor, TensorLike } from "@backprop/tensor";
import * as T from "@backprop/tensor";
import { EXACT, type Tolerance } from "./check";
import { erfReference } from "./reference";

/** A binary op: function, method, reference. */
export interface BinaryOp {
	name: string;
	fn: (a: TensorLike, b: TensorLike) => Tensor;
	method: (a: Tensor, b: TensorLike) => Tensor;
	ref: (x: number, y: number) => number;
	/** Tolerance for float64 results (float32 results are compared to one rounding). */
	tol64: Tolerance;
}

/** A unary op: function, method, reference. */
export interface UnaryOp {
	name: string;
	fn: (a: Tensor) => Tensor;
	method: (a: Tensor) => Tensor;
	ref: (x: number) => number;
	tol64: Tolerance;
}

const bool = (b: boolean): number => (b ? 1 : 0);

/** Every binary elementwise op and comparison. */
export const binaryOps: BinaryOp[] = [
	{ name: "add", fn: T.add, method: (a, b) => a.add(b), ref: (x, y) => x + y, tol64: EXACT },
	{ name: "sub", fn: T.sub, method: (a, b) => a.sub(b), ref: (x, y) => x - y, tol64: EXACT },
	{ name: "mul", fn: T.mul, method: (a, b) => a.mul(b), ref: (x, y) => x * y, tol64: EXACT },
	{ name: "div", fn: T.div, method: (a, b) => a.div(b), ref: (x, y) => x / y, tol64: EXACT },
	{ name: "pow", fn: T.pow, method: (a, b) => a.pow(b), ref: (x, y) => x ** y, tol64: { rtol: 1e-15, atol: 0 } },
	{ name: "maximum", fn: T.maximum, method: (a, b) => a.maximum(b), ref: (x, y) => Math.max(x, y), tol64: EXACT },
	{ name: "minimum", fn: T.minimum, method: (a, b) => a.minimum(b), ref: (x, y) => Math.min(x, y), tol64: EXACT },
	{ name: "eq", fn: T.eq, method: (a, b) => a.eq(b), ref: (x, y) => bool(x === y), tol64: EXACT },
	{ name: "ne", fn: T.ne, method: (a, b) => a.ne(b), ref: (x, y) => bool(x !== y), tol64: EXACT },
	{ name: "lt", fn: T.lt, method: (a, b) => a.lt(b), ref: (x, y) => bool(x < y), tol64: EXACT },
	{ name: "le", fn: T.le, method: (a, b) => a.le(b), ref: (x, y) => bool(x <= y), tol64: EXACT },
	{ name: "gt", fn: T.gt, method: (a, b) => a.gt(b), ref: (x, y) => bool(x > y), tol64: EXACT },
	{ name: "ge", fn: T.ge, method: (a, b) => a.ge(b), ref: (x, y) => bool(x >= y), tol64: EXACT },
];

/** Every unary elementwise op. */
export const unaryOps: UnaryOp[] = [
	{ name: "neg", fn: T.neg, method: (a) => a.neg(), ref: (x) => -x, tol64: EXACT },
	{ name: "exp", fn: T.exp, method: (a) => a.exp(), ref: Math.exp, tol64: EXACT },
	{ name: "log", fn: T.log, method: (a) => a.log(), ref: Math.log, tol64: EXACT },
	{ name: "sqrt", fn: T.sqrt, method: (a) => a.sqrt(), ref: Math.sqrt, tol64: EXACT },
	{ name: "abs", fn: T.abs, method: (a) => a.abs(), ref: (x) => (x < 0 ? -x : x), tol64: EXACT },
	{ name: "sigmoid", fn: T.sigmoid, method: (a) => a.sigmoid(), ref: (x) => 1 / (1 + Math.exp(-x)), tol64: EXACT },
	{ name: "tanh", fn: T.tanh, method: (a) => a.tanh(), ref: Math.tanh, tol64: EXACT },
	{ name: "relu", fn: T.relu, method: (a) => a.relu(), ref: (x) => Math.max(x, 0), tol64: EXACT },
	{
		name: "softplus",
		fn: T.softplus,
		method: (a) => a.softplus(),
		// log(1 + e^x), written so that the reference itself stays accurate on [-10, 10].
		ref: (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
		tol64: { rtol: 1e-14, atol: 0 },
	},
	{ name: "square", fn: T.square, method: (a) => a.square(), ref: (x) => x * x, tol64: EXACT },
	{ name: "sign", fn: T.sign, method: (a) => a.sign(), ref: (x) => (x > 0 ? 1 : x < 0 ? -1 : x), tol64: EXACT },
	{ name: "reciprocal", fn: T.reciprocal, method: (a) => a.reciprocal(), ref: (x) => 1 / x, tol64: EXACT },
	{ name: "sin", fn: T.sin, method: (a) => a.sin(), ref: Math.sin, tol64: EXACT },
	{ name: "cos", fn: T.cos, method: (a) => a.cos(), ref: Math.cos, tol64: EXACT },
	{ name: "log1p", fn: T.log1p, method: (a) => a.log1p(), ref: Math.log1p, tol64: EXACT },
	{ name: "expm1", fn: T.expm1, method: (a) => a.expm1(), ref: Math.expm1, tol64: EXACT },
	{ name: "erf", fn: T.erf, method: (a) => a.erf(), ref: erfReference, tol64: { rtol: 5e-15, atol: 1e-300 } },
];
