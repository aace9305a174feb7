/** The element types a tensor can hold. `float64` is the default so results match NumPy. */
export type DType = "float32" | "float64";

/** The typed arrays behind tensors, one per {@link DType}. */
export type TypedArray = Float32Array | Float64Array;

/** Allocates a zeroed typed array of `dtype` with `length` elements. */
export function allocate(dtype: DType, length: number): TypedArray {
	return dtype === "float32" ? new Float32Array(length) : new Float64Array(length);
}

/** The dtype of a typed array. */
export function dtypeOf(data: TypedArray): DType {
	return data instanceof Float32Array ? "float32" : "float64";
}

/**
 * The dtype of an op's result: float64 if any operand is float64. Mixing never
 * truncates to float32 silently.
 */
export function resultDtype(a: DType, b: DType): DType {
	return a === "float64" || b === "float64" ? "float64" : "float32";
}

/** Checks a user-supplied dtype. Throws a TypeError naming the value otherwise. */
export function checkDtype(dtype: unknown, op: string): DType {
	if (dtype === undefined) return "float64";
	if (dtype === "float32" || dtype === "float64") return dtype;
	throw new TypeError(`${op}: dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
}
