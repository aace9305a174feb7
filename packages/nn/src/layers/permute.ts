/** Permute: the axes of each sample in another order, as Keras's Permute. */
import type { Variable } from "@backprop/autograd";
import { ShapeError } from "@backprop/tensor";
import type { JsonObject } from "../json";
import { Module } from "../module";
import { showShape } from "./input-check";

/**
 * Reorders the axes of each sample: `new Permute([2, 3, 1])` turns
 * [batch, c, h, w] into [batch, h, w, c]. `dims` leave out the batch axis and
 * count from 1 (Keras's convention): output axis i + 1 is input axis dims[i].
 * The forward is the tensor op table's `transpose` with [0, ...dims], so the
 * gradient is the transpose back. Throws RangeError unless `dims` is a
 * permutation of 1..n.
 */
export class Permute extends Module {
	/** The order of the sample axes, counting from 1. */
	readonly dims: readonly number[];

	/** Creates the layer. */
	constructor(dims: readonly number[]) {
		super();
		const n = Array.isArray(dims) ? dims.length : 0;
		const isPermutation =
			n > 0 && dims.every((d) => Number.isInteger(d) && d >= 1 && d <= n) && new Set(dims).size === n;
		if (!isPermutation) {
			throw new RangeError(`Permute: dims must be a permutation of 1..${n || "n"}, got ${JSON.stringify(dims)}`);
		}
		this.dims = [...dims];
	}

	/** Transposes every sample. Throws ShapeError naming the layer unless x is [batch, ...] with dims.length sample axes. */
	forward(x: Variable): Variable {
		if (x.rank !== this.dims.length + 1) {
			const expected = ["batch", ...this.dims.map((_, i) => `d${i + 1}`)];
			throw new ShapeError(`${this.label}: expected input ${showShape(expected)}, got ${showShape(x.shape)}`);
		}
		return x.transpose([0, ...this.dims]);
	}

	/** `{ dims }`. */
	override getConfig(): JsonObject {
		return { dims: [...this.dims] };
	}
}
