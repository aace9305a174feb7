/**
 * What a model keeps between `fit` calls, as Keras's `compile` keeps it: the
 * optimizer (with its moments and step counts), the shuffle generator and row
 * order, and the loss. Training in several `fit` calls then equals one long call.
 */
import { Rng } from "@backprop/tensor";
import type { LossSpec } from "../losses";
import type { ModuleLike } from "../module";
import { createOptimizer } from "../optimizers/index";
import { Optimizer } from "../optimizers/optimizer";

/** The training state `fit` keeps for one model. */
export interface TrainingState {
	/** The optimizer the model was last trained with. */
	optimizer: Optimizer;
	/** `name|lr` for an optimizer `fit` made by name; null for one the user passed. */
	optimizerKey: string | null;
	/** The seed the shuffle generator started from. */
	seed: number;
	/** The shuffle generator, continuing from call to call. */
	rng: Rng;
	/** The row order, shuffled in place every epoch. */
	order: number[];
	/** The loss the model was last trained with (evaluate's default). */
	loss: LossSpec;
}

const states = new WeakMap<ModuleLike, TrainingState>();

/** The state `fit` keeps for `model`, or undefined before its first `fit` (or after {@link resetTraining}). */
export function trainingState(model: ModuleLike): TrainingState | undefined {
	return states.get(model);
}

/**
 * Forgets what `fit` kept for `model` (optimizer, shuffle generator, loss): the
 * next `fit` starts afresh, as the first one did.
 */
export function resetTraining(model: ModuleLike): void {
	states.delete(model);
}

/** Options that decide whether `fit` continues the kept state or starts a part of it anew. */
export interface StateRequest {
	optimizer: Optimizer | string | undefined;
	lr: number | undefined;
	seed: number | undefined;
	loss: LossSpec | undefined;
}

/**
 * The state for this `fit` call: kept parts continue unless the call asks for
 * something else. An optimizer instance replaces the kept optimizer; a name (or
 * lr) different from the kept one makes a new optimizer; a seed different from
 * the kept one restarts the shuffle.
 * Throws what createOptimizer throws for a bad name or lr.
 */
export function continueState(model: ModuleLike, request: StateRequest): TrainingState {
	const kept = states.get(model);
	const params = model.parameters();
	let optimizer: Optimizer;
	let optimizerKey: string | null;
	if (request.optimizer instanceof Optimizer) {
		optimizer = request.optimizer;
		optimizerKey = null;
	} else if (kept && request.optimizer === undefined && request.lr === undefined) {
		optimizer = kept.optimizer;
		optimizerKey = kept.optimizerKey;
	} else {
		const name = (request.optimizer ?? "sgd").toLowerCase();
		optimizerKey = `${name}|${request.lr ?? "default"}`;
		if (kept && kept.optimizerKey === optimizerKey) {
			optimizer = kept.optimizer;
		} else {
			optimizer = createOptimizer(name, params, request.lr);
		}
	}
	const seed = request.seed ?? kept?.seed ?? 0;
	const sameRng = kept !== undefined && kept.seed === seed;
	const rng = sameRng ? kept.rng : new Rng(seed);
	// The order continues with the generator; fit restarts it when the row count differs.
	const order = sameRng ? kept.order : [];
	const state: TrainingState = {
		optimizer,
		optimizerKey,
		seed,
		rng,
		order,
		loss: request.loss ?? kept?.loss ?? "mse",
	};
	return state;
}

/** Keeps `state` with `model` for the next `fit` call (done once the data and options passed every check). */
export function keepState(model: ModuleLike, state: TrainingState): void {
	states.set(model, state);
}
