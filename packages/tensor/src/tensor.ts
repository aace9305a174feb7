import type { NdArray } from "ndarray";
import { getBackend, kernels } from "./backends/registry";
import { type DType, dtypeOf, type TypedArray } from "./dtype";
import { formatShape, ShapeError } from "./errors";
import { formatTensor } from "./format";
import { ndview } from "./ndview";
import { contiguousStrides, sizeOf } from "./shape";

const NO_DIMENSIONS: readonly number[] = Object.freeze([]);
// Only this package can construct a tensor around a view: the token is not exported from the package.
const INTERNAL = Symbol("Tensor.internal");

/** Nested arrays of numbers, as `toArray()` returns and `tensor()` accepts. */
export type NestedArray = number | NestedArray[];

/** Anything an op accepts as an operand: a tensor or a plain number. */
export type TensorLike = Tensor | number;

/** Axes for a reduction: one axis, a list, or `undefined` for all. Negative axes count from the end. */
export type Axis = number | readonly number[];

let readView: (t: Tensor) => NdArray<TypedArray>;

/**
 * An n-dimensional array of float32 or float64 numbers with a shape and a dtype.
 * Create one with `tensor()`, `zeros()`, `randn()`, ...; read it with `toArray()`,
 * `item()`, `get()` or `dataSync()`.
 *
 * Tensors are values: no op changes its operands, and the elements are private
 * (an `ndarray` view over a typed array that no code outside the package can
 * reach), so views (transpose, slice, broadcastTo, reshape) can share memory
 * with their source. The ops are methods too (`t.add(o)`), attached from the
 * op table in ops/table.ts.
 */
export class Tensor {
	readonly #view: NdArray<TypedArray>;
	/** Element type. */
	readonly dtype: DType;
	/** Dimensions, outermost first; `[]` for a scalar. */
	readonly shape: readonly number[];
	/** Number of elements. */
	readonly size: number;

	static {
		readView = (t) => t.#view;
	}

	/** Not for users: tensors come from `tensor()`, `zeros()`, ... Throws TypeError when called directly. */
	constructor(view: NdArray<TypedArray>, token: symbol) {
		if (token !== INTERNAL) throw new TypeError("Tensor: create tensors with tensor(), zeros(), ones() or randn()");
		this.#view = view;
		this.dtype = dtypeOf(view.data);
		// ndarray views never change their shape array, so it is shared rather than copied.
		this.shape = view.dimension === 0 ? NO_DIMENSIONS : view.shape;
		this.size = view.dimension === 0 ? 1 : view.size;
	}

	get rank(): number {
		return this.shape.length;
	}

	/** Nested arrays of numbers; a rank-0 tensor gives a plain number. */
	toArray(): NestedArray {
		const data = denseData(this);
		if (this.rank === 0) return data[0];
		const build = (dim: number, offset: number): NestedArray[] => {
			const n = this.shape[dim];
			const out: NestedArray[] = new Array(n);
			if (dim === this.rank - 1) {
				for (let i = 0; i < n; i++) out[i] = data[offset + i];
				return out;
			}
			const step = sizeOf(this.shape.slice(dim + 1));
			for (let i = 0; i < n; i++) out[i] = build(dim + 1, offset + i * step);
			return out;
		};
		return build(0, 0);
	}

	/**
	 * The elements in row-major order as a new typed array (Float64Array or
	 * Float32Array by dtype), as TensorFlow.js's `dataSync()`: a copy, so writing
	 * to it never changes the tensor.
	 */
	dataSync(): TypedArray {
		const data = denseData(this);
		return data === this.#view.data ? data.slice() : data;
	}

	/** The single value of a size-1 tensor. Throws ShapeError for any other size. */
	item(): number {
		if (this.size !== 1) {
			throw new ShapeError(`item: only a tensor with one element has an item, got shape ${formatShape(this.shape)}`);
		}
		const v = this.#view;
		return v.data[v.offset];
	}

	/** The element at `index` (one integer per dimension). Throws ShapeError for a bad index. */
	get(...index: number[]): number {
		if (index.length !== this.rank) {
			throw new ShapeError(`get: ${index.length} indices for a tensor of shape ${formatShape(this.shape)}`);
		}
		for (let i = 0; i < index.length; i++) {
			const k = index[i];
			if (!Number.isInteger(k) || k < 0 || k >= this.shape[i]) {
				throw new ShapeError(`get: index [${index.join(",")}] is out of bounds for shape ${formatShape(this.shape)}`);
			}
		}
		return this.#view.get(...index);
	}

	/**
	 * The tensor as NumPy prints an array, with dtype and shape
	 * (`tensor([[1., 2.],\n        [3., 4.]], dtype=float64, shape=[2,2])`); large
	 * tensors are summarized with `...`. `util.inspect` and `console.log` show the same.
	 */
	toString(): string {
		return formatTensor(this);
	}

	/** What Node's `util.inspect` (and so `console.log`) shows: {@link Tensor.toString}. */
	[Symbol.for("nodejs.util.inspect.custom")](): string {
		return formatTensor(this);
	}
}

/** The ndarray view behind `t`. Internal to the package: ops and backends only. */
export function viewOf(t: Tensor): NdArray<TypedArray> {
	return readView(t);
}

/** A tensor around an ndarray view. Internal to the package. */
export function fromView(view: NdArray<TypedArray>): Tensor {
	return new Tensor(view, INTERNAL);
}

/** A tensor over `data` in row-major order. Internal; throws ShapeError if the sizes differ. */
export function fromData(data: TypedArray, shape: readonly number[]): Tensor {
	const size = sizeOf(shape);
	if (size !== data.length) {
		throw new ShapeError(`tensor: ${data.length} values do not fill shape ${formatShape(shape)} (${size} elements)`);
	}
	return new Tensor(ndview(data, shape as number[], contiguousStrides(shape), 0), INTERNAL);
}

/** True when the elements sit in row-major order at the start of their buffer, filling it. Internal. */
export function isDense(t: Tensor): boolean {
	const a = readView(t);
	if (a.offset !== 0 || a.data.length !== t.size) return false;
	let s = 1;
	for (let i = t.shape.length - 1; i >= 0; i--) {
		const d = t.shape[i];
		if (d !== 1 && a.stride[i] !== s) return false;
		s *= d;
	}
	return true;
}

/**
 * The elements in row-major order: for a dense tensor its own buffer (never
 * write to it), otherwise a fresh copy. Internal.
 */
export function denseData(t: Tensor): TypedArray {
	const view = readView(t);
	if (isDense(t)) return view.data;
	const out = getBackend().allocate(t.dtype, t.size);
	kernels().copy(ndview(out, view.shape, contiguousStrides(view.shape), 0), view);
	return out;
}
