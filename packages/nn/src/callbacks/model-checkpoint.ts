/** Saving the model during training, as Keras's ModelCheckpoint. */
import { Sequential } from "../layers/sequential";
import type { Callbacks } from "../training/callbacks";
import { createMonitor, type MonitorMode } from "./monitor";

/** Options for {@link modelCheckpoint}. */
export interface ModelCheckpointOptions {
	/** Save only when the monitored value improves on the best so far (default false: every epoch). */
	saveBestOnly?: boolean;
	/** The log watched with `saveBestOnly` (default `valLoss` with validation data, else `loss`). */
	monitor?: string;
	/** Whether lower or higher is better (default `auto`). */
	mode?: MonitorMode;
}

/**
 * A callback (Node only) that saves the model to `path` after each epoch (with
 * `saveBestOnly`, only after an epoch that improved the monitored value), with
 * {@link saveModel}: atomically, so a crash never leaves a half-written file.
 * `{epoch}` in the path is replaced by the 1-based epoch number. Training rejects
 * with saveModel's error when the file cannot be written, and with a TypeError
 * when the model is not a Sequential.
 */
export function modelCheckpoint(path: string, options: ModelCheckpointOptions = {}): Callbacks {
	if (typeof path !== "string" || path.length === 0) throw new TypeError("modelCheckpoint: path must be a file path");
	let monitor = createMonitor(options.monitor ?? "loss", options.mode ?? "auto", 0, "modelCheckpoint");
	let best = monitor.worst;
	return {
		onTrainBegin(context) {
			if (!(context.model instanceof Sequential)) {
				throw new TypeError("modelCheckpoint: only a Sequential model can be saved");
			}
			const name = options.monitor ?? (context.hasValidation ? "valLoss" : "loss");
			monitor = createMonitor(name, options.mode ?? "auto", 0, "modelCheckpoint");
			best = monitor.worst;
		},
		async onEpochEnd(epoch, logs, context) {
			if (options.saveBestOnly) {
				const current = monitor.read(logs, "modelCheckpoint");
				if (!monitor.improves(current, best)) return undefined;
				best = current;
			}
			// Loaded on first use, so importing @backprop/nn in a browser reads no file system.
			const files = await import("../io/save-load");
			await files.saveModel(context.model as Sequential, path.replaceAll("{epoch}", String(epoch + 1)));
			return undefined;
		},
	};
}
