/**
 * The training loop: mini-batches, loss, backward, optimizer step, callbacks,
 * validation — and the guarantees around it: bad data is rejected before any
 * step, a non-finite loss never produces a step, stopping keeps the model as it is.
 */
import { type Variable, variable } from "@backprop/autograd";
import type { Tensor } from "@backprop/tensor";
import { checkPositiveInteger } from "../checks";
import { type FitStep, fitStep } from "../compile/fit-step";
import { asRows, checkRows, type DataLike, toDataTensor } from "../data";
import { getLoss, type LossSpec } from "../losses";
import { getMetric, type MetricSpec } from "../metrics";
import { enterMode, type ModuleLike } from "../module";
import { Optimizer } from "../optimizers/optimizer";
import { type Callbacks, combineCallbacks, type TrainingContext } from "./callbacks";
import { builtInLossName, checkTargets, probeOutput } from "./checks";
import { alignTarget, evaluateTensors, type Logs } from "./evaluate";
import type { History } from "./history";
import { modelDtype } from "./predict";
import { splitValidation, unseenClassesWarning } from "./split";
import { continueState, keepState } from "./state";
import { epochLogger } from "./verbose";

export type { Callbacks, TrainingContext } from "./callbacks";
export type { History } from "./history";

/**
 * Options for {@link fit}. What a model was trained with stays with it (as Keras's
 * `compile` keeps it): a later `fit` without `optimizer`/`lr` continues with the
 * same optimizer (its moments and step counts), the shuffle continues from where it
 * was (unless `seed` changes), and the loss is kept unless `loss` is given — so
 * `fit(epochs: 1)` called 100 times equals one `fit(epochs: 100)` bit for bit.
 * `resetTraining(model)` forgets it.
 */
export interface FitOptions {
	/** Loss (default: the loss the model was last trained with, else `mse`). */
	loss?: LossSpec;
	/** An optimizer bound to the model's parameters, or a name (default: the kept one, else `sgd`). */
	optimizer?: Optimizer | string;
	/** Learning rate when `optimizer` is a name (sgd default 0.01). Refused with an optimizer instance. */
	lr?: number;
	/** Passes over the data (default 1). */
	epochs?: number;
	/** Rows per step (default 32; 1 is per-sample SGD). */
	batchSize?: number;
	/** Shuffle rows every epoch (default true). */
	shuffle?: boolean;
	/** Seed for shuffling; the shuffle continues across `fit` calls unless the seed changes (default 0). */
	seed?: number;
	/** Fraction of rows held out for validation: the last rows, as Keras takes them (see `shuffleBeforeSplit`). */
	validationSplit?: number;
	/** Hold out a seeded random choice of rows instead of the last ones (default false). */
	shuffleBeforeSplit?: boolean;
	/** Explicit validation data [x, y]. */
	validationData?: readonly [DataLike, DataLike];
	/** Metrics to report per epoch (`accuracy` follows the output: binary for one output, argmax for several). */
	metrics?: readonly MetricSpec[];
	/** Progress hooks: one set or a list (earlyStopping, schedules, modelCheckpoint, a progress bar...). */
	callbacks?: Callbacks | readonly Callbacks[];
	/** 1 prints one line per epoch (`Epoch 3/10 - loss: ...`) through `console.log`; 0 (default) prints nothing. */
	verbose?: 0 | 1;
	/** Receives warnings about the data (default `console.warn`); they are also in `history.warnings`. */
	onWarning?: (message: string) => void;
	/** Aborting it stops training after the current batch. */
	signal?: AbortSignal;
	/**
	 * Run the steps as generated code when the model, loss and optimizer allow it
	 * (default true; see docs/compiler.md). The weights are the same either way, bit for bit.
	 */
	compile?: boolean;
	/** Told once which path the steps take, and why not the compiled one. */
	debug?: (message: string) => void;
}

// A model that can check a whole data set (an Embedding's indices) does so before any step, naming the dataset row.
function checkData(model: ModuleLike, x: Tensor, what: string): void {
	try {
		(model as { checkData?: (x: Tensor) => void }).checkData?.(x);
	} catch (e) {
		const err = e as Error;
		err.message = `fit: ${what}${err.message}`;
		throw err;
	}
}

