/**
 * Fast construction of ndarray views. `ndarray()` identifies the data's type by
 * string tests on every call, which dominated small-tensor workloads (profiled:
 * 14% of a tiny training loop). Its generated view classes are cached here per
 * dtype and rank after the first call and invoked directly — the same objects
 * `ndarray()` would return.
 */
import type { NdArray } from "ndarray";
import ndarray from "ndarray";
import type { TypedArray } from "./dtype";

// biome-ignore lint/suspicious/noExplicitAny: ndarray's generated constructors take (data, ...shape, ...stride, offset)
type ViewConstructor = new (...args: any[]) => NdArray<TypedArray>;

const float64Views: ViewConstructor[] = [];
const float32Views: ViewConstructor[] = [];

/** An ndarray view of `data` with the given shape, strides and offset. */
export function ndview(data: TypedArray, shape: number[], stride: number[], offset: number): NdArray<TypedArray> {
	const rank = shape.length;
	const table = data instanceof Float64Array ? float64Views : float32Views;
	const View = table[rank];
	if (View === undefined) {
		const view = ndarray(data, shape, stride, offset);
		table[rank] = view.constructor as ViewConstructor;
		return view;
	}
	switch (rank) {
		case 0:
			return new View(data, offset);
		case 1:
			return new View(data, shape[0], stride[0], offset);
		case 2:
			return new View(data, shape[0], shape[1], stride[0], stride[1], offset);
		case 3:
			return new View(data, shape[0], shape[1], shape[2], stride[0], stride[1], stride[2], offset);
		default:
			return new View(data, ...shape, ...stride, offset);
	}
}
