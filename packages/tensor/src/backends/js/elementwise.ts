/**
 * Elementwise kernels: plain loops over contiguous typed arrays. They are the fast
 * path for operands that are already dense and of one shape; strided and broadcast
 * operands go through ndarray-ops (see ops/elementwise.ts).
 *
 * Each op has its own loop rather than one loop calling a function per element:
 * a shared loop would see many callees and V8 would stop inlining them.
 */
import type { TypedArray } from "../../dtype";
import type { ArithmeticOpName, BinaryOpName } from "../backend";
import { erf } from "./erf";

/** `out[i] = f(a[i], b[i])` over whole arrays of equal length. */
export type BinaryKernel = (a: TypedArray, b: TypedArray, out: TypedArray) => void;
/** `out[i] = f(a[i], s)` for a scalar `s`. */
export type ScalarKernel = (a: TypedArray, s: number, out: TypedArray) => void;
/** `out[i] = f(x[i])`; `out` may be `x` itself. */
export type UnaryKernel = (x: TypedArray, out: TypedArray) => void;

/**
 * Binary kernels by op name, tensor with tensor. This table names the binary ops
 * (BinaryOpName) and its doc comments are the ops' documentation.
 */
export const binaryKernels = {
	/** `a + b`. */
	add: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] + b[i];
	},
	/** `a - b`. */
	sub: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] - b[i];
	},
	/** `a * b`. */
	mul: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] * b[i];
	},
	/** `a / b`. */
	div: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] / b[i];
	},
	/**
	 * `a ** b`; differentiable in both: d/da = b·a^(b-1), 0 where b = 0 (a^0 is constant,
	 * even at a = 0); d/db = a^b·ln(a), 0 where a^b = 0 or where a = 0 and b ≥ 0 (as PyTorch).
	 */
	pow: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] ** b[i];
	},
	/** Elementwise maximum; NaN propagates; the gradient goes to the larger operand, on a tie to `a`. */
	maximum: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.max(a[i], b[i]);
	},
	/** Elementwise minimum; NaN propagates; the gradient goes to the smaller operand, on a tie to `a`. */
	minimum: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.min(a[i], b[i]);
	},
	/** 1 where `a == b`, else 0 (no gradient). */
	eq: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] === b[i] ? 1 : 0;
	},
	/** 1 where `a != b`, else 0 (no gradient). */
	ne: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] !== b[i] ? 1 : 0;
	},
	/** 1 where `a < b`, else 0 (no gradient). */
	lt: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] < b[i] ? 1 : 0;
	},
	/** 1 where `a <= b`, else 0 (no gradient). */
	le: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] <= b[i] ? 1 : 0;
	},
	/** 1 where `a > b`, else 0 (no gradient). */
	gt: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] > b[i] ? 1 : 0;
	},
	/** 1 where `a >= b`, else 0 (no gradient). */
	ge: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] >= b[i] ? 1 : 0;
	},
} satisfies Record<string, BinaryKernel>;

/** Binary kernels by op name, tensor with a scalar on the right. */
export const scalarKernels = {
	add: (a, s, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] + s;
	},
	sub: (a, s, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] - s;
	},
	mul: (a, s, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] * s;
	},
	div: (a, s, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] / s;
	},
	pow: (a, s, o) => {
		if (s === 2) {
			for (let i = 0; i < o.length; i++) o[i] = a[i] * a[i];
		} else {
			for (let i = 0; i < o.length; i++) o[i] = a[i] ** s;
		}
	},
	maximum: (a, s, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.max(a[i], s);
	},
	minimum: (a, s, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.min(a[i], s);
	},
	eq: (a, s, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] === s ? 1 : 0;
	},
	ne: (a, s, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] !== s ? 1 : 0;
	},
	lt: (a, s, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] < s ? 1 : 0;
	},
	le: (a, s, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] <= s ? 1 : 0;
	},
	gt: (a, s, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] > s ? 1 : 0;
	},
	ge: (a, s, o) => {
		for (let i = 0; i < o.length; i++) o[i] = a[i] >= s ? 1 : 0;
	},
} satisfies Record<BinaryOpName, ScalarKernel>;

/**
 * `out[i] = f(a[i], b[i mod b.length])`: `b` repeats along the rows of `a`, the
 * shape of a bias added to a batch ([n, m] with [m]).
 */
