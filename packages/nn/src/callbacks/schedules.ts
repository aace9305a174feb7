/**
 * Learning-rate schedules as callbacks: before each epoch they set the
 * optimizer's `lr` from the epoch number (0-based) and the starting rate
 * (`initialLr`, by default the optimizer's lr when training begins).
 */
import type { Callbacks } from "../training/callbacks";

/** A schedule: the learning rate of epoch `epoch` (0-based) from the starting rate. */
export type ScheduleFn = (epoch: number, initialLr: number) => number;

/** A schedule callback; `at(epoch, initialLr)` gives its rate without training (for plots and tests). */
export interface Schedule extends Callbacks {
	/** The rate this schedule sets for `epoch` given the starting rate. */
	at(epoch: number, initialLr: number): number;
}

function check(who: string, option: string, value: number, ok: boolean, rule: string): number {
	if (typeof value !== "number" || !Number.isFinite(value) || !ok) {
		throw new RangeError(`${who}: ${option} must be ${rule}, got ${String(value)}`);
	}
	return value;
}

/**
 * A schedule from a function of the epoch and the starting rate (Keras's
 * LearningRateScheduler). Training rejects with a RangeError (from the optimizer)
 * when the function gives a rate that is not positive.
 */
export function learningRateSchedule(fn: ScheduleFn, options: { initialLr?: number } = {}): Schedule {
	let initial = options.initialLr ?? Number.NaN;
	return {
		at: fn,
		onTrainBegin(context) {
			initial = options.initialLr ?? context.optimizer.lr;
		},
		onEpochBegin(epoch, context) {
			context.optimizer.lr = fn(epoch, initial);
		},
	};
}

/** Options for {@link stepDecay}. */
export interface StepDecayOptions {
	/** Multiplies the rate every `every` epochs (default 0.5). */
	factor?: number;
	/** Epochs between drops (required). */
	every: number;
	/** The starting rate (default: the optimizer's). */
	initialLr?: number;
}

/**
 * Step decay: lr = initialLr · factor^⌊epoch / every⌋ (PyTorch's StepLR with
 * step_size `every` and gamma `factor`). Throws RangeError for a bad option.
 */
export function stepDecay(options: StepDecayOptions): Schedule {
	const every = options?.every;
	check("stepDecay", "every", every, Number.isInteger(every) && every > 0, "a positive integer");
	const factor = check("stepDecay", "factor", options.factor ?? 0.5, (options.factor ?? 0.5) > 0, "positive");
	return learningRateSchedule((epoch, lr) => lr * factor ** Math.floor(epoch / every), options);
}

/** Options for {@link exponentialDecay}. */
export interface ExponentialDecayOptions {
	/** The factor per `decayEpochs` epochs (e.g. 0.96). */
	rate: number;
	/** Epochs over which the rate applies once (default 1). */
	decayEpochs?: number;
	/** Drop in steps (⌊epoch / decayEpochs⌋) rather than smoothly (default false). */
	staircase?: boolean;
	/** The starting rate (default: the optimizer's). */
	initialLr?: number;
}

/**
 * Exponential decay: lr = initialLr · rate^(epoch / decayEpochs) (TensorFlow's
 * ExponentialDecay, per epoch; `staircase` floors the exponent). Throws RangeError for a bad option.
 */
export function exponentialDecay(options: ExponentialDecayOptions): Schedule {
	const rate = check("exponentialDecay", "rate", options?.rate, options?.rate > 0, "positive");
	const decay = options.decayEpochs ?? 1;
	check("exponentialDecay", "decayEpochs", decay, decay > 0, "positive");
	return learningRateSchedule((epoch, lr) => {
		const exponent = epoch / decay;
		return lr * rate ** (options.staircase ? Math.floor(exponent) : exponent);
	}, options);
}

/** Options for {@link cosineDecay}. */
export interface CosineDecayOptions {
	/** Epochs of the whole schedule, warmup included (required). */
	epochs: number;
	/** Epochs of linear warmup first (default 0). */
	warmupEpochs?: number;
	/** The rate at the end (default 0; the rate stays there after `epochs`). */
	minLr?: number;
	/** The peak rate, reached after warmup (default: the optimizer's). */
	initialLr?: number;
}

/**
 * Cosine decay with linear warmup, per epoch: during warmup lr = initialLr ·
 * (epoch + 1) / warmupEpochs; then, with p = (epoch - warmupEpochs) /
 * (epochs - warmupEpochs) capped at 1, lr = minLr + (initialLr - minLr) · (1 +
 * cos(π p)) / 2. With minLr 0 the rate reaches 0 only after `epochs` epochs, where
 * the optimizer refuses it. Throws RangeError for a bad option.
 */
export function cosineDecay(options: CosineDecayOptions): Schedule {
	const epochs = options?.epochs;
	check("cosineDecay", "epochs", epochs, Number.isInteger(epochs) && epochs > 0, "a positive integer");
	const warmup = options.warmupEpochs ?? 0;
	check(
		"cosineDecay",
		"warmupEpochs",
		warmup,
		Number.isInteger(warmup) && warmup >= 0 && warmup < epochs,
		`an integer in [0, ${epochs})`,
	);
	const minLr = options.minLr ?? 0;
	check("cosineDecay", "minLr", minLr, minLr >= 0, "non-negative");
	return learningRateSchedule((epoch, lr) => {
		if (epoch < warmup) return (lr * (epoch + 1)) / warmup;
		const p = Math.min(1, (epoch - warmup) / (epochs - warmup));
		return minLr + ((lr - minLr) * (1 + Math.cos(Math.PI * p))) / 2;
	}, options);
}
