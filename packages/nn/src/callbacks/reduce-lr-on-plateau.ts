/** Lowering the learning rate when a monitored value stops improving, as Keras's ReduceLROnPlateau. */
import type { Callbacks } from "../training/callbacks";
import { createMonitor, type MonitorMode } from "./monitor";

/** Options for {@link reduceLROnPlateau}. */
export interface ReduceLROnPlateauOptions {
	/** The log watched (default `valLoss` when there is validation data, else `loss`). */
	monitor?: string;
	/** Multiplies the rate on a plateau (default 0.1; in (0, 1)). */
	factor?: number;
	/** Epochs without improvement before lowering the rate (default 10). */
	patience?: number;
	/** The least change that counts as an improvement (default 1e-4). */
	minDelta?: number;
	/** Epochs to wait after a reduction before counting again (default 0). */
	cooldown?: number;
	/** The rate never goes below this (default 0, i.e. no floor but the optimizer's lr > 0). */
	minLr?: number;
	/** Whether lower or higher is better (default `auto`). */
	mode?: MonitorMode;
}

/**
 * A callback that multiplies the optimizer's lr by `factor` once the monitored
 * value has not improved for `patience` epochs, then waits `cooldown` epochs;
 * the rate never drops below `minLr`. Keras's rule, epoch by epoch: during
 * cooldown the counter decreases and the wait is 0; an improvement sets the best
 * and resets the wait; otherwise, out of cooldown, the wait grows and at
 * `patience` the rate drops (if above minLr), the cooldown starts and the wait resets.
 * Throws RangeError for a bad option.
 */
export function reduceLROnPlateau(options: ReduceLROnPlateauOptions = {}): Callbacks {
	const factor = options.factor ?? 0.1;
	if (!(factor > 0 && factor < 1)) throw new RangeError(`reduceLROnPlateau: factor must be in (0, 1), got ${factor}`);
	const patience = options.patience ?? 10;
	const cooldown = options.cooldown ?? 0;
	for (const [name, v] of [
		["patience", patience],
		["cooldown", cooldown],
	] as const) {
		if (!Number.isInteger(v) || v < 0) {
			throw new RangeError(`reduceLROnPlateau: ${name} must be a non-negative integer, got ${String(v)}`);
		}
	}
	const minLr = options.minLr ?? 0;
	if (!(minLr >= 0)) throw new RangeError(`reduceLROnPlateau: minLr must be non-negative, got ${minLr}`);
	let monitor = createMonitor(
		options.monitor ?? "loss",
		options.mode ?? "auto",
		options.minDelta ?? 1e-4,
		"reduceLROnPlateau",
	);
	let best = monitor.worst;
	let wait = 0;
	let cooldownLeft = 0;
	return {
		onTrainBegin(context) {
			const name = options.monitor ?? (context.hasValidation ? "valLoss" : "loss");
			monitor = createMonitor(name, options.mode ?? "auto", options.minDelta ?? 1e-4, "reduceLROnPlateau");
			best = monitor.worst;
			wait = 0;
			cooldownLeft = 0;
		},
		onEpochEnd(_epoch, logs, context) {
			const current = monitor.read(logs, "reduceLROnPlateau");
			if (cooldownLeft > 0) {
				cooldownLeft--;
				wait = 0;
			}
			if (monitor.improves(current, best)) {
				best = current;
				wait = 0;
			} else if (cooldownLeft === 0) {
				wait++;
				if (wait >= patience) {
					const lr = context.optimizer.lr;
					if (lr > minLr) {
						context.optimizer.lr = Math.max(lr * factor, minLr);
						cooldownLeft = cooldown;
						wait = 0;
					}
				}
			}
			return undefined;
		},
	};
}
