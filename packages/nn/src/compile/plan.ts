/**
 * The compiler's first stage: reads a model, a loss and an optimizer into a
 * {@link StepPlan} (what each layer, the loss and the update are, in op-table
 * terms), or says why the compiled path cannot reproduce the eager one.
 */
import { getBackend } from "@backprop/tensor";
import { builtInActivationName, type ElementwiseActivation, elementwisePairOf } from "../activations";
import { Dense } from "../layers/dense";
import { Sequential } from "../layers/sequential";
import { crossEntropy, getLoss, type LossSpec, mae, mse } from "../losses";
import type { ModuleLike } from "../module";
import { Adam } from "../optimizers/adam";
import type { Optimizer } from "../optimizers/optimizer";
import { RMSProp } from "../optimizers/rmsprop";
import { SGD } from "../optimizers/sgd";

/** The activations the emitter writes inline, by their op-table (or registry) name. */
export type ActivationKind = "linear" | "sigmoid" | "tanh" | "relu" | "leakyRelu" | "softplus" | "pair";

/** One Dense layer: `activation(x · W + b)`. */
export interface LayerPlan {
	readonly inputs: number;
	readonly units: number;
	readonly bias: boolean;
	readonly activation: ActivationKind;
	/** For `pair`: the `{ f, df }` the activation was made from (elu and user pairs). */
	readonly pair: ElementwiseActivation | null;
}

/** The optimizer's update rule and its fixed hyperparameters (lr is read every step). */
export type UpdatePlan =
	| { readonly kind: "sgd"; readonly momentum: number; readonly nesterov: boolean; readonly weightDecay: number }
	| {
			readonly kind: "adam";
			readonly beta1: number;
			readonly beta2: number;
			readonly eps: number;
			readonly weightDecay: number;
	  }
	| {
			readonly kind: "rmsprop";
			readonly alpha: number;
			readonly eps: number;
			readonly momentum: number;
			readonly centered: boolean;
			readonly weightDecay: number;
	  };

/** Everything the emitter needs besides the batch size. */
export interface StepPlan {
	readonly layers: readonly LayerPlan[];
	readonly loss: "mse" | "mae" | "crossEntropy";
	readonly update: UpdatePlan;
}

/** A plan, or the reasons there is none. */
export type PlanResult = { ok: true; plan: StepPlan } | { ok: false; reason: string };

const ACTIVATIONS: Record<string, ActivationKind> = {
	linear: "linear",
	sigmoid: "sigmoid",
	tanh: "tanh",
	relu: "relu",
	leakyRelu: "leakyRelu",
	softplus: "softplus",
};

function layerPlan(layer: ModuleLike, index: number): LayerPlan | string {
	if (!(layer instanceof Dense) || layer.constructor !== Dense) {
		return `layer ${index} (${layer?.constructor?.name ?? typeof layer}) is not a Dense layer`;
	}
	if (layer.dtype !== "float64") return `layer ${index} is ${layer.dtype}; compile emits float64 code only`;
	const name = builtInActivationName(layer.activation);
	const pair = elementwisePairOf(layer.activation) ?? null;
	let activation: ActivationKind | undefined = pair ? "pair" : name === undefined ? undefined : ACTIVATIONS[name];
	if (name === "elu") activation = "pair";
	if (activation === undefined) {
		return `layer ${index}: activation '${layer.activation.name}' has no compiled form (softmax and { apply } activations run eagerly)`;
	}
	return { inputs: layer.inputs, units: layer.units, bias: layer.bias !== null, activation, pair };
}

function lossKind(spec: LossSpec): StepPlan["loss"] | string {
	let fn: unknown;
	try {
		fn = getLoss(spec);
	} catch (e) {
		return (e as Error).message;
	}
	if (fn === mse) return "mse";
	if (fn === mae) return "mae";
	if (fn === crossEntropy) return "crossEntropy";
	const name = typeof spec === "string" ? `'${spec}'` : "a custom loss function";
	return `loss ${name} has no compiled form (mse, mae and crossEntropy have)`;
}

function updatePlan(optimizer: Optimizer, params: readonly unknown[]): UpdatePlan | string {
	if (optimizer.params.length !== params.length || optimizer.params.some((p, i) => p !== params[i])) {
		return "the optimizer is not bound to exactly this model's parameters, in order";
	}
	if (optimizer.clipNorm !== undefined || optimizer.clipValue !== undefined) {
		return `${optimizer.name}: gradient clipping (clipNorm, clipValue) has no compiled form`;
	}
	if (optimizer instanceof SGD && optimizer.constructor === SGD) {
		const { momentum, nesterov, weightDecay } = optimizer;
		return { kind: "sgd", momentum, nesterov, weightDecay };
	}
	if (optimizer instanceof Adam && optimizer.constructor === Adam) {
		if (optimizer.amsgrad) return "Adam with amsgrad has no compiled form";
		const { beta1, beta2, eps, weightDecay } = optimizer;
		return { kind: "adam", beta1, beta2, eps, weightDecay };
	}
	if (optimizer instanceof RMSProp && optimizer.constructor === RMSProp) {
		const { alpha, eps, momentum, centered, weightDecay } = optimizer;
		return { kind: "rmsprop", alpha, eps, momentum, centered, weightDecay };
	}
	return `optimizer ${optimizer.constructor.name} has no compiled form (SGD, Adam and RMSProp have)`;
}

/** Backends whose float64 results are the js kernels' bit for bit, so the compiled step matches their eager one. */
const COMPILING_BACKENDS = new Set(["js", "wasm"]);

/**
 * Reads `model`, `loss` and `optimizer` into a plan: a `Sequential` of float64
 * `Dense` layers with built-in or `{ f, df }` activations, the mse, mae or
 * crossEntropy loss, and SGD, Adam or RMSProp bound to the model's parameters,
 * on the `js` or `wasm` backend. Anything else gives `{ ok: false, reason }`. Never throws.
 */
export function planStep(model: ModuleLike, loss: LossSpec, optimizer: Optimizer): PlanResult {
	const backend = getBackend().name;
	// The emitted loops are the js kernels' float64 arithmetic; wasm's float64 kernels
	// (the matmul the code calls) give the same bits. Another backend may not.
	if (!COMPILING_BACKENDS.has(backend)) {
		return { ok: false, reason: `the active backend is '${backend}'; compile runs on the js and wasm backends` };
	}
	if (!(model instanceof Sequential) || model.constructor !== Sequential) {
		return { ok: false, reason: "the model is not a Sequential (a user's module runs eagerly)" };
	}
	if (model.layers.length === 0) return { ok: false, reason: "the model has no layers" };
	const layers: LayerPlan[] = [];
	for (let i = 0; i < model.layers.length; i++) {
		const l = layerPlan(model.layers[i] as ModuleLike, i);
		if (typeof l === "string") return { ok: false, reason: l };
		const previous = layers[i - 1];
		if (previous && previous.units !== l.inputs) {
			return { ok: false, reason: `layer ${i} takes ${l.inputs} inputs but layer ${i - 1} gives ${previous.units}` };
		}
		layers.push(l);
	}
	const kind = lossKind(loss);
	if (kind !== "mse" && kind !== "mae" && kind !== "crossEntropy") return { ok: false, reason: kind };
	const update = updatePlan(optimizer, model.parameters());
	if (typeof update === "string") return { ok: false, reason: update };
	return { ok: true, plan: { layers, loss: kind, update } };
}
