/**
 * Checkpoints: the model, the training state fit keeps with it (the optimizer's
 * moments and step counts, the shuffle's generator, row order and seed, the
 * loss name), the epoch and Dropout's generators, in one JSON document written
 * atomically, so training resumes in another process exactly where it stopped:
 * 5 epochs, a checkpoint, 5 more give the weights of 10 in a row.
 */
import { Rng, type RngState, type Tensor, tensor } from "@backprop/tensor";
import type { JsonObject } from "../json";
import type { Sequential } from "../layers/sequential";
import { Module, type ModuleLike } from "../module";
import { Adam } from "../optimizers/adam";
import type { Optimizer, OptimizerState } from "../optimizers/optimizer";
import { RMSProp } from "../optimizers/rmsprop";
import { SGD } from "../optimizers/sgd";
import { keepState, trainingState } from "../training/state";
import { checkKeys, describe, fail, field, isPlainObject, storedTensor } from "./document-checks";
import { type ModelJSON, modelFromJSON, modelToJSON } from "./model-json";

/** The `format` field of a checkpoint document. */
export const CHECKPOINT_FORMAT = "backprop.checkpoint";
const CHECKPOINT_VERSION = 1;

/**
 * What a checkpoint holds. The optimizer and the shuffle are also kept with the
 * model for fit, so `fit(checkpoint.model, x, y)` continues where training stopped.
 */
export interface Checkpoint {
	/** The model (BatchNorm statistics and Dropout generators included). */
	model: Sequential;
	/** The optimizer, bound to the model's parameters, with its moments and step counts. */
	optimizer: Optimizer;
	/** Epochs completed. */
	epoch: number;
}

/** What to save: the model, the epochs completed, and the optimizer (default: the one fit keeps with the model). */
export interface CheckpointInput {
	model: ModuleLike;
	epoch: number;
	optimizer?: Optimizer;
}

// Each optimizer's options, read back from its public fields, and how to make it again.
const OPTIMIZERS: Record<
	string,
	{ options(o: Optimizer): JsonObject; make(params: ReturnType<Sequential["parameters"]>, o: JsonObject): Optimizer }
> = {
	SGD: {
		options: (o) => ({
			lr: o.lr,
			momentum: (o as SGD).momentum,
			nesterov: (o as SGD).nesterov,
			weightDecay: (o as SGD).weightDecay,
		}),
		make: (p, o) => new SGD(p, o as never),
	},
	Adam: {
		options: (o) => {
			const a = o as Adam;
			return { lr: a.lr, beta1: a.beta1, beta2: a.beta2, eps: a.eps, weightDecay: a.weightDecay };
		},
		make: (p, o) => new Adam(p, o as never),
	},
	RMSProp: {
		options: (o) => {
			const r = o as RMSProp;
			return {
				lr: r.lr,
				alpha: r.alpha,
				eps: r.eps,
				momentum: r.momentum,
				centered: r.centered,
				weightDecay: r.weightDecay,
			};
		},
		make: (p, o) => new RMSProp(p, o as never),
	},
};

const storedOrNull = (t: Tensor | null) =>
	t === null ? null : { shape: [...t.shape], values: Array.from(t.dataSync()) };

/**
 * The checkpoint document. Throws TypeError for an optimizer that is not bound to
 * the model's parameters or is not SGD, Adam or RMSProp, and what modelToJSON throws.
 */
