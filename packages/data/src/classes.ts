/** Class labels: integer labels to one-hot rows, and the class of each row of a target. */
import { type DataLike, toDataTensor } from "@backprop/nn";
import { arange, type Tensor } from "@backprop/tensor";

/**
 * The class of each row of `y`: the argmax of one-hot rows [n, classes], or the
 * label itself for labels [n] or [n, 1]. Throws an Error naming the row for a
 * label that is not a non-negative integer.
 */
export function classOfEachRow(y: Tensor, op: string, what = "y"): number[] {
	if (y.rank === 2 && y.shape[1] > 1) return y.argmax(1).toArray() as number[];
	if (y.size !== y.shape[0]) throw new Error(`${op}: ${what} must be class labels [n] or one-hot rows [n, classes]`);
	const labels = y.reshape([-1]).toArray() as number[];
	const bad = labels.findIndex((c) => !Number.isInteger(c) || c < 0);
	if (bad >= 0)
		throw new Error(`${op}: ${what} row ${bad} holds ${labels[bad]}, which is not a class label (0, 1, 2, ...)`);
	return labels;
}

/**
 * One-hot rows [n, classes] for integer labels 0..classes-1 (`classes` defaults
 * to the largest label + 1): row i has a 1 in column labels[i]. Throws an Error
 * naming the row for a label that is not an integer in [0, classes), RangeError
 * for a bad `classes`.
 */
export function oneHot(labels: DataLike, classes?: number): Tensor {
	const t = toDataTensor(labels, "labels", "oneHot", "float64");
	if (t.size !== t.shape[0]) throw new Error(`oneHot: labels must be one per row ([n] or [n, 1])`);
	const values = classOfEachRow(t, "oneHot", "labels");
	const k = classes ?? Math.max(...values) + 1;
	if (!Number.isInteger(k) || k <= 0) throw new RangeError(`oneHot: classes must be a positive integer, got ${k}`);
	const bad = values.findIndex((c) => c >= k);
	if (bad >= 0)
		throw new Error(`oneHot: labels row ${bad} holds label ${values[bad]}, but there are ${k} classes (0 to ${k - 1})`);
	// Broadcasting [n, 1] against [classes] compares every label with every class.
	return t.reshape([t.size, 1]).eq(arange(k));
}
