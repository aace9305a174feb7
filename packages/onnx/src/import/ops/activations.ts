/**
 * Import rows of the activation ops: each becomes the activation of the layer just
 * before it (Dense, Conv2D) when that layer has none yet, else an Activation layer.
 */
import { Activation } from "@backprop/nn";
import { ModuleSpec } from "../layer-specs";
import { axisOf, holdAxisLast } from "../layout";
import type { NodeView } from "../node-view";
import type { ImportState, OpImporter } from "../op-table";

// Elementwise: the layout does not matter, so it is left as it is.
function setActivation(node: NodeView, state: ImportState, activation: string): void {
	const last = state.layers[state.layers.length - 1];
	if (last?.setActivation?.(activation)) return;
	state.layers.push(new ModuleSpec(node.where, () => new Activation(activation)));
}

// An activation op without attributes.
function plain(opType: string, activation: string): OpImporter {
	return {
		opType,
		read(node, state) {
			node.arity(1, 1);
			node.onlyAttributes();
			setActivation(node, state, activation);
		},
	};
}

// @backprop/nn's activations have fixed constants; a file's float attribute is a float32 of it.
function near(value: number, expected: number): boolean {
	return Math.abs(value - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
}

/** The activation rows: Relu, Sigmoid, Tanh, Softplus, LeakyRelu (alpha 0.01), Elu (alpha 1), Softmax (last axis). */
export const activationImporters: OpImporter[] = [
	plain("Relu", "relu"),
	plain("Sigmoid", "sigmoid"),
	plain("Tanh", "tanh"),
	plain("Softplus", "softplus"),
	{
		opType: "LeakyRelu",
		read(node, state) {
			node.arity(1, 1);
			node.onlyAttributes("alpha");
			const alpha = node.float("alpha", 0.01);
			if (!near(alpha, 0.01)) node.fail(`alpha ${alpha} is not supported (leakyRelu has slope 0.01)`);
			setActivation(node, state, "leakyRelu");
		},
	},
	{
		opType: "Elu",
		read(node, state) {
			node.arity(1, 1);
			node.onlyAttributes("alpha");
			const alpha = node.float("alpha", 1);
			if (!near(alpha, 1)) node.fail(`alpha ${alpha} is not supported (elu has alpha 1)`);
			setActivation(node, state, "elu");
		},
	},
	{
		opType: "Softmax",
		read(node, state) {
			node.arity(1, 1);
			node.onlyAttributes("axis");
			const rank = state.shape.length;
			// Before opset 13 the default axis was 1 (and the input was viewed as 2-D from it).
			const axis = node.int("axis", state.opset >= 13 ? -1 : 1);
			if (
				axisOf(axis, rank, node) !== rank - 1 &&
				(state.opset >= 13 || axisOf(axis, rank, node) !== 1 || rank !== 2)
			) {
				node.fail(`softmax over axis ${axis} of a rank-${rank} value is not supported (only the last axis)`);
			}
			const before = state.layers.length;
			holdAxisLast(state, rank - 1, node);
			// A Permute just added must not take the activation: softmax goes after it.
			if (state.layers.length !== before)
				state.layers.push(new ModuleSpec(node.where, () => new Activation("softmax")));
			else setActivation(node, state, "softmax");
		},
	},
];
