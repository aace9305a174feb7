/**
 * Elementwise kernels: plain loops over contiguous typed arrays. They are the fast
 * path for operands that are already dense and of one shape; strided and broadcast
 * operands go through ndarray-ops (see ops/elementwise.ts).
 *
 * Each op has its own loop rather than one loop calling a function per element:
 * a shared loop would see many callees and V8 would stop inlining them.
 */
import type { TypedArray } from "../dtype";

/** `out[i] = f(a[i], b[i])` over whole arrays of equal length. */
export type BinaryKernel = (a: TypedArray, b: TypedArray, out: TypedArray) => void;
/** `out[i] = f(a[i], s)` for a scalar `s`. */
export type ScalarKernel = (a: TypedArray, s: number, out: TypedArray) => void;
/** `out[i] = f(x[i])`; `out` may be `x` itself. */
export type UnaryKernel = (x: TypedArray, out: TypedArray) => void;

/** Binary kernels by op name, tensor with tensor. */
export const binaryKernels = {
	add: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = (a[i] as number) + (b[i] as number);
	},
	sub: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = (a[i] as number) - (b[i] as number);
	},
	mul: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = (a[i] as number) * (b[i] as number);
	},
	div: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = (a[i] as number) / (b[i] as number);
	},
	pow: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = (a[i] as number) ** (b[i] as number);
	},
	maximum: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.max(a[i] as number, b[i] as number);
	},
	minimum: (a, b, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.min(a[i] as number, b[i] as number);
	},
} satisfies Record<string, BinaryKernel>;

/** Binary kernels by op name, tensor with a scalar on the right. */
export const scalarKernels = {
	add: (a, s, o) => {
		for (let i = 0; i < o.length; i++) o[i] = (a[i] as number) + s;
	},
	sub: (a, s, o) => {
		for (let i = 0; i < o.length; i++) o[i] = (a[i] as number) - s;
	},
	mul: (a, s, o) => {
		for (let i = 0; i < o.length; i++) o[i] = (a[i] as number) * s;
	},
	div: (a, s, o) => {
		for (let i = 0; i < o.length; i++) o[i] = (a[i] as number) / s;
	},
	pow: (a, s, o) => {
		if (s === 2) {
			for (let i = 0; i < o.length; i++) o[i] = (a[i] as number) * (a[i] as number);
		} else {
			for (let i = 0; i < o.length; i++) o[i] = (a[i] as number) ** s;
		}
	},
	maximum: (a, s, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.max(a[i] as number, s);
	},
	minimum: (a, s, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.min(a[i] as number, s);
	},
} satisfies Record<keyof typeof binaryKernels, ScalarKernel>;

/**
 * `out[i] = f(a[i], b[i mod b.length])`: `b` repeats along the rows of `a`, the
 * shape of a bias added to a batch ([n, m] with [m]).
 */
export type RowKernel = (a: TypedArray, b: TypedArray, out: TypedArray) => void;

/** Row-broadcast kernels for the arithmetic ops. */
export const rowKernels = {
	add: (a, b, o) => {
		const m = b.length;
		for (let i = 0; i < o.length; i += m)
			for (let j = 0; j < m; j++) o[i + j] = (a[i + j] as number) + (b[j] as number);
	},
	sub: (a, b, o) => {
		const m = b.length;
		for (let i = 0; i < o.length; i += m)
			for (let j = 0; j < m; j++) o[i + j] = (a[i + j] as number) - (b[j] as number);
	},
	mul: (a, b, o) => {
		const m = b.length;
		for (let i = 0; i < o.length; i += m)
			for (let j = 0; j < m; j++) o[i + j] = (a[i + j] as number) * (b[j] as number);
	},
	div: (a, b, o) => {
		const m = b.length;
		for (let i = 0; i < o.length; i += m)
			for (let j = 0; j < m; j++) o[i + j] = (a[i + j] as number) / (b[j] as number);
	},
} satisfies Partial<Record<string, RowKernel>>;

/** Unary kernels by op name. */
export const unaryKernels = {
	neg: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = -(x[i] as number);
	},
	exp: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.exp(x[i] as number);
	},
	log: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.log(x[i] as number);
	},
	sqrt: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.sqrt(x[i] as number);
	},
	abs: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.abs(x[i] as number);
	},
	// 1 / (1 + e^-x) is the tutorial's formula and never overflows to NaN in floats:
	// for x -> -inf, e^-x becomes Infinity and the quotient exactly 0.
	sigmoid: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = 1 / (1 + Math.exp(-(x[i] as number)));
	},
	tanh: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.tanh(x[i] as number);
	},
	relu: (x, o) => {
		for (let i = 0; i < o.length; i++) {
			const v = x[i] as number;
			o[i] = Math.max(v, 0);
		}
	},
	// log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow for large |x|.
	softplus: (x, o) => {
		for (let i = 0; i < o.length; i++) {
			const v = x[i] as number;
			o[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
		}
	},
	square: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = (x[i] as number) * (x[i] as number);
	},
	sign: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = Math.sign(x[i] as number);
	},
	reciprocal: (x, o) => {
		for (let i = 0; i < o.length; i++) o[i] = 1 / (x[i] as number);
	},
} satisfies Record<string, UnaryKernel>;

/** Names of the binary elementwise ops. */
export type BinaryOpName = keyof typeof binaryKernels;
/** Names of the unary elementwise ops. */
export type UnaryOpName = keyof typeof unaryKernels;
