/**
 * The public signature of every op in the op table, with its documentation:
 * the one place the ops' types are written. `S` is the result type, `O` an
 * operand that may also be a plain number, `X` the receiver (`Tensor`, `Tensor`
 * and `Tensor | number` for tensors; `Variable` and `Operand` for variables).
 * The free functions are these signatures; the methods are the same minus the
 * first argument (ops/methods.ts). Every op may throw TypeError for an operand
 * that is not a tensor (or number where allowed) and ShapeError for shapes that
 * do not fit, naming the op and the shapes.
 */

import type { binaryKernels, unaryKernels } from "../backends/js/elementwise";
import type { DType } from "../dtype";
import type { Axis } from "../tensor";
import type { Paddings } from "./pad";
import type { Conv2DOptions, Pool2DOptions } from "./window";

/** The binary elementwise ops (broadcasting) as free functions, documented where their `js` kernels are. */
export type BinarySignatures<S, O> = { [K in keyof typeof binaryKernels]: (a: O, b: O) => S };
/** The unary elementwise ops as free functions, documented where their `js` kernels are. */
export type UnarySignatures<S, X> = { [K in keyof typeof unaryKernels]: (x: X) => S };

/** Every op of the table as a free function: `S` result, `O` operand (numbers allowed), `X` receiver. */
export type OpSignatures<S, O, X> = BinarySignatures<S, O> & UnarySignatures<S, X> & OtherSignatures<S, O, X>;

/** The ops outside the binary and unary families, with their documentation. */
export interface OtherSignatures<S, O, X> {
	/** `a` where `cond` is non-zero, else `b`; all three broadcast together. No gradient to `cond`. */
	where(cond: O, a: O, b: O): S;

	/** `x` clamped into [low, high]; no gradient where clamped. Throws RangeError if low > high. */
	clip(x: X, low: number, high: number): S;

	// Reductions: over `axis` (a number, a list, or all axes when omitted); negative axes count from the end.
	/** Sum over `axis`. */
	sum(x: X, axis?: Axis, keepDims?: boolean): S;
	/** Mean over `axis`; the mean over zero elements is NaN. */
	mean(x: X, axis?: Axis, keepDims?: boolean): S;
	/** Maximum over `axis`; NaN propagates; the gradient goes to the first maximal element. Throws ShapeError for an empty axis. */
	max(x: X, axis?: Axis, keepDims?: boolean): S;
	/** Minimum over `axis`; NaN propagates; the gradient goes to the first minimal element. Throws ShapeError for an empty axis. */
	min(x: X, axis?: Axis, keepDims?: boolean): S;
	/**
	 * Variance over `axis`: `Σ(x - mean)² / (n - correction)`; `correction` 1 (the
	 * default, Bessel's, as PyTorch's `var`) or 0 (the population variance, as NumPy's default).
	 */
	variance(x: X, axis?: Axis, keepDims?: boolean, correction?: number): S;
	/** Standard deviation over `axis`: the square root of `variance` (same `correction`). */
	std(x: X, axis?: Axis, keepDims?: boolean, correction?: number): S;
	/** `log(Σ e^x)` over `axis`, stable for large values. */
	logSumExp(x: X, axis?: Axis, keepDims?: boolean): S;
	/** Softmax along `axis` (default last), via a max-shifted exponent. */
	softmax(x: X, axis?: number): S;
	/** Log of the softmax along `axis` (default last), via log-sum-exp. */
	logSoftmax(x: X, axis?: number): S;
	/**
	 * Index of the first maximum along `axis`, as float64 integers; without an axis, the
	 * index into the flattened tensor (rank 0). No gradient. Throws ShapeError for an empty axis.
	 */
	argmax(x: X, axis?: number): S;

	// Linear algebra.
	/**
	 * The matrix product: `[m,k] x [k,n] -> [m,n]`; leading dimensions are batch dimensions
	 * and broadcast (NumPy's `matmul`); a 1-D operand is a vector whose dimension is dropped.
	 * Throws ShapeError naming both shapes when the inner dimensions differ.
	 */
	matmul(a: X, b: X): S;
	/**
	 * The affine map `x · W + b` in one op (a dense layer's core): x `[..., inputs]`,
	 * W `[inputs, units]`, b `[units]` or omitted. Throws ShapeError naming the shapes when they do not fit.
	 */
	linear(x: X, weight: X, bias?: X): S;

