/** Watching one logged value for improvement, as Keras's EarlyStopping and ReduceLROnPlateau do. */
import type { Logs } from "../training/evaluate";

/** Whether smaller or larger values of the monitored quantity are better. */
export type MonitorMode = "min" | "max" | "auto";

/** The monitored value: its name, which way is better, and the improvement that counts. */
export interface Monitor {
	/** The log key watched (`loss`, `valLoss`, `accuracy`, `valAccuracy`, ...). */
	readonly name: string;
	/** `min` or `max`, resolved from `auto`. */
	readonly mode: "min" | "max";
	/** Reads the value from an epoch's logs. Throws an Error listing the logged keys when it is missing. */
	read(logs: Logs, who: string): number;
	/** True when `current` beats `best` by more than `minDelta` (current + minDelta < best for min). */
	improves(current: number, best: number): boolean;
	/** The starting best (Infinity for min, -Infinity for max). */
	readonly worst: number;
}

/**
 * A monitor for `name`; `auto` means `max` for names containing "accuracy", else `min`.
 * Throws RangeError for a negative or non-finite minDelta.
 */
export function createMonitor(name: string, mode: MonitorMode, minDelta: number, who: string): Monitor {
	if (!(minDelta >= 0) || !Number.isFinite(minDelta)) {
		throw new RangeError(`${who}: minDelta must be a non-negative number, got ${String(minDelta)}`);
	}
	const resolved = mode === "auto" ? (/accuracy/i.test(name) ? "max" : "min") : mode;
	if (resolved !== "min" && resolved !== "max") {
		throw new RangeError(`${who}: mode must be min, max or auto, got ${String(mode)}`);
	}
	return {
		name,
		mode: resolved,
		worst: resolved === "min" ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY,
		read(logs, caller) {
			const value = logs[name];
			if (typeof value !== "number") {
				throw new Error(
					`${caller}: monitor "${name}" is not in the epoch's logs (logged: ${Object.keys(logs).join(", ")}); valLoss needs validationSplit or validationData`,
				);
			}
			return value;
		},
		// Keras's rule: an improvement beats the best by more than minDelta.
		improves: (current, best) => (resolved === "min" ? current + minDelta < best : current - minDelta > best),
	};
}
