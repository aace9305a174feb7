/** Metrics reported by `fit` and `evaluate`: plain numbers, no gradients. */
import type { Tensor } from "@backprop/tensor";
import { formatShape, ShapeError } from "@backprop/tensor";
import { binaryClass } from "./binary";
import { Registry } from "./registry";

/** A metric: prediction and target tensors to a number. */
export type Metric = (prediction: Tensor, target: Tensor) => number;

/** What `fit` accepts as a metric: a registered name (`accuracy`, `binaryAccuracy`, ...) or a named function. */
export type MetricSpec = "accuracy" | "binaryAccuracy" | (string & {}) | { name: string; fn: Metric };

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

const registry = new Registry<Metric>("metric");
registry.setBuiltIn("accuracy", accuracy);
registry.setBuiltIn("binaryAccuracy", binaryAccuracy);

/**
 * Resolves a metric spec to its name and function: a registered name (in any
 * case) or a `{ name, fn }` passed through. Throws UnknownNameError listing the
 * known names for an unknown name, TypeError for anything else.
 */
export function getMetric(spec: MetricSpec): { name: string; fn: Metric } {
	if (typeof spec === "string") {
		const name = registry.resolveName(spec);
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
