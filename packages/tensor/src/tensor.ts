import type { NdArray } from "ndarray";
import ops from "ndarray-ops";
import { allocate, type DType, dtypeOf, type TypedArray } from "./dtype";
import { formatShape, ShapeError } from "./errors";
import { ndview } from "./ndview";
import * as ew from "./ops/elementwise";
import * as la from "./ops/linalg";
import * as red from "./ops/reduce";
import * as sh from "./ops/shape";
import * as sm from "./ops/softmax";
import { contiguousStrides, sizeOf } from "./shape";

const NO_DIMENSIONS: readonly number[] = Object.freeze([]);

/** Nested arrays of numbers, as `toArray()` returns and `tensor()` accepts. */
export type NestedArray = number | NestedArray[];

/** Anything an op accepts as an operand: a tensor or a plain number. */
export type TensorLike = Tensor | number;

/** Axes for a reduction: one axis, a list, or `undefined` for all. Negative axes count from the end. */
export type Axis = number | readonly number[];

/**
 * An n-dimensional array of float32 or float64 numbers: an `ndarray` view
 * (`tensor.array`) over a typed array, with a shape and a dtype.
 *
 * Tensors are values: no op changes its operands, and views (transpose, slice,
 * broadcastTo, reshape of dense data) share memory with their source because
 * neither side is ever written after creation.
 */
export class Tensor {
	/** The ndarray view holding the elements. */
	readonly array: NdArray<TypedArray>;
	/** Element type. */
	readonly dtype: DType;
	/** Dimensions, outermost first; `[]` for a scalar. */
	readonly shape: readonly number[];
	/** Number of elements. */
	readonly size: number;

	/** Wraps an ndarray view of a Float32Array or Float64Array. */
	constructor(array: NdArray<TypedArray>) {
		this.array = array;
		this.dtype = dtypeOf(array.data);
		// ndarray views never change their shape array, so it is shared rather than copied.
		this.shape = array.dimension === 0 ? NO_DIMENSIONS : array.shape;
		this.size = array.dimension === 0 ? 1 : array.size;
	}

	/** A tensor over `data` in row-major order. Throws ShapeError if the sizes differ. */
	static fromTypedArray(data: TypedArray, shape: readonly number[]): Tensor {
		const size = sizeOf(shape);
		if (size !== data.length) {
			throw new ShapeError(`tensor: ${data.length} values do not fill shape ${formatShape(shape)} (${size} elements)`);
		}
		return new Tensor(ndview(data, shape as number[], contiguousStrides(shape), 0));
	}

	/** Number of dimensions. */
	get rank(): number {
		return this.shape.length;
	}

	/** True when the elements sit in row-major order at the start of their buffer, filling it. */
	isDense(): boolean {
		const a = this.array;
		if (a.offset !== 0 || a.data.length !== this.size) return false;
		let s = 1;
		for (let i = this.shape.length - 1; i >= 0; i--) {
			const d = this.shape[i] as number;
			if (d !== 1 && a.stride[i] !== s) return false;
			s *= d;
		}
		return true;
	}

	/**
	 * The elements in row-major order. For a dense tensor this is its own buffer
	 * (do not write to it); otherwise a fresh copy.
	 */
	values(): TypedArray {
		if (this.isDense()) return this.array.data;
		const out = allocate(this.dtype, this.size);
		if (this.size > 0) ops.assign(ndview(out, this.shape.slice(), contiguousStrides(this.shape), 0), this.array);
		return out;
	}

	/** A dense copy of the elements as a new typed array. */
	toTypedArray(): TypedArray {
		return this.isDense() ? this.array.data.slice() : this.values();
	}

	/** This tensor if dense, else a dense copy. */
	contiguous(): Tensor {
		return this.isDense() ? this : Tensor.fromTypedArray(this.values(), this.shape);
	}

	/** A dense copy. */
	clone(): Tensor {
		return Tensor.fromTypedArray(this.toTypedArray(), this.shape);
	}