export type RowKernel = (a: TypedArray, b: TypedArray, out: TypedArray) => void;

/** Row-broadcast kernels for the arithmetic ops. */
export const rowKernels = {
	add: (a, b, o) => {
		const m = b.length;
		for (let i = 0; i < o.length; i += m) for (let j = 0; j < m; j++) o[i + j] = a[i + j] + b[j];
	},
	sub: (a, b, o) => {
		const m = b.length;
		for (let i = 0; i < o.length; i += m) for (let j = 0; j < m; j++) o[i + j] = a[i + j] - b[j];
	},
	mul: (a, b, o) => {
		const m = b.length;
		for (let i = 0; i < o.length; i += m) for (let j = 0; j < m; j++) o[i + j] = a[i + j] * b[j];
	},
	div: (a, b, o) => {
		const m = b.length;
		for (let i = 0; i < o.length; i += m) for (let j = 0; j < m; j++) o[i + j] = a[i + j] / b[j];
	},
	pow: (a, b, o) => {
		const m = b.length;
		for (let i = 0; i < o.length; i += m) for (let j = 0; j < m; j++) o[i + j] = a[i + j] ** b[j];
	},
	maximum: (a, b, o) => {
		const m = b.length;
		for (let i = 0; i < o.length; i += m) for (let j = 0; j < m; j++) o[i + j] = Math.max(a[i + j], b[j]);
	},
	minimum: (a, b, o) => {
		const m = b.length;
		for (let i = 0; i < o.length; i += m) for (let j = 0; j < m; j++) o[i + j] = Math.min(a[i + j], b[j]);
	},
} satisfies Record<ArithmeticOpName, RowKernel>;

/**
 * Unary kernels by op name. This table names the unary ops (UnaryOpName) and its
 * doc comments are the ops' documentation: a new unary op is a kernel here and a
 * gradient row in table/elementwise.ts.
 */
export const unaryKernels = {
	/** `-x`. */
	neg: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = -x[i];
	},
	/** `e^x`. */
	exp: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.exp(x[i]);
	},
	/** Natural logarithm; log(0) = -Infinity and log of a negative number is NaN, as in IEEE floats. */
	log: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.log(x[i]);
	},
	/** Square root. */
	sqrt: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.sqrt(x[i]);
	},
	/** Absolute value; abs'(0) = 0. */
	abs: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.abs(x[i]);
	},
	// 1 / (1 + e^-x) is the tutorial's formula and never overflows to NaN in floats:
	// for x -> -inf, e^-x becomes Infinity and the quotient exactly 0.
	/** Logistic sigmoid `1 / (1 + e^-x)`; exactly 0 and 1 far out, never NaN for finite x. */
	sigmoid: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = 1 / (1 + Math.exp(-x[i]));
	},
	/** Hyperbolic tangent. */
	tanh: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.tanh(x[i]);
	},
	/** Rectified linear unit `max(x, 0)`; relu'(0) = 0. */
	relu: (x, o) => {
		for (let i = 0; i < o.length; i++) {
			const v = x[i];
			o[i] = Math.max(v, 0);
		}
	},
	// log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow for large |x|.
	/** `log(1 + e^x)`, computed without overflow. */
	softplus: (x, o) => {
		for (let i = 0; i < o.length; i++) {
			const v = x[i];
			o[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
		}
	},
	/** `x * x`. */
	square: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = x[i] * x[i];
	},
	/** -1, 0 or 1 by the sign of x (NaN stays NaN); no gradient. */
	sign: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.sign(x[i]);
	},
	/** `1 / x`. */
	reciprocal: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = 1 / x[i];
	},
	/** Sine (radians). */
	sin: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.sin(x[i]);
	},
	/** Cosine (radians). */
	cos: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.cos(x[i]);
	},
	/** `log(1 + x)`, accurate for small x. */
	log1p: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.log1p(x[i]);
	},
	/** `e^x - 1`, accurate for small x. */
	expm1: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.expm1(x[i]);
	},
	/** The error function `(2/√π) ∫₀ˣ e^(-t²) dt` (GELU's building block), to a few ulp in float64. */
	erf: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = erf(x[i]);
	},
} satisfies Record<string, UnaryKernel>;
