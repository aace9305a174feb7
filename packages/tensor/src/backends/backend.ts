/**
 * The kernel interface every backend implements: plain functions over typed
 * arrays, shapes and strides. Ops (ops/*.ts) check shapes, allocate results
 * through the active backend and call these; nothing outside a backend reads or
 * writes a tensor's elements.
 *
 * Conventions: "dense" arguments are whole typed arrays in row-major order,
 * possibly of different dtypes (the result takes the wider one, as JavaScript
 * arithmetic does: a backend that cannot mix them defers to the `js` kernel);
 * `out` is written (never read unless the kernel says so) and may alias an
 * input only where the kernel says so. Every kernel handles length 0.
 */
import type { DType, TypedArray } from "../dtype";
import type { binaryKernels, unaryKernels } from "./js/elementwise";

/** Unary elementwise ops: the names of the `js` backend's unary kernels (every op has one there). */
export type UnaryOpName = keyof typeof unaryKernels;

/** Every binary elementwise op: the names of the `js` backend's binary kernels. */
export type BinaryOpName = keyof typeof binaryKernels;
/** Comparisons: 1 where true, else 0. */
export type CompareOpName = "eq" | "ne" | "lt" | "le" | "gt" | "ge";
/** Arithmetic binary ops (with dense, scalar and row-broadcast kernels). */
export type ArithmeticOpName = Exclude<BinaryOpName, CompareOpName>;
/** Reductions with a kernel. */
export type ReduceOpName = "sum" | "max" | "min";
/** Activations whose backward has a fused one-pass kernel. */
export type FusedGradName = "sigmoid" | "tanh" | "relu";

/** An n-dimensional strided view: element `i` is `data[offset + Σ index_d · stride[d]]`. */
export interface StridedView {
	readonly data: TypedArray;
	readonly shape: readonly number[];
	readonly stride: readonly number[];
	readonly offset: number;
}

/** A matrix read in place: element (r, c) is `data[offset + r·rowStride + c·colStride]`. */
export interface StridedMatrix {
	readonly data: TypedArray;
	readonly offset: number;
	readonly rowStride: number;
	readonly colStride: number;
}

/**
 * Where a sliding 2-D window reads an NHWC input `[batch, inHeight, inWidth,
 * channels]` (a convolution's filter, a pooling window): output pixel (oy, ox)
 * covers input rows `oy·strideHeight - padTop + ky·dilationHeight` for ky in
 * [0, windowHeight), columns likewise; rows and columns outside the input are
 * padding. Every output window holds at least one input pixel.
 */
export interface WindowGeometry {
	readonly batch: number;
	readonly inHeight: number;
	readonly inWidth: number;
	readonly channels: number;
	readonly outHeight: number;
	readonly outWidth: number;
	readonly windowHeight: number;
	readonly windowWidth: number;
	readonly strideHeight: number;
	readonly strideWidth: number;
	readonly dilationHeight: number;
	readonly dilationWidth: number;
	readonly padTop: number;
	readonly padLeft: number;
}

/** Hyperparameters of one Adam step (PyTorch's formula; `step` counts from 1). */
export interface AdamStep {
	lr: number;
	beta1: number;
	beta2: number;
	eps: number;
	weightDecay: number;
	step: number;
}

/** Hyperparameters of one RMSProp step (PyTorch's formula). */
export interface RMSPropStep {
	lr: number;
	alpha: number;
	eps: number;
	weightDecay: number;
	momentum: number;
}