	/** The same values as `dtype` (this tensor itself when it already is). */
	astype(dtype: DType): Tensor {
		if (dtype === this.dtype) return this;
		const out = allocate(dtype, this.size);
		out.set(this.values());
		return Tensor.fromTypedArray(out, this.shape);
	}

	/** Nested arrays of numbers; a rank-0 tensor gives a plain number. */
	toArray(): NestedArray {
		const data = this.values();
		if (this.rank === 0) return data[0] as number;
		const build = (dim: number, offset: number): NestedArray[] => {
			const n = this.shape[dim] as number;
			const out: NestedArray[] = new Array(n);
			if (dim === this.rank - 1) {
				for (let i = 0; i < n; i++) out[i] = data[offset + i] as number;
				return out;
			}
			const step = sizeOf(this.shape.slice(dim + 1));
			for (let i = 0; i < n; i++) out[i] = build(dim + 1, offset + i * step);
			return out;
		};
		return build(0, 0);
	}

	/** The single value of a size-1 tensor. Throws ShapeError for any other size. */
	item(): number {
		if (this.size !== 1) {
			throw new ShapeError(`item: only a tensor with one element has an item, got shape ${formatShape(this.shape)}`);
		}
		return this.values()[0] as number;
	}

	/** The element at `index` (one integer per dimension). Throws ShapeError for a bad index. */
	get(...index: number[]): number {
		if (index.length !== this.rank) {
			throw new ShapeError(`get: ${index.length} indices for a tensor of shape ${formatShape(this.shape)}`);
		}
		for (let i = 0; i < index.length; i++) {
			const k = index[i] as number;
			if (!Number.isInteger(k) || k < 0 || k >= (this.shape[i] as number)) {
				throw new ShapeError(`get: index [${index.join(",")}] is out of bounds for shape ${formatShape(this.shape)}`);
			}
		}
		return this.array.get(...index);
	}

	/** A short readable form, e.g. `Tensor(float64 [2,2]) [[1,2],[3,4]]`. */
	toString(): string {
		const body = this.size <= 100 ? JSON.stringify(this.toArray()) : "…";
		return `Tensor(${this.dtype} ${formatShape(this.shape)}) ${body}`;
	}

	// Elementwise, broadcasting (see ops/elementwise.ts).
	/** `this + o`, broadcasting. */
	add(o: TensorLike): Tensor {
		return ew.add(this, o);
	}
	/** `this - o`, broadcasting. */
	sub(o: TensorLike): Tensor {
		return ew.sub(this, o);
	}
	/** `this * o`, broadcasting. */
	mul(o: TensorLike): Tensor {
		return ew.mul(this, o);
	}
	/** `this / o`, broadcasting. */
	div(o: TensorLike): Tensor {
		return ew.div(this, o);
	}
	/** `this ** o`, broadcasting. */
	pow(o: TensorLike): Tensor {
		return ew.pow(this, o);
	}
	/** Elementwise maximum, broadcasting. */
	maximum(o: TensorLike): Tensor {
		return ew.maximum(this, o);
	}
	/** Elementwise minimum, broadcasting. */
	minimum(o: TensorLike): Tensor {
		return ew.minimum(this, o);
	}
	/** 1 where `this == o`, else 0. */
	eq(o: TensorLike): Tensor {
		return ew.eq(this, o);
	}
	/** 1 where `this != o`, else 0. */
	ne(o: TensorLike): Tensor {
		return ew.ne(this, o);
	}
	/** 1 where `this < o`, else 0. */
	lt(o: TensorLike): Tensor {
		return ew.lt(this, o);
	}
	/** 1 where `this <= o`, else 0. */
	le(o: TensorLike): Tensor {
		return ew.le(this, o);
	}
	/** 1 where `this > o`, else 0. */
	gt(o: TensorLike): Tensor {
		return ew.gt(this, o);
	}
	/** 1 where `this >= o`, else 0. */
	ge(o: TensorLike): Tensor {
		return ew.ge(this, o);
	}
	/** `-this`. */
	neg(): Tensor {
		return ew.neg(this);
	}
	/** `e^this`. */
	exp(): Tensor {
		return ew.exp(this);
	}
	/** Natural log; log(0) is -Infinity. */
	log(): Tensor {
		return ew.log(this);
	}
	/** Square root. */
	sqrt(): Tensor {
		return ew.sqrt(this);
	}
	/** Absolute value. */
	abs(): Tensor {
		return ew.abs(this);
	}
	/** `1 / (1 + e^-this)`, exact 0 and 1 at the extremes. */
	sigmoid(): Tensor {
		return ew.sigmoid(this);
	}
	/** Hyperbolic tangent. */
	tanh(): Tensor {
		return ew.tanh(this);
	}
	/** `max(this, 0)`. */
	relu(): Tensor {
		return ew.relu(this);
	}
	/** `log(1 + e^this)` without overflow. */
	softplus(): Tensor {
		return ew.softplus(this);
	}
	/** `this * this`. */
	square(): Tensor {
		return ew.square(this);
	}
	/** -1, 0 or 1 by sign. */
	sign(): Tensor {
		return ew.sign(this);
	}
	/** `1 / this`. */
	reciprocal(): Tensor {
		return ew.reciprocal(this);
	}
	/** Values clamped into [low, high]. */
	clip(low: number, high: number): Tensor {
		return ew.clip(this, low, high);
	}