export function checkpointToJSON(input: CheckpointInput): JsonObject {
	const { model, epoch } = input;
	const kept = trainingState(model);
	const optimizer = input.optimizer ?? kept?.optimizer;
	if (!optimizer) throw new TypeError("saveCheckpoint: the model has not been trained with fit; pass its optimizer");
	const kind = OPTIMIZERS[optimizer.name];
	if (!kind)
		throw new TypeError(
			`saveCheckpoint: optimizer ${optimizer.name} cannot be saved (known: ${Object.keys(OPTIMIZERS).join(", ")})`,
		);
	const params = model.parameters();
	if (params.length !== optimizer.params.length || params.some((p, i) => p !== optimizer.params[i])) {
		throw new TypeError("saveCheckpoint: the optimizer is not bound to this model's parameters, in their order");
	}
	if (!Number.isInteger(epoch) || epoch < 0)
		throw new RangeError(`saveCheckpoint: epoch must be a whole number, got ${epoch}`);
	const state = optimizer.getState();
	const slots: JsonObject = {};
	for (const [k, list] of Object.entries(state.slots)) slots[k] = list.map(storedOrNull);
	const generators: JsonObject = {};
	if (model instanceof Module)
		for (const [name, rng] of model.namedGenerators()) generators[name] = rng.getState() as unknown as JsonObject;
	// The shuffle fit keeps, when it belongs to this optimizer's training.
	const shuffle =
		kept && kept.optimizer === optimizer
			? {
					rng: kept.rng.getState() as unknown as JsonObject,
					order: [...kept.order],
					seed: kept.seed,
					optimizerKey: kept.optimizerKey,
					loss: typeof kept.loss === "string" ? kept.loss : null,
				}
			: null;
	return {
		format: CHECKPOINT_FORMAT,
		version: CHECKPOINT_VERSION,
		epoch,
		model: modelToJSON(model) as unknown as JsonObject,
		optimizer: { type: optimizer.name, options: kind.options(optimizer), slots, counters: state.counters },
		generators,
		shuffle,
	};
}

function rngState(v: unknown, path: string): RngState {
	if (!isPlainObject(v)) fail(path, `expected { words, spare }, got ${describe(v)}`);
	const words = field(v, "words", path);
	const spare = field(v, "spare", path);
	const state = { words, spare } as RngState;
	try {
		new Rng(0).setState(state);
	} catch (e) {
		fail(path, (e as Error).message);
	}
	return state;
}

/**
 * Rebuilds a checkpoint from its document (an object or its JSON text). Throws
 * ModelFormatError naming the field for anything wrong (as modelFromJSON does for
 * the model).
 */