	// Shape. transpose, reshape (of row-major data), broadcastTo and slice are views.
	/** Permutes dimensions: result dimension i is input dimension `perm[i]` (reversed when omitted). */
	transpose(x: X, perm?: readonly number[]): S;
	/** The same elements (row-major order) in `shape`; one entry may be -1 and is inferred. */
	reshape(x: X, shape: readonly number[]): S;
	/** A rank-1 view of the elements. */
	flatten(x: X): S;
	/** A stride-0 view broadcasting `x` to `shape` (NumPy's rules); the backward sums back. */
	broadcastTo(x: X, shape: readonly number[]): S;
	/**
	 * Elements `start` up to (not including) `end` along `axis` (default 0). Bounds follow
	 * Python slices: negative counts from the end, out-of-range is clamped.
	 */
	slice(x: X, start: number, end?: number, axis?: number): S;
	/**
	 * The entries at `indices` along `axis` (default 0), copied: rows for a mini-batch.
	 * Negative indices count from the end; repeated indices add their gradients (a
	 * scatter-add: an embedding lookup's backward). Throws ShapeError for an index out
	 * of range, RangeError for one that is not an integer, naming its position.
	 */
	gather(x: X, indices: ArrayLike<number>, axis?: number): S;
	/** Joins `xs` along `axis` (default 0); all other dimensions must agree. As a method: `x.concat(others, axis)`. */
	concat(xs: readonly X[], axis?: number): S;
	/**
	 * `x` with `paddings[i] = [before, after]` elements of `value` (default 0) added
	 * around axis i (TensorFlow's `pad`); the gradient is the interior. Throws ShapeError
	 * unless there is one pair per axis, RangeError for a negative or fractional amount.
	 */
	pad(x: X, paddings: Paddings, value?: number): S;
	/** The same values as `dtype` (`x` itself when it already is); the gradient is cast back. */
	astype(x: X, dtype: DType): S;
	/** A dense copy. */
	clone(x: X): S;
	/** `x` itself when its elements are dense and in row-major order, else a dense copy. */
	contiguous(x: X): S;

	// 2-D windows over NHWC images `[batch, height, width, channels]` (TensorFlow.js's layout).
	/**
	 * 2-D convolution (cross-correlation, as every framework computes it) of `x`
	 * `[batch, height, width, inChannels]` with `filter` `[filterHeight, filterWidth,
	 * inChannels, outChannels]`, giving `[batch, outHeight, outWidth, outChannels]`.
	 * `strides` and `dilations` are a number or `[h, w]` (default 1); `padding` is
	 * `'valid'` (default: windows wholly inside, `out = floor((in - span) / stride) + 1`
	 * with `span = (k - 1)·dilation + 1`) or `'same'` (`out = ceil(in / stride)`, zero
	 * padding split as TensorFlow does, the odd pixel at the bottom and right). Runs as
	 * im2col and one matmul. Throws ShapeError naming the shapes for a rank other than
	 * 4, a channel mismatch or a filter larger than the input under 'valid'; RangeError
	 * for strides, dilations or padding out of range; TypeError for an unknown option.
	 */
	conv2d(x: X, filter: X, options?: Conv2DOptions): S;
	/**
	 * Max pooling of `x` `[batch, height, width, channels]` over `poolSize` windows
	 * (`strides` default `poolSize`, `padding` as conv2d's, default `'valid'`; padding
	 * never wins). The gradient goes to each window's maximum (the first on ties).
	 * Throws as conv2d does, naming maxPool2d.
	 */
	maxPool2d(x: X, options: Pool2DOptions): S;
	/**
	 * Average pooling of `x` `[batch, height, width, channels]` over `poolSize` windows
	 * (`strides` default `poolSize`, `padding` as conv2d's, default `'valid'`); under
	 * 'same' a border window averages only its real pixels, as TensorFlow does.
	 * Throws as conv2d does, naming avgPool2d.
	 */
	avgPool2d(x: X, options: Pool2DOptions): S;
}

/** The name of an op in the table. */
export type OpName = keyof OpSignatures<unknown, unknown, unknown>;

/** Drops the receiver: the method form of a free function's signature. */
type MethodOf<F> = F extends (self: never, ...rest: infer R) => infer Ret ? (...rest: R) => Ret : never;

/**
 * The op table's methods, for declaration merging into `Tensor` and `Variable`:
 * each free function minus its first argument (`concat` takes the others to append).
 */
export type OpMethods<S, O, X> = {
	[K in Exclude<OpName, "concat">]: MethodOf<OpSignatures<S, O, X>[K]>;
} & {
	/** This followed by `others` along `axis` (default 0). Throws ShapeError when other dimensions differ. */
	concat(others: readonly X[], axis?: number): S;
};