/** The kernels of a backend. A backend may omit any; the `js` backend's serve then. */
export interface Kernels {
	/** `out[i] = op(x[i])`, dense; `out` may be `x`. */
	unary(op: UnaryOpName, x: TypedArray, out: TypedArray): void;
	/** `out[i] = op(a[i], b[i])`, dense, equal lengths. */
	binary(op: BinaryOpName, a: TypedArray, b: TypedArray, out: TypedArray): void;
	/** `out[i] = op(a[i], s)`; `out` may be `a`. */
	binaryScalar(op: BinaryOpName, a: TypedArray, s: number, out: TypedArray): void;
	/** `out[i] = op(a[i], b[i mod b.length])`: `b` repeats along the rows of `a` (a bias over a batch). */
	binaryRow(op: ArithmeticOpName, a: TypedArray, b: TypedArray, out: TypedArray): void;
	/** `out = op(a, b)` over strided views of one shape (broadcast operands have stride 0). */
	binaryStrided(op: BinaryOpName, out: StridedView, a: StridedView, b: StridedView): void;
	/** Copies a strided view into another of the same shape. */
	copy(out: StridedView, x: StridedView): void;
	/** Dense `out[i] = cond[i] !== 0 ? a[i] : b[i]`. */
	where(cond: TypedArray, a: TypedArray, b: TypedArray, out: TypedArray): void;
	/** `out[i] = fn(x[i], i)` for a user's scalar function. */
	map(x: TypedArray, fn: (value: number, index: number) => number, out: TypedArray): void;
	/**
	 * Reduces `data` viewed as `[outer, inner]` (reduced axis last, `leading` false) or
	 * `[inner, outer]` (reduced axis first, `leading` true) into `out[outer]`. max/min
	 * propagate the first NaN. `out` is zero on entry.
	 */
	reduce(op: ReduceOpName, data: TypedArray, inner: number, outer: number, leading: boolean, out: TypedArray): void;
	/** Index of the first maximum (NaN counts as maximal) of each row of `data` viewed as `[outer, inner]`. */
	argmax(data: TypedArray, inner: number, outer: number, out: TypedArray): void;
	/** One-hot mask of the first max (or min) of each row of `[outer, inner]`. */
	extremeMask(op: "max" | "min", data: TypedArray, inner: number, outer: number, out: TypedArray): void;
	/** `out[outOffset + m×n] += a[m,k] · b[k,n]` with operands read through strides; `out` dense. */
	matmul(a: StridedMatrix, b: StridedMatrix, out: TypedArray, m: number, k: number, n: number, outOffset: number): void;
	/** Fused activation backward from the saved value (sigmoid, tanh: the output; relu: the input). */
	fusedGrad(op: FusedGradName, g: TypedArray, saved: TypedArray, out: TypedArray): void;
	/** `out[j-th row] = x[indices[j]-th row]`, rows of `rowSize` elements. */
	gatherRows(x: TypedArray, indices: ArrayLike<number>, rowSize: number, out: TypedArray): void;
	/** `out[indices[j]-th row] += src[j-th row]`; `out` is read and written. */
	scatterAddRows(src: TypedArray, indices: ArrayLike<number>, rowSize: number, out: TypedArray): void;
	/**
	 * im2col: each output pixel's window as one row of `out`, dense
	 * `[batch·outHeight·outWidth, windowHeight·windowWidth·channels]` (ky, kx, c
	 * order, the layout of a `[kh, kw, inC, outC]` filter's rows), so a convolution
	 * is one matmul. Padding entries are left as they are: `out` is zero on entry.
	 */
	im2col(x: TypedArray, geometry: WindowGeometry, out: TypedArray): void;
	/**
	 * col2im, the adjoint of im2col: adds each entry of `cols` (im2col's layout) into
	 * the input pixel it was read from; entries over padding are dropped. `out`
	 * (NHWC, the input's shape) is read and written.
	 */
	col2im(cols: TypedArray, geometry: WindowGeometry, out: TypedArray): void;
	/**
	 * Max pooling: `out[b, oy, ox, c]` is the maximum of the window's input pixels
	 * (padding never wins); NaN propagates. Pooling windows are never dilated (the
	 * geometry's dilations are 1). `out` is `[batch, outHeight, outWidth, channels]`.
	 */
	maxPool(x: TypedArray, geometry: WindowGeometry, out: TypedArray): void;
	/**
	 * Max pooling's backward: each `g[b, oy, ox, c]` is added to the input pixel that
	 * was its window's maximum (the first in row-major window order on ties; a NaN
	 * counts as maximal). `out` (the input's shape) is zero on entry.
	 */
	maxPoolGrad(x: TypedArray, g: TypedArray, geometry: WindowGeometry, out: TypedArray): void;
	/**
	 * Average pooling: the mean of the window's input pixels, counting only real
	 * pixels (TensorFlow's rule for 'same' padding). `out` is `[batch, outHeight, outWidth, channels]`.
	 */
	avgPool(x: TypedArray, geometry: WindowGeometry, out: TypedArray): void;
	/**
	 * Average pooling's backward: each `g[b, oy, ox, c]` divided by its window's
	 * count of real pixels, added to each of them. `out` (the input's shape) is zero on entry.
	 */
	avgPoolGrad(g: TypedArray, geometry: WindowGeometry, out: TypedArray): void;
	/** `Σ (a[i] - b[i])²`. */
	sumSquaredDifference(a: TypedArray, b: TypedArray): number;
	/** `out[i] = a[i] + alpha · b[i]` (SGD's descent, momentum buffers). */
	axpy(a: TypedArray, alpha: number, b: TypedArray, out: TypedArray): void;
	/** One Adam step: updates `m`, `v` in place and writes the new parameter to `out`. */
	adamStep(param: TypedArray, grad: TypedArray, m: TypedArray, v: TypedArray, h: AdamStep, out: TypedArray): void;
	/**
	 * One RMSProp step: updates `square`, `average` (centered variant, else null) and
	 * `buffer` (momentum > 0, else null) in place; writes the new parameter to `out`.
	 */
	rmspropStep(
		param: TypedArray,
		grad: TypedArray,
		square: TypedArray,
		average: TypedArray | null,
		buffer: TypedArray | null,
		h: RMSPropStep,
		out: TypedArray,
	): void;
}

/** A set of kernels and the allocator whose memory they work on best. */
export interface Backend {
	/** Registry name (`js`, `wasm`, ...). */
	readonly name: string;
	/** Zeroed storage for `length` elements of `dtype` (a backend may place it in its own memory). */
	allocate(dtype: DType, length: number): TypedArray;
	/**
	 * Storage for an op's result that its kernel writes in full before anything reads
	 * it: the contents start unspecified (a reused block need not be zeroed first).
	 * Optional: without it `allocate` serves.
	 */
	allocateUninitialized?(dtype: DType, length: number): TypedArray;
	/** The backend's kernels; missing ones fall back to the `js` backend's. */
	readonly kernels: Partial<Kernels>;
}