// Yielding to the event loop every few milliseconds keeps a progress bar or UI live
// without paying for a macrotask after every one of thousands of tiny batches.
const YIELD_EVERY_MS = 15;
// setImmediate is Node's; a browser has setTimeout (clamped to ~4 ms after nesting, still fine per epoch).
const yieldToEventLoop = () =>
	new Promise<void>((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));
// Batches per call of a compiled run between looks at the clock.
const BATCHES_PER_CALL = 64;

// The compiled step hit a non-finite loss (no update made) or non-finite weights: the
// model goes back as the eager loop's would, and fit rejects with the eager loop's message.
function compiledFailure(fast: FitStep, epoch: number, batch: number, loss: number): never {
	fast.undoLastUpdate();
	fast.sync();
	throw new Error(
		Number.isFinite(loss)
			? `fit: the weights became non-finite at epoch ${epoch + 1}, batch ${batch + 1}; training stopped and the model keeps the last finite weights`
			: `fit: the loss became ${loss} at epoch ${epoch + 1}, batch ${batch + 1}; training stopped and the model keeps the last weights that gave a finite loss`,
	);
}

/**
 * Trains `model` on (x, y) and resolves with the {@link History}. A flat x, like
 * a flat y, is one value per sample. Rejects before any step for bad data (empty,
 * non-numeric or non-finite values, different row counts, x the model does not
 * take, y that does not fit its output or the loss — naming the data's shapes
 * and the dataset row of a bad label or target), for crossEntropy on a model with
 * one output, and for bad or conflicting options (`lr` with an optimizer
 * instance). Rejects with an Error naming the epoch and batch when the loss turns
 * NaN or infinite; the model then keeps the last weights that gave a finite loss.
 */
