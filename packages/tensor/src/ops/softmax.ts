/**
 * Softmax family, all through log-sum-exp shifted by the maximum so that large
 * logits never overflow.
 */
import { normalizeAxes, normalizeAxis } from "../shape";
import type { Axis, Tensor } from "../tensor";
import { binary, unary, where } from "./elementwise";
import { checkTensor } from "./operand";
import { reduce } from "./reduce";
import { reshape } from "./shape";

// The row maxima, with infinities (and NaN) replaced by 0 so that shifting never makes NaN.
function finiteMax(x: Tensor, axis: Axis | undefined): Tensor {
	// No elements, no maximum: shift by 0 (the empty sum's zeros), so log-sum-exp of nothing is log 0 = -Infinity.
	if (x.size === 0) return reduce("sum", "sum", x, axis, true);
	const m = reduce("max", "max", x, axis, true);
	return where(binary("lt", unary("abs", m), Number.POSITIVE_INFINITY), m, 0);
}

/** `log(sum(exp(x)))` over `axis` (all when omitted), stable for large values. */
export function logSumExp(x: Tensor, axis?: Axis, keepDims = false): Tensor {
	checkTensor(x, "logSumExp");
	const axes = normalizeAxes(axis, x.rank, "logSumExp");
	const m = finiteMax(x, axis);
	const sums = reduce("sum", "sum", unary("exp", binary("sub", x, m)), axis, true);
	const lse = binary("add", unary("log", sums), m);
	if (keepDims) return lse;
	return reshape(
		lse,
		x.shape.filter((_, i) => !axes.includes(i)),
	);
}

/** `log(softmax(x))` along `axis` (default last), via log-sum-exp. Throws ShapeError for a bad axis. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
	checkTensor(x, "logSoftmax");
	const ax = normalizeAxis(axis, x.rank, "logSoftmax");
	return binary("sub", x, logSumExp(x, ax, true));
}

/** `exp(x) / sum(exp(x))` along `axis` (default last). Throws ShapeError for a bad axis. */
export function softmax(x: Tensor, axis = -1): Tensor {
	checkTensor(x, "softmax");
	const ax = normalizeAxis(axis, x.rank, "softmax");
	const e = unary("exp", binary("sub", x, finiteMax(x, ax)));
	return binary("div", e, reduce("sum", "sum", e, ax, true));
}
