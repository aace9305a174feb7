/**
 * The TensorFlow.js layer table: one row per Keras class name, saying how a layer
 * of that class becomes part of a Sequential. A new layer kind adds one row.
 */
import type { Tensor } from "@backprop/tensor";
import { DenseSpec, type LayerSpec } from "../import/layer-specs";
import { fail, type LayerConfig } from "./artifacts";

/** What a row sees: the layers read so far, the weights, the features flowing in. */
export interface TfjsImportState {
	readonly layers: LayerSpec[];
	/** Features the next layer reads (null until the first layer says). */
	features: number | null;
	/** The weight `name`; throws TfjsModelError naming `where` when the manifest lacks it. */
	weight(name: string, where: string): Tensor;
}

/** One row of the table. */
export type TfjsLayerReader = (layer: LayerConfig, where: string, state: TfjsImportState) => void;

// TensorFlow.js activation names and @backprop/nn's.
const ACTIVATIONS: Record<string, string> = {
	linear: "linear",
	relu: "relu",
	sigmoid: "sigmoid",
	tanh: "tanh",
	softmax: "softmax",
	softplus: "softplus",
	elu: "elu",
};

function activationOf(layer: LayerConfig, where: string): string {
	const name = layer.config.activation ?? "linear";
	const ours = typeof name === "string" && Object.hasOwn(ACTIVATIONS, name) ? ACTIVATIONS[name] : undefined;
	if (!ours) {
		fail(
			where,
			`activation ${JSON.stringify(name)} is not supported (supported: ${Object.keys(ACTIVATIONS).join(", ")})`,
		);
	}
	return ours;
}

function layerName(layer: LayerConfig, where: string): string {
	const name = layer.config.name;
	if (typeof name !== "string" || name.length === 0) fail(where, "the layer has no name (its weights are found by it)");
	return name;
}

const dense: TfjsLayerReader = (layer, where, state) => {
	const name = layerName(layer, where);
	const kernel = state.weight(`${name}/kernel`, where);
	if (kernel.rank !== 2) fail(where, `kernel has shape [${kernel.shape.join(",")}], expected [inputs, units]`);
	const [inputs, units] = kernel.shape as [number, number];
	if (layer.config.units !== undefined && layer.config.units !== units) {
		fail(where, `units ${JSON.stringify(layer.config.units)} does not match the kernel's ${units} columns`);
	}
	if (state.features !== null && state.features !== inputs) {
		fail(where, `the kernel takes ${inputs} inputs but the layer before gives ${state.features}`);
	}
	const useBias = layer.config.use_bias ?? true;
	if (typeof useBias !== "boolean") fail(where, `use_bias must be true or false, got ${JSON.stringify(useBias)}`);
	const bias = useBias ? state.weight(`${name}/bias`, where) : null;
	if (bias && (bias.rank !== 1 || bias.shape[0] !== units)) {
		fail(where, `bias has shape [${bias.shape.join(",")}], expected [${units}]`);
	}
	const spec = new DenseSpec(where, kernel, bias);
	spec.setActivation(activationOf(layer, where));
	state.layers.push(spec);
	state.features = units;
};

// An Activation layer after a Dense without one becomes that Dense's activation.
const activation: TfjsLayerReader = (layer, where, state) => {
	const name = activationOf(layer, where);
	if (name === "linear") return;
	const last = state.layers[state.layers.length - 1];
	if (!last?.setActivation?.(name)) {
		fail(where, "an Activation layer is only supported right after a Dense layer with a linear activation");
	}
};

// Dropout is the identity at inference; an InputLayer only declares the input.
const identity: TfjsLayerReader = () => undefined;

const rows: Record<string, TfjsLayerReader> = {
	Dense: dense,
	Activation: activation,
	Dropout: identity,
	InputLayer: identity,
};

/** The reader of a Keras class name, or undefined. */
export function findTfjsLayerReader(className: string): TfjsLayerReader | undefined {
	return Object.hasOwn(rows, className) ? rows[className] : undefined;
}

/** The Keras class names the table reads. */
export function tfjsLayerNames(): string[] {
	return Object.keys(rows);
}