export async function fit(model: ModuleLike, x: DataLike, y: DataLike, options: FitOptions = {}): Promise<History> {
	const epochs = checkPositiveInteger("fit", "epochs", options.epochs ?? 1);
	const batchSize = checkPositiveInteger("fit", "batchSize", options.batchSize ?? 32);
	const shuffle = options.shuffle ?? true;
	if (options.optimizer instanceof Optimizer && options.lr !== undefined) {
		throw new TypeError(
			`fit: lr ${options.lr} was given with an optimizer instance (its lr is ${options.optimizer.lr}); set the rate on the optimizer (new ${options.optimizer.name}(params, { lr })) or name the optimizer (optimizer: "${options.optimizer.name.toLowerCase()}", lr)`,
		);
	}
	const dtype = modelDtype(model);
	const allX = asRows(toDataTensor(x, "x", "fit", dtype));
	let allY = toDataTensor(y, "y", "fit", dtype);
	checkRows(allX, allY, "fit");
	checkData(model, allX, "");
	const state = continueState(model, {
		optimizer: options.optimizer,
		lr: options.lr,
		seed: options.seed,
		loss: options.loss,
	});
	const lossSpec = state.loss;
	const loss = getLoss(lossSpec);
	const metricContext = { fromLogits: builtInLossName(lossSpec) === "binaryCrossEntropyFromLogits" };
	const metrics = (options.metrics ?? []).map((m) => getMetric(m, metricContext));
	const params = model.parameters();
	const optimizer = state.optimizer;
	const bound = new Set(optimizer.params);
	if (params.some((p) => !bound.has(p))) {
		throw new TypeError(
			"fit: the optimizer is not bound to this model's parameters (create it with model.parameters())",
		);
	}

	// Every row's shape and target is checked against the model and the loss before any step.
	const output = probeOutput(model, allX, "fit");
	allY = alignTarget(allY, output.shape);
	checkTargets(allY, output, lossSpec, loss, "fit");
	const warnings: string[] = [];
	const warn = (message: string) => {
		warnings.push(message);
		(options.onWarning ?? console.warn)(message);
	};
	let xs = allX;
	let ys = allY;
	let validation: [Tensor, Tensor] | null = null;
	if (options.validationData) {
		const [vx, vy] = options.validationData;
		const valX = asRows(toDataTensor(vx, "validation x", "fit", dtype));
		checkData(model, valX, "validation data: ");
		let valY = toDataTensor(vy, "validation y", "fit", dtype);
		checkRows(valX, valY, "fit (validationData)");
		const valOutput = probeOutput(model, valX, "fit", "validation x");
		valY = alignTarget(valY, valOutput.shape);
		checkTargets(valY, valOutput, lossSpec, loss, "fit", "validation y");
		validation = [valX, valY];
	} else if (options.validationSplit !== undefined) {
		const shuffled = options.shuffleBeforeSplit ?? false;
		const split = splitValidation(allX, allY, options.validationSplit, shuffled, state.seed);
		[xs, ys] = split.train;
		validation = split.validation;
		const classification = isClassification(lossSpec, options.metrics ?? []);
		const unseen = classification ? unseenClassesWarning(ys, validation[1], shuffled) : null;
		if (unseen) warn(unseen);
	}

	const n = xs.shape[0];
	if (state.order.length !== n) state.order = Array.from({ length: n }, (_, i) => i);
	keepState(model, state);
	const order = state.order;
	const history: History = {
		loss: [],
		valLoss: [],
		metrics: {},
		valMetrics: {},
		lr: [],
		epochs: 0,
		stopReason: "completed",
		warnings,
	};
	for (const m of metrics) {
		history.metrics[m.name] = [];
		if (validation) history.valMetrics[m.name] = [];
	}
	const given =
		options.callbacks === undefined ? [] : Array.isArray(options.callbacks) ? options.callbacks : [options.callbacks];
	const callbacks = combineCallbacks(
		options.verbose === 1 ? [...(given as Callbacks[]), epochLogger()] : (given as Callbacks[]),
	);
	const context: TrainingContext = { model, optimizer, epochs, hasValidation: validation !== null };
	const compiled =
		options.compile === false
			? { step: null, reason: "compile: false" }
			: fitStep(model, lossSpec, optimizer, xs, ys, batchSize);
	const fast = compiled.step;
	options.debug?.(fast ? "fit: compiled steps" : `fit: eager steps (${compiled.reason})`);
	const epochHooks = callbacks.onEpochBegin !== undefined || callbacks.onEpochEnd !== undefined;
	// Without shuffling every epoch sees the same batches: cut them once.
	const fixedBatches = shuffle || fast ? null : batches(xs, ys, order, batchSize);
	let lastYield = performance.now();
	// Parameter values before the latest step (tensors are immutable, so references suffice).
	let lastGood: Tensor[] | null = null;
	let stop: History["stopReason"] | null = null;

	// Training mode for the steps (Dropout drops, BatchNorm uses batch statistics); each module's mode is restored after.
	const restoreMode = enterMode(model, true);
	try {
		await callbacks.onTrainBegin?.(context);
		// Compiled, and nothing to observe between epochs (no metrics, validation, epoch or batch
		// hooks, signal): whole epochs per call, yielding to the event loop as the loop below does.
		if (fast && metrics.length === 0 && !validation && !epochHooks && !callbacks.onBatchEnd && !options.signal) {
			while (history.epochs < epochs) {
				const until = lastYield + YIELD_EVERY_MS;
				const done = fast.epochs(
					order,
					batchSize,
					shuffle ? state.rng : null,
					epochs - history.epochs,
					until,
					history.loss,
				);
				for (let k = 0; k < done; k++) history.lr.push(optimizer.lr);
				history.epochs += done;
				if (fast.stoppedAt >= 0) {
					compiledFailure(fast, history.epochs, Math.floor(fast.stoppedAt / batchSize), fast.stopLoss);
				}
				if (history.epochs < epochs) {
					await yieldToEventLoop();
					lastYield = performance.now();
				}
			}
		}
		for (let epoch = history.epochs; epoch < epochs && stop === null; epoch++) {
			if (options.signal?.aborted) {
				stop = "aborted";
				break;
			}
			await callbacks.onEpochBegin?.(epoch, context);
			if (shuffle) state.rng.shuffle(order);
			let lossSum = 0;
			const metricSums = metrics.map(() => 0);
			let seen = 0;
			// Compiled, without per-batch hooks: many batches per call, the signal checked where the
			// event loop can have run (after a yield), exactly when the per-batch loop would see it.
			if (fast && metrics.length === 0 && !callbacks.onBatchEnd) {
				const whole = n - (n % batchSize);
				for (let start = 0; start < n && stop === null; ) {
					if (options.signal?.aborted) {
						stop = "aborted";
						break;
					}
					const rows = start < whole ? batchSize : n - start;
					const end = start < whole ? Math.min(whole, start + BATCHES_PER_CALL * batchSize) : n;
					lossSum = fast.run(order, start, end, rows, lossSum);
					if (fast.stoppedAt >= 0) compiledFailure(fast, epoch, Math.floor(fast.stoppedAt / batchSize), fast.stopLoss);
					seen = start = end;
					if (options.signal?.aborted) stop = "aborted";
					if (performance.now() - lastYield > YIELD_EVERY_MS) {
						await yieldToEventLoop();
						lastYield = performance.now();
						if (options.signal?.aborted) stop = "aborted";
					}
				}
			}
			for (
				let start = seen, batch = Math.floor(seen / batchSize);
				start < n && stop === null;
				start += batchSize, batch++
			) {
				// A signal aborted before training (or between epochs) stops before the next step.
				if (options.signal?.aborted) {
					stop = "aborted";
					break;
				}
				if (fast) {
					const rows = Math.min(batchSize, n - start);
					const l = fast.step(order, start, rows);
					if (!Number.isFinite(l) || !fast.finite) compiledFailure(fast, epoch, batch, l);
					lossSum += l * rows;
					if (metrics.length > 0) {
						const prediction = fast.lastPrediction() as Tensor;
						const target = ys.gather(order.slice(start, start + rows));
						metrics.forEach((m, i) => {
							metricSums[i] = (metricSums[i] as number) + m.fn(prediction, target) * rows;
						});
					}
					seen += rows;
					if (callbacks.onBatchEnd) {
						fast.sync();
						if ((await callbacks.onBatchEnd(batch, { loss: l, size: rows })) === false) stop = "callback";
					}
					if (options.signal?.aborted) stop = "aborted";
					if (performance.now() - lastYield > YIELD_EVERY_MS) {
						await yieldToEventLoop();
						lastYield = performance.now();
						if (options.signal?.aborted) stop = "aborted";
					}
					continue;
				}
				const [xb, target] = fixedBatches
					? (fixedBatches[batch] as [Tensor, Tensor])
					: [xs.gather(order.slice(start, start + batchSize)), ys.gather(order.slice(start, start + batchSize))];
				const rows = xb.shape[0];
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
					metricSums[i] = metricSums[i] + m.fn(prediction.value, target) * rows;
				});
				seen += rows;
				if (callbacks.onBatchEnd && (await callbacks.onBatchEnd(batch, { loss: l, size: rows })) === false)
					stop = "callback";
				if (options.signal?.aborted) stop = "aborted";
				if (performance.now() - lastYield > YIELD_EVERY_MS) {
					await yieldToEventLoop();
					lastYield = performance.now();
					if (options.signal?.aborted) stop = "aborted";
				}
			}
			if (fast && (seen < n || validation || epochHooks)) fast.sync();
			if (seen < n) break; // stopped mid-epoch: the epoch is not reported as complete
			const logs: Logs = { loss: lossSum / n };
			history.loss.push(logs.loss);
			history.lr.push(optimizer.lr);
			metrics.forEach((m, i) => {
				const value = metricSums[i] / n;
				logs[m.name] = value;
				history.metrics[m.name]?.push(value);
			});
			if (validation) {
				const v = evaluateTensors(
					model,
					validation[0],
					validation[1],
					{ metrics: options.metrics ?? [] },
					loss,
					metricContext,
				);
				for (const [k, value] of Object.entries(v)) {
					const key = k === "loss" ? "valLoss" : `val${k[0]?.toUpperCase()}${k.slice(1)}`;
					logs[key] = value;
					if (k === "loss") history.valLoss.push(value);
					else history.valMetrics[k]?.push(value);
				}
			}
			history.epochs = epoch + 1;
			if ((await callbacks.onEpochEnd?.(epoch, logs, context)) === false && stop === null) stop = "callback";
		}
		fast?.sync();
	} finally {
		restoreMode();
	}
	history.stopReason = stop ?? "completed";
	await callbacks.onTrainEnd?.(history, context);
	return history;
}

// Class labels are checked for the classification losses and metrics only (a regression target may be integers too).
function isClassification(loss: LossSpec, metrics: readonly MetricSpec[]): boolean {
	const name = builtInLossName(loss);
	if (name === "crossEntropy" || name === "binaryCrossEntropy" || name === "binaryCrossEntropyFromLogits") return true;
	return metrics.some((m) => m === "accuracy" || m === "binaryAccuracy");
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
			p.value = values[i];
		});
}

function allFinite(t: Tensor): boolean {
	const v = t.dataSync();
	for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
	return true;
}
