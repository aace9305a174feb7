/** Constants of an ONNX graph (TensorProto) checked and read as tensors. */
import { type DType, type Tensor, tensor } from "@backprop/tensor";
import { OnnxError } from "../errors";
import { DOUBLE, dataTypeName, FLOAT, int64, type OnnxTypes } from "../proto";
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
