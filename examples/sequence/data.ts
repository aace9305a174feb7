/** A noisy sine wave cut into windows: the past `window` values, and the next value to predict. */
import { Rng, type Tensor, tensor } from "@backprop/tensor";

/** Windows as [n, window, 1] (for the LSTM), the same as [n, window] (for Dense), and the next values [n, 1]. */
export interface Windows {
	sequences: Tensor;
	flat: Tensor;
	next: Tensor;
	/** The value just before each target (the naive forecast). */
	last: number[];
}

/** x_t = sin(0.25 t) + N(0, noise²) for t = 0 .. length-1, from a seeded generator. */
export function noisySine(length: number, noise: number, seed: number): number[] {
	const rng = new Rng(seed);
	return Array.from({ length }, (_, t) => Math.sin(0.25 * t) + rng.normal(0, noise));
}

/** Every window of `window` consecutive values with the value after it. */
export function windows(series: readonly number[], window: number): Windows {
	const rows: number[][] = [];
	const next: number[] = [];
	for (let t = 0; t + window < series.length; t++) {
		rows.push(series.slice(t, t + window));
		next.push(series[t + window]);
	}
	const n = rows.length;
	return {
		sequences: tensor(rows.flat(), { shape: [n, window, 1] }),
		flat: tensor(rows),
		next: tensor(next, { shape: [n, 1] }),
		last: rows.map((r) => r[r.length - 1]),
	};
}
