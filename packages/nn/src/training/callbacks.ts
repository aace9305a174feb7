/** The hooks `fit` calls while it trains, and what they can see of the run. */
import type { ModuleLike } from "../module";
import type { Optimizer } from "../optimizers/optimizer";
import type { Logs } from "./evaluate";
import type { History } from "./history";

/** What a callback can reach during {@link fit}: the model, its optimizer and the run's plan. */
export interface TrainingContext {
	/** The model being trained. */
	readonly model: ModuleLike;
	/** The optimizer stepping it (schedules set its `lr`). */
	readonly optimizer: Optimizer;
	/** Epochs this `fit` call runs (unless stopped). */
	readonly epochs: number;
	/** Whether epochs report validation values (`valLoss`, ...). */
	readonly hasValidation: boolean;
}

/**
 * Progress hooks, Keras-style. Returning `false` (or a promise of it) from
 * `onBatchEnd` or `onEpochEnd` stops training after that point.
 */
export interface Callbacks {
	/** Once before the first step. */
	onTrainBegin?(context: TrainingContext): void | Promise<void>;
	/** Before each epoch's first step (schedules set the learning rate here). */
	onEpochBegin?(epoch: number, context: TrainingContext): void | Promise<void>;
	/** After each batch, with its loss. */
	onBatchEnd?(batch: number, logs: Logs): boolean | undefined | Promise<boolean | undefined>;
	/** After each epoch, with its loss, metrics and validation values. */
	onEpochEnd?(epoch: number, logs: Logs, context: TrainingContext): boolean | undefined | Promise<boolean | undefined>;
	/** Once at the end, however training stopped (early stopping restores weights here). */
	onTrainEnd?(history: History, context: TrainingContext): void | Promise<void>;
}

/**
 * Runs a list of callbacks as one: every hook in order; a stop from any of them
 * stops training. A hook none of them has is left out, so `fit` skips it (no
 * promise per batch when nothing listens).
 */
export function combineCallbacks(list: readonly Callbacks[]): Callbacks {
	if (list.length === 1) return list[0] as Callbacks;
	const has = (hook: keyof Callbacks) => list.some((c) => typeof c[hook] === "function");
	const combined: Callbacks = {};
	if (has("onTrainBegin")) {
		combined.onTrainBegin = async (context) => {
			for (const c of list) await c.onTrainBegin?.(context);
		};
	}
	if (has("onEpochBegin")) {
		combined.onEpochBegin = async (epoch, context) => {
			for (const c of list) await c.onEpochBegin?.(epoch, context);
		};
	}
	if (has("onBatchEnd")) {
		combined.onBatchEnd = async (batch, logs) => {
			let stop = false;
			for (const c of list) if ((await c.onBatchEnd?.(batch, logs)) === false) stop = true;
			return stop ? false : undefined;
		};
	}
	if (has("onEpochEnd")) {
		combined.onEpochEnd = async (epoch, logs, context) => {
			let stop = false;
			for (const c of list) if ((await c.onEpochEnd?.(epoch, logs, context)) === false) stop = true;
			return stop ? false : undefined;
		};
	}
	if (has("onTrainEnd")) {
		combined.onTrainEnd = async (history, context) => {
			for (const c of list) await c.onTrainEnd?.(history, context);
		};
	}
	return combined;
}
