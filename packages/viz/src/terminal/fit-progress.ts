/** A progress bar for `fit`: pass `fitProgressBar()` among fit's callbacks. */
import type { Callbacks } from "@backprop/nn";
import { createProgressBar, type ProgressBar, type ProgressBarOptions } from "./progress";

/** Options for {@link fitProgressBar}: where and how the bar is drawn (its total is fit's epochs). */
export type FitProgressOptions = Omit<ProgressBarOptions, "total">;

/**
 * A `fit` callback drawing a progress bar over the epochs, with the latest loss,
 * metrics and validation values beside it: `fit(model, x, y, { epochs: 100,
 * callbacks: fitProgressBar() })`. Drawn on stderr by default, only when it is a
 * terminal (elsewhere nothing is printed; `verbose: 1` prints lines instead).
 */
export function fitProgressBar(options: FitProgressOptions = {}): Callbacks {
	let bar: ProgressBar | null = null;
	return {
		onTrainBegin(context) {
			bar = createProgressBar({ ...options, total: context.epochs });
		},
		onEpochEnd(epoch, logs) {
			bar?.update(epoch + 1, logs);
			return undefined;
		},
		onTrainEnd() {
			bar?.stop();
			bar = null;
		},
	};
}