export function checkpointFromJSON(json: unknown): Checkpoint {
	let doc = json;
	if (typeof json === "string") {
		try {
			doc = JSON.parse(json);
		} catch (e) {
			fail("checkpoint", `not valid JSON (truncated or corrupt?): ${(e as Error).message}`);
		}
	}
	if (!isPlainObject(doc)) fail("checkpoint", `expected a JSON object, got ${describe(doc)}`);
	checkKeys(doc, "checkpoint", false);
	if (field(doc, "format", "checkpoint") !== CHECKPOINT_FORMAT)
		fail("checkpoint.format", `expected "${CHECKPOINT_FORMAT}"`);
	if (field(doc, "version", "checkpoint") !== CHECKPOINT_VERSION)
		fail("checkpoint.version", `unsupported version (this backprop reads ${CHECKPOINT_VERSION})`);
	const epoch = field(doc, "epoch", "checkpoint");
	if (typeof epoch !== "number" || !Number.isInteger(epoch) || epoch < 0)
		fail("checkpoint.epoch", `expected a whole number, got ${describe(epoch)}`);
	const model = modelFromJSON(field(doc, "model", "checkpoint") as ModelJSON);
	const params = model.parameters();
	const opt = field(doc, "optimizer", "checkpoint");
	if (!isPlainObject(opt)) fail("checkpoint.optimizer", `expected an object, got ${describe(opt)}`);
	const type = field(opt, "type", "checkpoint.optimizer");
	const kind = typeof type === "string" && Object.hasOwn(OPTIMIZERS, type) ? OPTIMIZERS[type] : undefined;
	if (!kind)
		fail(
			"checkpoint.optimizer.type",
			`unknown optimizer ${describe(type)} (known: ${Object.keys(OPTIMIZERS).join(", ")})`,
		);
	const options = field(opt, "options", "checkpoint.optimizer");
	if (!isPlainObject(options)) fail("checkpoint.optimizer.options", `expected an object, got ${describe(options)}`);
	checkKeys(options, "checkpoint.optimizer.options", true);
	let optimizer: Optimizer;
	try {
		optimizer = kind.make(params, options as JsonObject);
	} catch (e) {
		fail("checkpoint.optimizer.options", (e as Error).message);
	}
	const slotsRaw = field(opt, "slots", "checkpoint.optimizer");
	const countersRaw = field(opt, "counters", "checkpoint.optimizer");
	if (!isPlainObject(slotsRaw)) fail("checkpoint.optimizer.slots", `expected an object, got ${describe(slotsRaw)}`);
	if (!isPlainObject(countersRaw))
		fail("checkpoint.optimizer.counters", `expected an object, got ${describe(countersRaw)}`);
	const dtype = params[0]?.dtype ?? "float64";
	const slots: OptimizerState["slots"] = {};
	for (const [k, list] of Object.entries(slotsRaw)) {
		const path = `checkpoint.optimizer.slots.${k}`;
		if (!Array.isArray(list) || list.length !== params.length) fail(path, `expected ${params.length} entries`);
		slots[k] = list.map((entry, i) => {
			if (entry === null) return null;
			const shape = (params[i] as (typeof params)[number]).shape;
			return tensor(storedTensor(entry, `${path}[${i}]`, shape), { dtype, shape: [...shape] });
		});
	}
	const counters = countersRaw as Record<string, number[]>;
	try {
		optimizer.setState({ lr: optimizer.lr, slots, counters });
	} catch (e) {
		fail("checkpoint.optimizer", (e as Error).message);
	}
	const generators = field(doc, "generators", "checkpoint");
	if (!isPlainObject(generators)) fail("checkpoint.generators", `expected an object, got ${describe(generators)}`);
	const own = new Map(model.namedGenerators());
	for (const [name, raw] of Object.entries(generators)) {
		const rng = own.get(name);
		if (!rng) fail(`checkpoint.generators.${name}`, "the model has no generator of that name");
		rng.setState(rngState(raw, `checkpoint.generators.${name}`));
	}
	const shuffleRaw = field(doc, "shuffle", "checkpoint");
	if (shuffleRaw !== null) {
		if (!isPlainObject(shuffleRaw))
			fail("checkpoint.shuffle", `expected an object or null, got ${describe(shuffleRaw)}`);
		const rng = new Rng(0);
		rng.setState(rngState(field(shuffleRaw, "rng", "checkpoint.shuffle"), "checkpoint.shuffle.rng"));
		const order = field(shuffleRaw, "order", "checkpoint.shuffle");
		const n = Array.isArray(order) ? order.length : 0;
		const isPermutation =
			Array.isArray(order) && order.every((i) => Number.isInteger(i) && i >= 0 && i < n) && new Set(order).size === n;
		if (!isPermutation) fail("checkpoint.shuffle.order", "expected a permutation of the row numbers");
		const seed = field(shuffleRaw, "seed", "checkpoint.shuffle");
		if (typeof seed !== "number" || !Number.isFinite(seed))
			fail("checkpoint.shuffle.seed", `expected a number, got ${describe(seed)}`);
		const key = field(shuffleRaw, "optimizerKey", "checkpoint.shuffle");
		if (key !== null && typeof key !== "string")
			fail("checkpoint.shuffle.optimizerKey", `expected a string or null, got ${describe(key)}`);
		const loss = field(shuffleRaw, "loss", "checkpoint.shuffle");
		if (loss !== null && typeof loss !== "string")
			fail("checkpoint.shuffle.loss", `expected a loss name or null, got ${describe(loss)}`);
		keepState(model, { optimizer, optimizerKey: key, seed, rng, order: order as number[], loss: loss ?? "mse" });
	}
	return { model, optimizer, epoch };
}
