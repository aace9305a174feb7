/** Early stopping: end training when a monitored value stops improving, as Keras's EarlyStopping. */
import type { Tensor } from "@backprop/tensor";
import type { Callbacks } from "../training/callbacks";
import { createMonitor, type MonitorMode } from "./monitor";

/** Options for {@link earlyStopping}. */
export interface EarlyStoppingOptions {
	/** The log watched (default `valLoss` when there is validation data, else `loss`). */
	monitor?: string;
	/** Epochs without improvement before stopping (default 0: the first epoch that does not improve stops). */
	patience?: number;
	/** The least change that counts as an improvement (default 0). */
	minDelta?: number;
	/** Whether lower or higher is better (default `auto`: higher for accuracies). */
	mode?: MonitorMode;
	/** At the end, put back the weights of the best epoch (default false). */
	restoreBestWeights?: boolean;
}

/** What {@link earlyStopping} saw, for reports. */
export interface EarlyStoppingState {
	/** The best monitored value so far. */
	best: number;
	/** Its epoch (0-based), or -1 before the first epoch. */
	bestEpoch: number;
	/** The epoch (0-based) training stopped after, or -1 if it did not stop. */
	stoppedEpoch: number;
}

/**
 * A callback that stops `fit` once the monitored value has not improved (by more
 * than `minDelta`) for `patience` epochs in a row; with `restoreBestWeights` the
 * model ends with the weights of its best epoch. Keras's rule: each epoch, an
 * improvement resets the wait, otherwise the wait grows and training stops when it
 * reaches `patience` (never after the first epoch). Throws RangeError for a bad
 * option; training rejects with an Error naming the monitor when the logs lack it.
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): Callbacks & { readonly state: EarlyStoppingState } {
	const patience = options.patience ?? 0;
	if (!Number.isInteger(patience) || patience < 0) {
		throw new RangeError(`earlyStopping: patience must be a non-negative integer, got ${String(patience)}`);
	}
	const state: EarlyStoppingState = { best: Number.NaN, bestEpoch: -1, stoppedEpoch: -1 };
	let monitor = createMonitor(
		options.monitor ?? "loss",
		options.mode ?? "auto",
		options.minDelta ?? 0,
		"earlyStopping",
	);
	let wait = 0;
	let bestWeights: Tensor[] | null = null;
	return {
		state,
		onTrainBegin(context) {
			const name = options.monitor ?? (context.hasValidation ? "valLoss" : "loss");
			monitor = createMonitor(name, options.mode ?? "auto", options.minDelta ?? 0, "earlyStopping");
			state.best = monitor.worst;
			state.bestEpoch = -1;
			state.stoppedEpoch = -1;
			wait = 0;
			bestWeights = null;
		},
		onEpochEnd(epoch, logs, context) {
			const current = monitor.read(logs, "earlyStopping");
			wait++;
			if (monitor.improves(current, state.best)) {
				state.best = current;
				state.bestEpoch = epoch;
				wait = 0;
				if (options.restoreBestWeights) bestWeights = context.model.parameters().map((p) => p.value);
				return undefined;
			}
			if (wait >= patience && epoch > 0) {
				state.stoppedEpoch = epoch;
				return false;
			}
			return undefined;
		},
		onTrainEnd(_history, context) {
			const weights = bestWeights;
			if (weights) {
				context.model.parameters().forEach((p, i) => {
					p.value = weights[i];
				});
			}
		},
	};
}
