/** `verbose: 1`: one line per epoch, as Keras prints it. */
import type { Callbacks } from "./callbacks";

function formatValue(v: number): string {
	return Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(3);
}

/**
 * A callback printing `Epoch 3/10 - loss: 0.1234 - valLoss: 0.2345` after each
 * epoch through `write` (default `console.log`). For a progress bar on a terminal,
 * pass `progressBar()` from @backprop/viz as a callback instead.
 */
export function epochLogger(write: (line: string) => void = console.log): Callbacks {
	return {
		onEpochEnd(epoch, logs, context) {
			const parts = Object.entries(logs).map(([k, v]) => `${k}: ${formatValue(v)}`);
			write(`Epoch ${epoch + 1}/${context.epochs} - ${parts.join(" - ")}`);
			return undefined;
		},
	};
}
