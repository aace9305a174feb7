/** Constants of an ONNX graph (TensorProto) checked and read as tensors. */
import { type DType, type Tensor, tensor } from "@backprop/tensor";
import { OnnxError } from "../errors";
import { DOUBLE, dataTypeName, FLOAT, INT32, INT64, int64, type OnnxTypes } from "../proto";
import { MAX_DIMENSION, MAX_RANK } from "./limits";

/** The dtype of an ONNX element type code this package reads, or null for any other. */
export function dtypeOf(code: number): DType | null {
	return code === FLOAT ? "float32" : code === DOUBLE ? "float64" : null;
}

/** The shape of a TensorProto, checked: at most MAX_RANK dimensions, each a whole number up to MAX_DIMENSION. */
export function tensorShape(t: OnnxTypes.ITensorProto, where: string): number[] {
	const dims = (t.dims ?? []).map((d) => int64(d));
	if (dims.length > MAX_RANK) throw new OnnxError(`fromOnnx: ${where}: rank ${dims.length} is more than ${MAX_RANK}`);
	for (const d of dims) {
		if (!Number.isInteger(d) || d < 0 || d > MAX_DIMENSION) {
			throw new OnnxError(
				`fromOnnx: ${where}: dimension ${String(d)} is absurd (dims [${dims.join(",")}]; at most ${MAX_DIMENSION})`,
			);
		}
	}
	return dims;
}

/**
 * Checks a constant before anything is read from it: stored in the file (not an
 * external-data reference), float32 or float64, with as many values as its shape
 * says. Returns its shape and element count.
 */
export function checkConstant(
	t: OnnxTypes.ITensorProto,
	where: string,
): { shape: number[]; size: number; dtype: DType } {
	if ((t.externalData?.length ?? 0) > 0 || t.dataLocation === 1) {
		const location = t.externalData?.find((e) => e.key === "location")?.value ?? "another file";
		throw new OnnxError(`fromOnnx: ${where}: refers to external data (${location}), which is never read`);
	}
	const code = t.dataType ?? 0;
	const dtype = dtypeOf(code);
	if (dtype === null) {
		throw new OnnxError(`fromOnnx: ${where}: data type ${dataTypeName(code)} is not supported (FLOAT or DOUBLE)`);
	}
	if (t.segment) throw new OnnxError(`fromOnnx: ${where}: segmented tensors are not supported`);
	const shape = tensorShape(t, where);
	const size = shape.reduce((a, b) => a * b, 1);
	const bytes = dtype === "float32" ? 4 : 8;
	const raw = t.rawData?.length ?? 0;
	const listed = dtype === "float32" ? (t.floatData?.length ?? 0) : (t.doubleData?.length ?? 0);
	const stored = raw > 0 ? raw / bytes : listed;
	if (raw > 0 && listed > 0) throw new OnnxError(`fromOnnx: ${where}: holds both raw_data and a value list`);
	if (stored !== size) {
		throw new OnnxError(
			`fromOnnx: ${where}: shape [${shape.join(",")}] needs ${size} values but the file holds ${stored} (truncated or corrupt)`,
		);
	}
	return { shape, size, dtype };
}

/** The values of a constant already passed by {@link checkConstant}, as a tensor of its own dtype. */
export function readConstant(t: OnnxTypes.ITensorProto, shape: readonly number[], dtype: DType): Tensor {
	const raw = t.rawData;
	if (raw && raw.length > 0) {
		// raw_data is little-endian; slice() copies it to an aligned buffer of its own.
		const buffer = raw.slice().buffer;
		const values = dtype === "float32" ? new Float32Array(buffer) : new Float64Array(buffer);
		return tensor(values, { dtype, shape: [...shape] });
	}
	const list = (dtype === "float32" ? t.floatData : t.doubleData) ?? [];
	return tensor(list.length === 0 ? [] : list, { dtype, shape: [...shape] });
}

/** An integer constant (a shape, axes, pads, indices): its shape and values. */
export interface IntConstant {
	readonly shape: number[];
	readonly values: number[];
}

/** True for the integer element types read as {@link IntConstant}s (INT64, INT32). */
export function isIntType(code: number): boolean {
	return code === INT64 || code === INT32;
}

/** Most values of one integer constant read (shapes and axes lists are short; an index table is not a weight). */
export const MAX_INT_VALUES = 4096;

/**
 * Reads an INT64 or INT32 constant: stored in the file, at most
 * MAX_INT_VALUES values, as many as its shape says, each a safe integer.
 * Throws OnnxError naming `where` otherwise.
 */
export function readInts(t: OnnxTypes.ITensorProto, where: string): IntConstant {
	const fail = (message: string): never => {
		throw new OnnxError(`fromOnnx: ${where}: ${message}`);
	};
	if ((t.externalData?.length ?? 0) > 0 || t.dataLocation === 1) fail("refers to external data, which is never read");
	const code = t.dataType ?? 0;
	if (!isIntType(code)) fail(`data type ${dataTypeName(code)} is not an integer type (INT64 or INT32)`);
	const shape = tensorShape(t, where);
	const size = shape.reduce((a, b) => a * b, 1);
	if (size > MAX_INT_VALUES) fail(`holds ${size} integers, more than ${MAX_INT_VALUES}`);
	const bytes = code === INT64 ? 8 : 4;
	const raw = t.rawData;
	let values: number[];
	if (raw && raw.length > 0) {
		if (raw.length !== size * bytes) fail(`shape [${shape.join(",")}] needs ${size * bytes} bytes, got ${raw.length}`);
		const view = new DataView(raw.buffer, raw.byteOffset, raw.length);
		values = Array.from({ length: size }, (_, i) =>
			bytes === 8 ? Number(view.getBigInt64(8 * i, true)) : view.getInt32(4 * i, true),
		);
	} else {
		values = (code === INT64 ? (t.int64Data ?? []) : (t.int32Data ?? [])).map((v) => int64(v));
		if (values.length !== size)
			fail(`shape [${shape.join(",")}] needs ${size} values but the file holds ${values.length}`);
	}
	if (!values.every(Number.isSafeInteger)) fail("holds an integer beyond 2^53");
	return { shape, values };
}
