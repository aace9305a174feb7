/**
 * The training loop: mini-batches, loss, backward, optimizer step, callbacks,
 * validation — and the guarantees around it: bad data is rejected before any
 * step, a non-finite loss never produces a step, stopping keeps the model as it is.
 */
import { noGrad, type Variable, variable } from "@backprop/autograd";
import { Rng, ShapeError, type Tensor } from "@backprop/tensor";
import { checkPositiveInteger } from "../checks";
import { checkRows, type DataLike, toDataTensor } from "../data";
import { getLoss, type LossSpec } from "../losses";
import { getMetric, type MetricSpec } from "../metrics";
import type { Module } from "../module";
import { createOptimizer } from "../optimizers";
import { Optimizer } from "../optimizers/optimizer";
import { alignTarget, evaluateTensors, type Logs } from "./evaluate";
import { modelDtype } from "./predict";

/** Progress hooks. Returning `false` (or a promise of it) stops training after that point. */
export interface Callbacks {
	/** After each batch, with its loss. */
	onBatchEnd?(batch: number, logs: Logs): boolean | undefined | Promise<boolean | undefined>;
	/** After each epoch, with its loss, metrics and validation values. */
	onEpochEnd?(epoch: number, logs: Logs): boolean | undefined | Promise<boolean | undefined>;
	/** Once at the end, however training stopped. */
	onTrainEnd?(history: History): void | Promise<void>;
}

/** Options for {@link fit}. */
export interface FitOptions {
	/** Loss (default `mse`). */
	loss?: LossSpec;
	/** An optimizer bound to the model's parameters, or a name (default `sgd`). */
	optimizer?: Optimizer | string;
	/** Learning rate when `optimizer` is a name (sgd default 0.01). */
	lr?: number;
	/** Passes over the data (default 1). */
	epochs?: number;
	/** Rows per step (default 32; 1 is per-sample SGD). */
	batchSize?: number;
	/** Shuffle rows every epoch (default true). */
	shuffle?: boolean;
	/** Seed for shuffling (default 0). */
	seed?: number;
	/** Fraction of rows, taken from the end, held out for validation. */
	validationSplit?: number;
	/** Explicit validation data [x, y]. */
	validationData?: readonly [DataLike, DataLike];
	/** Metrics to report per epoch. */
	metrics?: readonly MetricSpec[];
	/** Progress hooks. */
	callbacks?: Callbacks;
	/** Aborting it stops training after the current batch. */
	signal?: AbortSignal;
}

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
	/** Epochs completed. */
	epochs: number;
	/** Why training ended. */
	stopReason: "completed" | "callback" | "aborted";
}

// Yielding to the event loop every few milliseconds keeps a progress bar or UI live
// without paying for a macrotask after every one of thousands of tiny batches.
const YIELD_EVERY_MS = 15;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Trains `model` on (x, y) and resolves with the {@link History}. Rejects before
 * any step for bad data (empty, non-numeric or non-finite values, different row
 * counts, a feature count the model does not take) or bad options (RangeError).
 * Rejects with an Error naming the epoch and batch when the loss turns NaN or
 * infinite; the model then keeps the last weights that gave a finite loss.
 */
