/** Turning user data into checked tensors before any training step runs. */
import {
	type DType,
	formatShape,
	type NestedArray,
	ShapeError,
	Tensor,
	type TypedArray,
	tensor,
} from "@backprop/tensor";

/** Training data: a tensor, nested arrays of numbers, a typed array, or rows given as typed arrays (`Float32Array[]`). */
export type DataLike = Tensor | NestedArray | TypedArray | readonly ArrayLike<number>[];

function isTypedRow(row: unknown): row is ArrayLike<number> {
	return ArrayBuffer.isView(row) && !(row instanceof DataView);
}

/**
 * Converts `data` (typed-array rows included) to a tensor of `dtype`, naming `what` ("x", "y") in errors:
 * TypeError for non-numeric values, Error for no rows or a non-finite value
 * (with its row and column), ShapeError for ragged rows.
 */
export function toDataTensor(data: DataLike, what: string, op: string, dtype: DType): Tensor {
	let t: Tensor;
	try {
		if (data instanceof Tensor) t = data.astype(dtype);
		else if (Array.isArray(data) && data.some(isTypedRow)) {
			t = tensor(
				data.map((row: unknown) => (isTypedRow(row) ? Array.from(row) : row) as NestedArray),
				{ dtype },
			);
		} else t = tensor(data as NestedArray | TypedArray, { dtype });
	} catch (e) {
		const err = e as Error;
		const Kind = err instanceof ShapeError ? ShapeError : err instanceof TypeError ? TypeError : Error;
		throw new Kind(`${op}: ${what}: ${err.message}`);
	}
	if (t.rank === 0) throw new ShapeError(`${op}: ${what} must have one row per sample, got a single number`);
	if (t.shape[0] === 0) throw new Error(`${op}: ${what} is empty (0 rows)`);
	const values = t.dataSync();
	const perRow = t.size / t.shape[0];
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (!Number.isFinite(v)) {
			const row = Math.floor(i / perRow);
			const col = i % perRow;
			throw new Error(
				`${op}: ${what} has a non-finite value (${v}) at row ${row}${t.rank > 1 ? `, column ${col}` : ""}`,
			);
		}
	}
	return t;
}

/** Throws ShapeError unless x and y have the same number of rows. */
export function checkRows(x: Tensor, y: Tensor, op: string): void {
	if (x.shape[0] !== y.shape[0]) {
		throw new ShapeError(
			`${op}: x has ${x.shape[0]} rows (${formatShape(x.shape)}) but y has ${y.shape[0]} (${formatShape(y.shape)})`,
		);
	}
}

/**
 * Samples as rows: a flat list (rank 1) is one value per sample, a column [n, 1],
 * for x as for y; other ranks are returned as they are.
 */
export function asRows(t: Tensor): Tensor {
	return t.rank === 1 ? t.reshape([t.size, 1]) : t;
}
