/** Creating tensors: from data, constant fills, ranges, and seeded random draws. */
import { allocateStorage as allocate } from "./backends/registry";
import { checkDtype, type DType, type TypedArray } from "./dtype";
import { formatShape, ShapeError } from "./errors";
import { describe } from "./ops/operand";
import { Rng } from "./rng";
import { checkShape, sizeOf } from "./shape";
import { denseData, fromData, type NestedArray, Tensor } from "./tensor";

/** Options accepted by the creation functions. */
export interface CreateOptions {
	/** Element type, `'float64'` by default. */
	dtype?: DType;
}

/** Options for {@link tensor}. */
export interface TensorOptions extends CreateOptions {
	/** The shape to give the data (its size must match); inferred from nesting when omitted. */
	shape?: readonly number[];
}

/** Data {@link tensor} accepts: a number, nested arrays of numbers, a typed array, or a tensor. */
export type TensorData = number | NestedArray | ArrayLike<number> | Tensor;

function isTypedArray(x: unknown): x is ArrayLike<number> {
	return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

// Walks nested arrays, checking every row has the length of its siblings.
function inferShape(data: NestedArray): number[] {
	const shape: number[] = [];
	let level: unknown = data;
	while (Array.isArray(level)) {
		shape.push(level.length);
		level = level[0];
	}
	return shape;
}

function flatten(data: NestedArray, shape: number[], out: TypedArray): void {
	let at = 0;
	const walk = (node: unknown, dim: number, path: number[]): void => {
		if (dim === shape.length) {
			if (Array.isArray(node)) {
				throw new ShapeError(
					`tensor: ragged data: element [${path.join("][")}] is an array where a number was expected`,
				);
			}
			if (typeof node !== "number") {
				throw new TypeError(`tensor: element [${path.join("][")}] is not a number: got ${describe(node)}`);
			}
			out[at++] = node;
			return;
		}
		if (!Array.isArray(node) || node.length !== shape[dim]) {
			const got = Array.isArray(node) ? `length ${node.length}` : describe(node);
			const at = path.length ? `row [${path.join("][")}]` : "the data";
			throw new ShapeError(`tensor: ragged data: ${at} has ${got}, expected length ${shape[dim]}`);
		}
		for (let i = 0; i < node.length; i++) walk(node[i], dim + 1, [...path, i]);
	};
	walk(data, 0, []);
}

/**
 * A tensor from a number, nested arrays, a typed array or another tensor (copied).
 * `shape` reshapes the data (sizes must match). Throws ShapeError for ragged data or
 * a shape that does not fit, TypeError for anything that is not numeric.
 */
export function tensor(data: TensorData, options: TensorOptions = {}): Tensor {
	const dtype = checkDtype(options.dtype ?? (data instanceof Tensor ? data.dtype : undefined), "tensor");
	let values: TypedArray;
	let shape: number[];
	if (data instanceof Tensor) {
		values = allocate(dtype, data.size);
		values.set(denseData(data));
		shape = data.shape.slice();
	} else if (typeof data === "number") {
		values = allocate(dtype, 1);
		values[0] = data;
		shape = [];
	} else if (isTypedArray(data)) {
		values = allocate(dtype, data.length);
		values.set(data);
		shape = [data.length];
	} else if (Array.isArray(data)) {
		shape = inferShape(data);
		values = allocate(dtype, sizeOf(shape));
		flatten(data, shape, values);
	} else {
		throw new TypeError(`tensor: expected a number, nested arrays of numbers or a typed array, got ${describe(data)}`);
	}
	if (options.shape !== undefined) {
		const target = checkShape(options.shape, "tensor");
		if (sizeOf(target) !== values.length) {
			throw new ShapeError(
				`tensor: ${values.length} values do not fit shape ${formatShape(target)} (${sizeOf(target)} elements)`,
			);
		}
		shape = target;
	}
	return fromData(values, shape);
}

/** A tensor of `shape` filled with `value`. Throws ShapeError for an invalid shape. */
export function full(shape: readonly number[], value: number, options: CreateOptions = {}): Tensor {
	return filled("full", shape, value, options);
}

// full's body, with the name of the function the user called for error messages.
function filled(op: string, shape: readonly number[], value: number, options: CreateOptions): Tensor {
	const s = checkShape(shape, op);
	if (typeof value !== "number") throw new TypeError(`${op}: value must be a number, got ${describe(value)}`);
	const data = allocate(checkDtype(options.dtype, op), sizeOf(s));
	if (value !== 0) data.fill(value);
	return fromData(data, s);
}

/** A tensor of zeros. Throws ShapeError for an invalid shape. */
export function zeros(shape: readonly number[], options: CreateOptions = {}): Tensor {
	return filled("zeros", shape, 0, options);
}

/** A tensor of ones. Throws ShapeError for an invalid shape. */
export function ones(shape: readonly number[], options: CreateOptions = {}): Tensor {
	return filled("ones", shape, 1, options);
}

/** The n×n identity matrix. Throws ShapeError unless n is a non-negative integer. */
export function eye(n: number, options: CreateOptions = {}): Tensor {
	const s = checkShape([n, n], "eye");
	const data = allocate(checkDtype(options.dtype, "eye"), n * n);
	for (let i = 0; i < n; i++) data[i * n + i] = 1;
	return fromData(data, s);
}

/**
 * `[start, start + step, ...)` up to `stop` (exclusive), like NumPy's `arange`.
 * `arange(n)` is 0..n-1. Throws RangeError for a zero or non-finite step.
 */
export function arange(start: number, stop?: number, step = 1, options: CreateOptions = {}): Tensor {
	const [lo, hi] = stop === undefined ? [0, start] : [start, stop];
	if (!Number.isFinite(lo) || !Number.isFinite(hi) || !Number.isFinite(step) || step === 0) {
		throw new RangeError(`arange: bounds and step must be finite and step non-zero, got ${lo}, ${hi}, ${step}`);
	}
	const n = Math.max(0, Math.ceil((hi - lo) / step));
	const data = allocate(checkDtype(options.dtype, "arange"), n);
	for (let i = 0; i < n; i++) data[i] = lo + i * step;
	return fromData(data, [n]);
}

/** Options for random tensors: a generator to draw from, or a seed for a new one. */
export interface RandomOptions extends CreateOptions {
	/** Generator to draw from; it advances. */
	rng?: Rng;
	/** Seed for a fresh generator when `rng` is not given (default 0). */
	seed?: number;
}

function generator(options: RandomOptions): Rng {
	return options.rng ?? new Rng(options.seed ?? 0);
}

/** Uniform samples in [low, high) (default [0, 1)), seeded. Throws ShapeError for an invalid shape. */
export function rand(shape: readonly number[], options: RandomOptions & { low?: number; high?: number } = {}): Tensor {
	const s = checkShape(shape, "rand");
	const rng = generator(options);
	const { low = 0, high = 1 } = options;
	const data = allocate(checkDtype(options.dtype, "rand"), sizeOf(s));
	for (let i = 0; i < data.length; i++) {
		// Rounding to float32 can land a draw just below `high` on `high` itself: draw again.
		do data[i] = rng.uniform(low, high);
		while (data[i] >= high && low < high);
	}
	return fromData(data, s);
}

/** Normal samples (default mean 0, std 1), seeded. Throws ShapeError for an invalid shape. */
export function randn(shape: readonly number[], options: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
	const s = checkShape(shape, "randn");
	const rng = generator(options);
	const { mean = 0, std = 1 } = options;
	const data = allocate(checkDtype(options.dtype, "randn"), sizeOf(s));
	for (let i = 0; i < data.length; i++) data[i] = rng.normal(mean, std);
	return fromData(data, s);
}
