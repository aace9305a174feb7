/**
 * What `fit` uses to run its steps compiled: the training data as row-major
 * float64 arrays once, and a step over rows of the shuffled order that allocates
 * nothing. Null whenever the compiled step would not match fit's eager step.
 */
import type { Rng, Tensor } from "@backprop/tensor";
import type { LossSpec } from "../losses";
import type { ModuleLike } from "../module";
import type { Optimizer } from "../optimizers/optimizer";
import { compile, type TrainingStep } from "./compile";
import { planStep } from "./plan";

/** fit's compiled step over its data. */
export interface FitStep {
	/** One step on rows order[start … start+count); returns the loss (no update when it is not finite). */
	step(order: readonly number[], start: number, count: number): number;
	/**
	 * Batches of `rows` rows from `start` while one fits before `end`, in one call;
	 * returns `sum` plus loss × rows per batch (see TrainingStep.runRows).
	 */
	run(order: readonly number[], start: number, end: number, rows: number, sum: number): number;
	/**
	 * Up to `count` whole epochs in one synchronous call, for a fit nothing observes
	 * between epochs: each shuffles `order` with `rng` (when given), steps through it in
	 * batches and appends the epoch's mean loss to `losses`, as fit's loop does. Stops
	 * after the first epoch that ends past `until` (a performance.now() time), or at a
	 * non-finite loss or weights ({@link stoppedAt} ≥ 0, in the epoch after those returned).
	 * Returns the number of epochs completed.
	 */
	epochs(order: number[], batchSize: number, rng: Rng | null, count: number, until: number, losses: number[]): number;
	/** Where the latest run stopped at a non-finite loss or weights (a position in order), or -1. */
	readonly stoppedAt: number;
	/** The loss of the batch the latest run stopped at. */
	readonly stopLoss: number;
	/** Whether the weights are finite after the latest update. */
	readonly finite: boolean;
	/** The output on the latest step's rows (before its update). */
	lastPrediction(): Tensor | null;
	/** Puts back the weights from before the latest update. */
	undoLastUpdate(): void;
	/** Writes weights and optimizer state into the model and optimizer. */
	sync(): void;
}

// Integer class labels [n] (or [n, 1]) as one-hot rows, or null when a label is not a class
// index (the eager loss then throws its error naming the row).
function oneHot(labels: Float64Array, classes: number): Float64Array | null {
	const out = new Float64Array(labels.length * classes);
	for (let i = 0; i < labels.length; i++) {
		const c = labels[i];
		if (!Number.isInteger(c) || c < 0 || c >= classes) return null;
		out[i * classes + c] = 1;
	}
	return out;
}

/**
 * A compiled step for `fit` on (xs, ys), or null with the reason when fit must
 * run eagerly (unsupported model, loss, optimizer or target shape, or code
 * generation refused). `ys` is already aligned with the output's shape.
 */
export function fitStep(
	model: ModuleLike,
	loss: LossSpec,
	optimizer: Optimizer,
	xs: Tensor,
	ys: Tensor,
	batchSize: number,
): { step: FitStep | null; reason: string | null } {
	const planned = planStep(model, loss, optimizer);
	if (!planned.ok) return { step: null, reason: planned.reason };
	const { layers } = planned.plan;
	const inputs = (layers[0] as (typeof layers)[number]).inputs;
	const outputs = (layers[layers.length - 1] as (typeof layers)[number]).units;
	const n = xs.shape[0];
	if (xs.dtype !== "float64" || xs.rank !== 2 || xs.shape[1] !== inputs) {
		return { step: null, reason: "x is not float64 [rows, inputs]" };
	}
	let y: Float64Array | null = null;
	if (ys.rank === 2 && ys.shape[1] === outputs) y = ys.dataSync() as Float64Array;
	else if (planned.plan.loss === "crossEntropy" && ys.size === n && outputs > 1) {
		y = oneHot(ys.dataSync() as Float64Array, outputs);
	}
	if (y === null) return { step: null, reason: "y does not fit the output shape" };
	const compiled: TrainingStep = compile(model, { loss, optimizer, batchSize });
	if (!compiled.compiled) return { step: null, reason: compiled.reason };
	const x = xs.dataSync() as Float64Array;
	const targets = y;
	return {
		reason: null,
		step: {
			step: (order, start, count) => compiled.stepRows(x, targets, order, start, count),
			run: (order, start, end, rows, sum) => compiled.runRows(x, targets, order, start, end, rows, sum),
			epochs(order, batchSize, rng, count, until, losses) {
				const n = order.length;
				const whole = n - (n % batchSize);
				for (let e = 0; e < count; e++) {
					if (rng) rng.shuffle(order);
					let sum = compiled.runRows(x, targets, order, 0, whole, batchSize, 0);
					if (compiled.stoppedAt < 0 && whole < n) sum = compiled.runRows(x, targets, order, whole, n, n - whole, sum);
					if (compiled.stoppedAt >= 0) return e;
					losses.push(sum / n);
					if (performance.now() > until) return e + 1;
				}
				return count;
			},
			get stoppedAt() {
				return compiled.stoppedAt;
			},
			get stopLoss() {
				return compiled.stopLoss;
			},
			get finite() {
				return compiled.finite;
			},
			lastPrediction: () => compiled.lastPrediction(),
			undoLastUpdate: () => compiled.undoLastUpdate(),
			sync: () => compiled.sync(),
		},
	};
}
