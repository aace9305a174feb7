/** The LSTM and the Dense baseline on the same windows of a noisy sine. */
import { Adam, Dense, LSTM, type Module, predict, Sequential, fit as train } from "@backprop/nn";
import type { Tensor } from "@backprop/tensor";
import { noisySine, type Windows, windows } from "./data";

/** Settings of one run. */
export interface SequenceOptions {
	epochs: number;
	seed: number;
	/** Length of the training series (the test series is half as long). */
	length: number;
	window: number;
	noise: number;
}

/** Root mean squared errors on the test windows. */
export interface SequenceResult {
	naive: number;
	dense: number;
	lstm: number;
	noise: number;
	seconds: { dense: number; lstm: number };
}

function rmse(predicted: readonly number[], actual: readonly number[]): number {
	return Math.sqrt(predicted.reduce((s, p, i) => s + (p - actual[i]) ** 2, 0) / predicted.length);
}

async function trainOn(model: Module, x: Tensor, y: Tensor, options: SequenceOptions): Promise<number> {
	const started = performance.now();
	await train(model, x, y, {
		loss: "mse",
		optimizer: new Adam(model.parameters(), { lr: 0.01 }),
		epochs: options.epochs,
		batchSize: 32,
		seed: options.seed,
	});
	return (performance.now() - started) / 1000;
}

/** Trains both models on one series and measures them on another (same wave, other noise). */
export async function runSequence(options: SequenceOptions, log: (line: string) => void): Promise<SequenceResult> {
	const train: Windows = windows(noisySine(options.length, options.noise, options.seed), options.window);
	const test: Windows = windows(
		noisySine(Math.floor(options.length / 2), options.noise, options.seed + 1000),
		options.window,
	);
	const actual = Array.from(test.next.dataSync());
	const lstm = new Sequential([new LSTM(1, 16, { seed: options.seed }), new Dense(16, 1)]);
	const dense = new Sequential([new Dense(options.window, 16, { activation: "tanh" }), new Dense(16, 1)]);
	log(lstm.summary([options.window, 1]));
	const lstmSeconds = await trainOn(lstm, train.sequences, train.next, options);
	const denseSeconds = await trainOn(dense, train.flat, train.next, options);
	const result: SequenceResult = {
		naive: rmse(test.last, actual),
		dense: rmse(Array.from(predict(dense, test.flat).dataSync()), actual),
		lstm: rmse(Array.from(predict(lstm, test.sequences).dataSync()), actual),
		noise: options.noise,
		seconds: { dense: denseSeconds, lstm: lstmSeconds },
	};
	log(
		`\nnext value of sin(0.25 t) + noise (std ${options.noise}), windows of ${options.window}, ${options.epochs} epochs`,
	);
	log(`test RMSE (the noise alone makes ${options.noise.toFixed(2)} the best possible):`);
	log(`  repeat the last value   ${result.naive.toFixed(4)}`);
	log(`  Dense ${options.window}-16-1          ${result.dense.toFixed(4)}   (${denseSeconds.toFixed(1)} s)`);
	log(`  LSTM(16) + Dense        ${result.lstm.toFixed(4)}   (${lstmSeconds.toFixed(1)} s)`);
	return result;
}
