/**
 * The ONNX form of each built-in activation of @backprop/nn: one row per
 * registry name. A custom activation has no ONNX form and is refused by name.
 */
import { type ActivationFunction, getActivation, isRegisteredActivation } from "@backprop/nn";
import { OnnxError } from "../errors";
import type { GraphBuilder } from "./graph-builder";
import type { Layout } from "./layer-table";

/** `channelAxis` is the axis our last axis is stored at: -1, or 1 in a channels-first run. */
type ActivationRow = (graph: GraphBuilder, input: string, base: string, channelAxis: number) => string;

const rows: Record<string, ActivationRow> = {
	linear: (_, x) => x,
	sigmoid: (g, x, base) => g.node("Sigmoid", [x], `${base}_Sigmoid`),
	tanh: (g, x, base) => g.node("Tanh", [x], `${base}_Tanh`),
	relu: (g, x, base) => g.node("Relu", [x], `${base}_Relu`),
	// nn's leakyRelu is max(x, 0.01x): LeakyRelu with alpha 0.01
	leakyRelu: (g, x, base) => g.node("LeakyRelu", [x], `${base}_LeakyRelu`, { alpha: { float: 0.01 } }),
	softplus: (g, x, base) => g.node("Softplus", [x], `${base}_Softplus`),
	// nn's elu has alpha 1
	elu: (g, x, base) => g.node("Elu", [x], `${base}_Elu`, { alpha: { float: 1 } }),
	// Softmax over our last axis (opset 13 semantics: one axis, not a flattened 2-D view)
	softmax: (g, x, base, axis) => g.node("Softmax", [x], `${base}_Softmax`, { axis: { int: axis } }),
};

/** The registry names of the activations that export to ONNX. */
export function exportableActivationNames(): string[] {
	return Object.keys(rows);
}

/**
 * Adds the nodes of `activation` reading `input`, stored in `layout` (default
 * channels-last; softmax then runs over axis 1); returns the output's name (the
 * input itself for `linear`). Throws OnnxError naming `where` and the activation
 * when it has no ONNX form (a custom one, or an object that only shares a
 * built-in's name).
 */
export function exportActivation(
	activation: ActivationFunction,
	graph: GraphBuilder,
	input: string,
	where: string,
	base: string,
	layout: Layout = "channelsLast",
): string {
	const name = activation.name;
	const row = Object.hasOwn(rows, name) ? rows[name] : undefined;
	if (!row) {
		throw new OnnxError(
			`toOnnx: ${where}: activation '${name}' has no ONNX form (exportable: ${exportableActivationNames().join(", ")})`,
		);
	}
	if (!isRegisteredActivation(activation) || getActivation(name) !== activation) {
		throw new OnnxError(`toOnnx: ${where}: activation '${name}' is a custom function, not the built-in ${name}`);
	}
	return row(graph, input, base, layout === "channelsFirst" ? 1 : -1);
}