	// Reductions (see ops/reduce.ts).
	/** Sum over `axis` (all axes by default). */
	sum(axis?: Axis, keepDims = false): Tensor {
		return red.sum(this, axis, keepDims);
	}
	/** Mean over `axis` (all axes by default). */
	mean(axis?: Axis, keepDims = false): Tensor {
		return red.mean(this, axis, keepDims);
	}
	/** Maximum over `axis` (all axes by default); NaN propagates. */
	max(axis?: Axis, keepDims = false): Tensor {
		return red.max(this, axis, keepDims);
	}
	/** Minimum over `axis` (all axes by default); NaN propagates. */
	min(axis?: Axis, keepDims = false): Tensor {
		return red.min(this, axis, keepDims);
	}
	/** Index of the first maximum along `axis` (over the flattened tensor by default). */
	argmax(axis?: number): Tensor {
		return red.argmax(this, axis);
	}
	/** Softmax along `axis` (default last), via a max-shifted exponent. */
	softmax(axis = -1): Tensor {
		return sm.softmax(this, axis);
	}
	/** Log of the softmax along `axis` (default last), via log-sum-exp. */
	logSoftmax(axis = -1): Tensor {
		return sm.logSoftmax(this, axis);
	}
	/** `log(sum(exp(this)))` along `axis`, stable. */
	logSumExp(axis?: Axis, keepDims = false): Tensor {
		return sm.logSumExp(this, axis, keepDims);
	}

	// Linear algebra and shape (see ops/linalg.ts, ops/shape.ts).
	/** Matrix product; leading dimensions are batch dimensions and broadcast. */
	matmul(o: Tensor): Tensor {
		return la.matmul(this, o);
	}
	/** Permutes the dimensions (reverses them by default). A view. */
	transpose(perm?: readonly number[]): Tensor {
		return sh.transpose(this, perm);
	}
	/** The same elements in a new shape; one dimension may be -1. */
	reshape(shape: readonly number[]): Tensor {
		return sh.reshape(this, shape);
	}
	/** A rank-1 view of the elements. */
	flatten(): Tensor {
		return sh.reshape(this, [-1]);
	}
	/** A stride-0 view broadcasting this tensor to `shape`. */
	broadcastTo(shape: readonly number[]): Tensor {
		return sh.broadcastTo(this, shape);
	}
	/** Elements `start..end` (exclusive) along `axis` (default 0), Python-style bounds. A view. */
	slice(start: number, end?: number, axis = 0): Tensor {
		return sh.slice(this, start, end, axis);
	}
	/** The entries at `indices` along `axis` (default 0): rows for a mini-batch. */
	gather(indices: ArrayLike<number>, axis = 0): Tensor {
		return sh.gather(this, indices, axis);
	}
	/** This tensor followed by `others` along `axis`. */
	concat(others: readonly Tensor[], axis = 0): Tensor {
		return sh.concat([this, ...others], axis);
	}
}
