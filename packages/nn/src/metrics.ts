/** Metrics reported by `fit` and `evaluate`: plain numbers, no gradients. */
import type { Tensor } from "@backprop/tensor";
import { formatShape, ShapeError } from "@backprop/tensor";
import { binaryClass } from "./binary";

/** A metric: prediction and target tensors to a number. */
export type Metric = (prediction: Tensor, target: Tensor) => number;

/** What `fit` accepts as a metric: a name or a named function. */
export type MetricSpec = "accuracy" | "binaryAccuracy" | { name: string; fn: Metric };

/**
 * Fraction of rows whose argmax matches the target's class: `target` is class
 * labels [n] (or [n,1]) or one-hot [n, classes]. Throws ShapeError for other shapes.
 */
export function accuracy(prediction: Tensor, target: Tensor): number {
	if (prediction.rank !== 2)
		throw new ShapeError(`accuracy: prediction must be [n, classes], got ${formatShape(prediction.shape)}`);
	const n = prediction.shape[0] as number;
	const predicted = prediction.argmax(1).dataSync();
	const labels =
		target.rank === 2 && target.shape[1] === prediction.shape[1] && (prediction.shape[1] as number) > 1
			? target.argmax(1).dataSync()
			: target.size === n
				? target.dataSync()
				: null;
	if (labels === null) {
		throw new ShapeError(
			`accuracy: target ${formatShape(target.shape)} does not fit prediction ${formatShape(prediction.shape)}`,
		);
	}
	let hits = 0;
	for (let i = 0; i < n; i++) if (predicted[i] === labels[i]) hits++;
	return n === 0 ? Number.NaN : hits / n;
}

/** Fraction of elements where (prediction ≥ 0.5) equals (target ≥ 0.5). Throws ShapeError for different sizes. */
export function binaryAccuracy(prediction: Tensor, target: Tensor): number {
	if (prediction.size !== target.size) {
		throw new ShapeError(
			`binaryAccuracy: prediction ${formatShape(prediction.shape)} and target ${formatShape(target.shape)} differ`,
		);
	}
	const p = prediction.dataSync();
	const t = target.dataSync();
	let hits = 0;
	for (let i = 0; i < p.length; i++) if (binaryClass(p[i] as number) === binaryClass(t[i] as number)) hits++;
	return p.length === 0 ? Number.NaN : hits / p.length;
}

/** Resolves a metric spec to its name and function. Throws an Error for an unknown name. */
export function getMetric(spec: MetricSpec): { name: string; fn: Metric } {
	if (spec === "accuracy") return { name: "accuracy", fn: accuracy };
	if (spec === "binaryAccuracy") return { name: "binaryAccuracy", fn: binaryAccuracy };
	if (spec && typeof spec === "object" && typeof spec.fn === "function" && typeof spec.name === "string") return spec;
	throw new Error(`unknown metric ${JSON.stringify(spec)} (known: accuracy, binaryAccuracy, or { name, fn })`);
}
