/** What the rows of the TensorFlow.js layer table share while a model is read. */
import { Activation, type Module } from "@backprop/nn";
import type { Tensor } from "@backprop/tensor";
import type { LayerSpec } from "../import/layer-specs";
import { fail, type LayerConfig } from "./artifacts";
import { type Dim, showDims } from "./config";

/** What a row sees: the layers read so far, the weights, the shape flowing in. */
export interface TfjsImportState {
	readonly layers: LayerSpec[];
	/** The shape of one sample reaching the next layer (the batch left out), from the model's input shape on. */
	shape: Dim[];
	/** The weight `name`; throws TfjsModelError naming `where` when the manifest lacks it. */
	weight(name: string, where: string): Tensor;
}

/** One row of the table: reads a layer of its class into the state, or throws TfjsModelError naming it. */
export type TfjsLayerReader = (layer: LayerConfig, where: string, state: TfjsImportState) => void;

/** Adds an already built layer; its output shape becomes the state's. */
export function pushModule(state: TfjsImportState, where: string, module: Module, shape: Dim[]): void {
	state.layers.push({ where, build: () => module });
	state.shape = shape;
}

/**
 * Builds a layer with @backprop/nn's constructor, turning its RangeError (a size
 * or option nn refuses) into a TfjsModelError naming the layer.
 */
export function construct<T>(where: string, make: () => T): T {
	try {
		return make();
	} catch (e) {
		return fail(where, (e as Error).message);
	}
}

/** Checks a weight's shape before it replaces a parameter. */
export function checkShape(where: string, what: string, w: Tensor, expected: readonly number[]): Tensor {
	if (w.rank !== expected.length || w.shape.some((d, i) => d !== expected[i])) {
		fail(where, `${what} has shape [${w.shape.join(", ")}], expected [${expected.join(", ")}]`);
	}
	return w;
}

/** Fails unless the sample shape has `rank` dimensions (named for the message). */
export function expectRank(state: TfjsImportState, where: string, names: readonly string[]): Dim[] {
	if (state.shape.length !== names.length) {
		fail(where, `expects samples of shape [${names.join(", ")}] but the layer before gives ${showDims(state.shape)}`);
	}
	return state.shape;
}

/**
 * An activation (a @backprop/nn registry name) after the layers read so far: the
 * previous Dense's own when it has none yet, else an Activation layer.
 */
export function addActivation(state: TfjsImportState, where: string, name: string): void {
	if (name === "linear") return;
	const last = state.layers[state.layers.length - 1];
	if (last?.setActivation?.(name)) return;
	pushModule(state, where, new Activation(name), state.shape);
}
