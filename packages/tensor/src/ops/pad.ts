/** Constant padding around a tensor, and its gradient (the interior slice). */
import { kernels } from "../backends/registry";
import { full } from "../create";
import { formatShape, ShapeError } from "../errors";
import { ndview } from "../ndview";
import { type Tensor, viewOf } from "../tensor";
import { checkTensor, describe } from "./operand";
import { slice } from "./shape";

/** Per axis, how many elements to add `[before, after]`. */
export type Paddings = readonly (readonly [number, number])[];

/**
 * `x` with `paddings[i][0]` elements of `value` before and `paddings[i][1]` after it
 * along each axis i (TensorFlow's `pad`). Throws ShapeError unless there is one pair
 * per axis, RangeError for a negative or fractional amount, TypeError for a non-number value.
 */
export function pad(x: Tensor, paddings: Paddings, value = 0): Tensor {
	checkTensor(x, "pad");
	if (
		!Array.isArray(paddings) ||
		paddings.length !== x.rank ||
		!paddings.every((p) => Array.isArray(p) && p.length === 2)
	) {
		throw new ShapeError(
			`pad: paddings must be one [before, after] pair per axis of ${formatShape(x.shape)}, got ${JSON.stringify(paddings)}`,
		);
	}
	if (!paddings.every((p) => p.every((n: unknown) => Number.isInteger(n) && (n as number) >= 0))) {
		throw new RangeError(`pad: paddings must be non-negative integers, got ${JSON.stringify(paddings)}`);
	}
	if (typeof value !== "number") throw new TypeError(`pad: value must be a number, got ${describe(value)}`);
	const out = full(
		x.shape.map((d, i) => d + paddings[i]?.[0] + paddings[i]?.[1]),
		value,
		{ dtype: x.dtype },
	);
	if (x.size === 0) return out;
	// Copy x into the interior of the fresh (not yet shared) result.
	const view = viewOf(out);
	const offset = paddings.reduce((at, p, i) => at + p[0] * view.stride[i], 0);
	kernels().copy(ndview(view.data, x.shape.slice(), view.stride, offset), viewOf(x));
	return out;
}

/** The gradient of `pad`: the interior of `g` that `x` occupies. */
export function unpad(g: Tensor, x: Tensor, paddings: Paddings): Tensor {
	let r = g;
	paddings.forEach(([before], i) => {
		r = slice(r, before, before + x.shape[i], i);
	});
	return r;
}
