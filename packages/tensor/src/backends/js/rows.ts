/** Row copies by index (mini-batches, embedding lookups) and their scatter-add backward. */
import type { TypedArray } from "../../dtype";

/** See {@link Kernels.gatherRows}. */
export function gatherRows(x: TypedArray, indices: ArrayLike<number>, rowSize: number, out: TypedArray): void {
	for (let j = 0; j < indices.length; j++) {
		const at = indices[j] * rowSize;
		out.set(x.subarray(at, at + rowSize), j * rowSize);
	}
}

/** See {@link Kernels.scatterAddRows}. */
export function scatterAddRows(src: TypedArray, indices: ArrayLike<number>, rowSize: number, out: TypedArray): void {
	for (let j = 0; j < indices.length; j++) {
		const at = indices[j] * rowSize;
		const from = j * rowSize;
		for (let c = 0; c < rowSize; c++) out[at + c] = out[at + c] + src[from + c];
	}
}
