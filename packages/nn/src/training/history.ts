/** What `fit` returns: the run, epoch by epoch. */

/** What happened in training, epoch by epoch. */
export interface History {
	/** Mean training loss of each epoch. */
	loss: number[];
	/** Validation loss of each epoch (empty without validation data). */
	valLoss: number[];
	/** Training metrics by name, one value per epoch. */
	metrics: Record<string, number[]>;
	/** Validation metrics by name, one value per epoch. */
	valMetrics: Record<string, number[]>;
	/** Learning rate of each epoch (schedules change it). */
	lr: number[];
	/** Epochs completed. */
	epochs: number;
	/** Why training ended. */
	stopReason: "completed" | "callback" | "aborted";
	/** Warnings about the data or settings (also passed to `onWarning`). */
	warnings: string[];
}