export async function fit(model: Module, x: DataLike, y: DataLike, options: FitOptions = {}): Promise<History> {
	const epochs = checkPositiveInteger("fit", "epochs", options.epochs ?? 1);
	const batchSize = checkPositiveInteger("fit", "batchSize", options.batchSize ?? 32);
	const shuffle = options.shuffle ?? true;
	const loss = getLoss(options.loss ?? "mse");
	const metrics = (options.metrics ?? []).map(getMetric);
	const params = model.parameters();
	const optimizer =
		options.optimizer instanceof Optimizer
			? options.optimizer
			: createOptimizer(options.optimizer ?? "sgd", params, options.lr);
	const bound = new Set(optimizer.params);
	if (params.some((p) => !bound.has(p))) {
		throw new TypeError(
			"fit: the optimizer is not bound to this model's parameters (create it with model.parameters())",
		);
	}
	const dtype = modelDtype(model);
	let xs = toDataTensor(x, "x", "fit", dtype);
	let ys = toDataTensor(y, "y", "fit", dtype);
	checkRows(xs, ys, "fit");
	let validation: [Tensor, Tensor] | null = null;
	if (options.validationData) {
		const [vx, vy] = options.validationData;
		validation = [toDataTensor(vx, "validation x", "fit", dtype), toDataTensor(vy, "validation y", "fit", dtype)];
		checkRows(validation[0], validation[1], "fit (validationData)");
	} else if (options.validationSplit !== undefined) {
		const split = options.validationSplit;
		if (!(split > 0 && split < 1)) throw new RangeError(`fit: validationSplit must be in (0, 1), got ${split}`);
		const n = xs.shape[0] as number;
		const held = Math.floor(n * split);
		if (held === 0 || held === n) {
			throw new RangeError(
				`fit: validationSplit ${split} of ${n} rows leaves no ${held === 0 ? "validation" : "training"} rows`,
			);
		}
		validation = [xs.slice(n - held), ys.slice(n - held)];
		xs = xs.slice(0, n - held);
		ys = ys.slice(0, n - held);
	}
	// One forward pass on the first row checks the feature count before any step
	// (of the validation data too, which would otherwise fail only after an epoch of steps).
	const firstRows: Array<[Tensor, Tensor, string]> = [[xs, ys, ""]];
	if (validation) firstRows.push([validation[0], validation[1], "validation data: "]);
	for (const [fx, fy, what] of firstRows) {
		try {
			evaluateTensors(model, fx.slice(0, 1), fy.slice(0, 1), {}, loss);
		} catch (e) {
			const err = e as Error;
			throw err instanceof ShapeError ? new ShapeError(`fit: ${what}${err.message}`) : err;
		}
	}

	const n = xs.shape[0] as number;
	const rng = new Rng(options.seed ?? 0);
	const order = Array.from({ length: n }, (_, i) => i);
	const history: History = { loss: [], valLoss: [], metrics: {}, valMetrics: {}, epochs: 0, stopReason: "completed" };
	for (const m of metrics) {
		history.metrics[m.name] = [];
		if (validation) history.valMetrics[m.name] = [];
	}
	const outputShape = noGrad(() => model.forward(variable(xs.slice(0, 1))).shape);
	ys = alignTarget(ys, outputShape);
	if (validation) validation[1] = alignTarget(validation[1], outputShape);
	// Without shuffling every epoch sees the same batches: cut them once.
	const fixedBatches = shuffle ? null : batches(xs, ys, order, batchSize);
	let lastYield = performance.now();
	// Parameter values before the latest step (tensors are immutable, so references suffice).
	let lastGood: Tensor[] | null = null;
	let stop: History["stopReason"] | null = null;

	for (let epoch = 0; epoch < epochs && stop === null; epoch++) {
		if (shuffle) rng.shuffle(order);
		let lossSum = 0;
		const metricSums = metrics.map(() => 0);
		let seen = 0;
		for (let start = 0, batch = 0; start < n && stop === null; start += batchSize, batch++) {
			// A signal aborted before training (or between epochs) stops before the next step.
			if (options.signal?.aborted) {
				stop = "aborted";
				break;
			}
			const [xb, target] = fixedBatches
				? (fixedBatches[batch] as [Tensor, Tensor])
				: [xs.gather(order.slice(start, start + batchSize)), ys.gather(order.slice(start, start + batchSize))];
			const rows = xb.shape[0] as number;
			const prediction = model.forward(variable(xb));
			const lossValue = loss(prediction, target);
			const l = lossValue.item();
			if (!Number.isFinite(l)) {
				// These weights gave a non-finite loss: go back to the ones before the last step.
				restore(params, lastGood);
				throw new Error(
					`fit: the loss became ${l} at epoch ${epoch + 1}, batch ${batch + 1}; training stopped and the model keeps the last weights that gave a finite loss`,
				);
			}
			optimizer.zeroGrad();
			lossValue.backward();
			lastGood = params.map((p) => p.value);
			optimizer.step();
			if (params.some((p) => !allFinite(p.value))) {
				restore(params, lastGood);
				throw new Error(
					`fit: the weights became non-finite at epoch ${epoch + 1}, batch ${batch + 1}; training stopped and the model keeps the last finite weights`,
				);
			}
			lossSum += l * rows;
			metrics.forEach((m, i) => {
				metricSums[i] = (metricSums[i] as number) + m.fn(prediction.value, target) * rows;
			});
			seen += rows;
			const onBatchEnd = options.callbacks?.onBatchEnd;
			if (onBatchEnd && (await onBatchEnd(batch, { loss: l, size: rows })) === false) stop = "callback";
			if (options.signal?.aborted) stop = "aborted";
			if (performance.now() - lastYield > YIELD_EVERY_MS) {
				await yieldToEventLoop();
				lastYield = performance.now();
				if (options.signal?.aborted) stop = "aborted";
			}
		}
		if (seen < n) break; // stopped mid-epoch: the epoch is not reported as complete
		const logs: Logs = { loss: lossSum / n };
		history.loss.push(logs.loss as number);
		metrics.forEach((m, i) => {
			const value = (metricSums[i] as number) / n;
			logs[m.name] = value;
			history.metrics[m.name]?.push(value);
		});
		if (validation) {
			const v = evaluateTensors(model, validation[0], validation[1], { metrics: options.metrics ?? [] }, loss);
			for (const [k, value] of Object.entries(v)) {
				const key = k === "loss" ? "valLoss" : `val${k[0]?.toUpperCase()}${k.slice(1)}`;
				logs[key] = value;
				if (k === "loss") history.valLoss.push(value);
				else history.valMetrics[k]?.push(value);
			}
		}
		history.epochs = epoch + 1;
		if ((await options.callbacks?.onEpochEnd?.(epoch, logs)) === false && stop === null) stop = "callback";
	}
	history.stopReason = stop ?? "completed";
	await options.callbacks?.onTrainEnd?.(history);
	return history;
}

// Consecutive batches of `batchSize` rows, copied dense once so every step runs the plain kernels.
function batches(xs: Tensor, ys: Tensor, order: number[], batchSize: number): Array<[Tensor, Tensor]> {
	const out: Array<[Tensor, Tensor]> = [];
	for (let start = 0; start < order.length; start += batchSize) {
		const rows = order.slice(start, start + batchSize);
		out.push([xs.gather(rows), ys.gather(rows)]);
	}
	return out;
}

function restore(params: readonly Variable[], values: readonly Tensor[] | null): void {
	if (values)
		params.forEach((p, i) => {
			p.value = values[i] as Tensor;
		});
}

function allFinite(t: Tensor): boolean {
	const v = t.dataSync();
	for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i] as number)) return false;
	return true;
}
