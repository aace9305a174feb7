/** Metrics reported by `fit` and `evaluate`: plain numbers, no gradients. */
import type { Tensor } from "@backprop/tensor";
import { formatShape, ShapeError } from "@backprop/tensor";
import { binaryClass } from "./binary";
import { Registry } from "./registry";

/** A metric: prediction and target tensors to a number. */
export type Metric = (prediction: Tensor, target: Tensor) => number;

/** What `fit` accepts as a metric: a registered name (`accuracy`, `binaryAccuracy`, ...) or a named function. */
export type MetricSpec = "accuracy" | "binaryAccuracy" | (string & {}) | { name: string; fn: Metric };

/** Options for {@link accuracy}. */
export interface AccuracyOptions {
	/** Where a one-output model's prediction turns to class 1 (default 0.5; 0 for logits). */
	threshold?: number;
}

/**
 * Fraction of rows predicted right, following the output: with one output
 * ([n] or [n, 1]) the class is 1 where prediction ≥ `threshold` (default 0.5; pass 0
 * for logits) and the target is 0/1; with several outputs the class is the argmax
 * and `target` is class labels [n] (or [n, 1]) or one-hot [n, classes].
 * Throws ShapeError for other shapes.
 */
export function accuracy(prediction: Tensor, target: Tensor, options: AccuracyOptions = {}): number {
	const oneOutput = prediction.rank === 1 || (prediction.rank === 2 && prediction.shape[1] === 1);
	if (oneOutput) {
		if (target.size !== prediction.size) {
			throw new ShapeError(
				`accuracy: target ${formatShape(target.shape)} does not fit prediction ${formatShape(prediction.shape)}`,
			);
		}
		if (prediction.size === 0) return Number.NaN;
		const predicted = prediction.reshape([-1]).ge(options.threshold ?? 0.5);
		return predicted
			.eq(target.reshape([-1]).ge(0.5))
			.mean()
			.item();
	}
	if (prediction.rank !== 2)
		throw new ShapeError(`accuracy: prediction must be [n, classes], got ${formatShape(prediction.shape)}`);
	const n = prediction.shape[0];
	const predicted = prediction.argmax(1).dataSync();
	const labels =
		target.rank === 2 && target.shape[1] === prediction.shape[1] && prediction.shape[1] > 1
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
	for (let i = 0; i < p.length; i++) if (binaryClass(p[i]) === binaryClass(t[i])) hits++;
	return p.length === 0 ? Number.NaN : hits / p.length;
}

/** How `fit` and `evaluate` resolve metrics for the loss in use. */
export interface MetricContext {
	/** True when the model outputs logits (binaryCrossEntropyFromLogits): thresholds move from 0.5 to 0. */
	fromLogits?: boolean;
}

const registry = new Registry<Metric>("metric");
registry.setBuiltIn("accuracy", accuracy);
registry.setBuiltIn("binaryAccuracy", binaryAccuracy);

/**
 * Resolves a metric spec to its name and function: a registered name (in any
 * case) or a `{ name, fn }` passed through; `accuracy` and `binaryAccuracy`
 * threshold at 0 rather than 0.5 for a from-logits loss. Throws UnknownNameError
 * listing the known names for an unknown name, TypeError for anything else.
 */
export function getMetric(spec: MetricSpec, context: MetricContext = {}): { name: string; fn: Metric } {
	if (typeof spec === "string") {
		const name = registry.resolveName(spec);
		if (context.fromLogits && name === "accuracy") return { name, fn: (p, t) => accuracy(p, t, { threshold: 0 }) };
		if (context.fromLogits && name === "binaryAccuracy") return { name, fn: (p, t) => binaryAccuracy(p.ge(0), t) };
		return { name, fn: registry.get(name) };
	}
	if (spec && typeof spec === "object" && typeof spec.fn === "function" && typeof spec.name === "string") return spec;
	throw new TypeError(`metric: expected a name or { name, fn }, got ${JSON.stringify(spec)}`);
}

/** Registers a metric under `name`. Throws TypeError for an invalid, built-in or clashing name, or a non-function. */
export function registerMetric(name: string, fn: Metric): void {
	if (typeof fn !== "function") throw new TypeError(`registerMetric: ${name} must be a function`);
	registry.set(name, fn);
}

/** Names of the registered metrics. */
export function metricNames(): string[] {
	return registry.names();
}

/** The metric registry, for lookups by kind (see names.ts). */
export { registry as metricRegistry };
