/**
 * Softmax family, all through log-sum-exp shifted by the maximum so that large
 * logits never overflow.
 */
import { normalizeAxes, normalizeAxis } from "../shape";
import { type Axis, Tensor } from "../tensor";
import { checkTensor } from "./operand";

// The row maxima, with infinities replaced by 0 so that shifting never makes NaN.
function finiteMax(x: Tensor, axis: Axis | undefined): Tensor {
	// No elements, no maximum: shift by 0 (the empty sum's zeros), so log-sum-exp of nothing is log 0 = -Infinity.
	if (x.size === 0) return x.sum(axis, true);
	const m = x.max(axis, true);
	const v = m.toTypedArray();
	for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i] as number)) v[i] = 0;
	return Tensor.fromTypedArray(v, m.shape);
}

/** `log(sum(exp(x)))` over `axis` (all when omitted), stable for large values. */
export function logSumExp(x: Tensor, axis?: Axis, keepDims = false): Tensor {
	checkTensor(x, "logSumExp");
	const axes = normalizeAxes(axis, x.rank, "logSumExp");
	const m = finiteMax(x, axis);
	const lse = x.sub(m).exp().sum(axis, true).log().add(m);
	if (keepDims) return lse;
	return lse.reshape(x.shape.filter((_, i) => !axes.includes(i)));
}

/** `log(softmax(x))` along `axis` (default last), via log-sum-exp. Throws ShapeError for a bad axis. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
	checkTensor(x, "logSoftmax");
	const ax = normalizeAxis(axis, x.rank, "logSoftmax");
	return x.sub(logSumExp(x, ax, true));
}

/** `exp(x) / sum(exp(x))` along `axis` (default last). Throws ShapeError for a bad axis. */
export function softmax(x: Tensor, axis = -1): Tensor {
	checkTensor(x, "softmax");
	const ax = normalizeAxis(axis, x.rank, "softmax");
	const e = x.sub(finiteMax(x, ax)).exp();
	return e.div(e.sum(ax, true));
}
