/** Import rows of BatchNormalization (inference) and LayerNormalization (last axis). */
import { BatchNorm, LayerNorm } from "@backprop/nn";
import { type Tensor, zeros } from "@backprop/tensor";
import type { LayerNormPattern } from "../layer-norm-pattern";
import { ModuleSpec } from "../layer-specs";
import { axisOf, holdAxisLast, shapeText } from "../layout";
import type { NodeView } from "../node-view";
import type { ImportState, OpImporter } from "../op-table";

// A per-feature constant [features].
function featureConstant(node: NodeView, state: ImportState, index: number, features: number): Tensor {
	const name = node.inputs[index] as string;
	const t = state.constant(name, node);
	if (t.rank !== 1 || t.shape[0] !== features) {
		node.fail(`'${name}' has shape ${shapeText(t.shape)}, expected [${features}]`);
	}
	return t;
}

function epsilonOf(node: NodeView): number {
	const eps = node.float("epsilon", 1e-5);
	if (!(eps > 0 && Number.isFinite(eps))) node.fail(`epsilon ${eps} is not supported (a positive number)`);
	return eps;
}

/**
 * BatchNormalization(x, scale, B, mean, var) in inference form → BatchNorm over
 * the channel axis (axis 1, the chain's last) with those running statistics and
 * epsilon; momentum is irrelevant at inference. Throws OnnxError naming the node
 * for training_mode 1, extra outputs, or statistics of another size.
 */
export const batchNormalizationImporter: OpImporter = {
	opType: "BatchNormalization",
	read(node, state) {
		node.onlyAttributes("epsilon", "momentum", "training_mode", "spatial");
		if (node.inputs.length !== 5) node.fail(`expected 5 inputs, got ${node.inputs.length}`);
		if (node.outputs.length !== 1) node.fail("only the inference form (one output) is supported");
		if (node.int("training_mode", 0) !== 0) node.fail("training_mode 1 is not supported (only inference)");
		if (node.int("spatial", 1) !== 1) node.fail("spatial 0 is not supported");
		const channels = state.shape[1];
		if (state.shape.length < 2 || typeof channels !== "number") {
			return node.fail(`needs an input [batch, channels, ...] of known channels, got ${shapeText(state.shape)}`);
		}
		const features: number = channels;
		const [scale, bias, mean, variance] = [1, 2, 3, 4].map((i) => featureConstant(node, state, i, features)) as [
			Tensor,
			Tensor,
			Tensor,
			Tensor,
		];
		const eps = epsilonOf(node);
		holdAxisLast(state, 1, node);
		state.layers.push(
			new ModuleSpec(node.where, (dtype) => {
				const layer = new BatchNorm(features, { eps, dtype });
				layer.weight.value = scale.astype(dtype);
				layer.bias.value = bias.astype(dtype);
				layer.runningMean.value = mean.astype(dtype);
				layer.runningVar.value = variance.astype(dtype);
				return layer;
			}),
		);
	},
};

/**
 * LayerNormalization(x, scale, B?) over the last axis (opset 17+) → LayerNorm with
 * that epsilon. Throws OnnxError naming the node for another axis (normalizing
 * several axes), a read Mean / InvStdDev output, or constants of another size.
 */
export const layerNormalizationImporter: OpImporter = {
	opType: "LayerNormalization",
	read(node, state) {
		node.onlyAttributes("axis", "epsilon", "stash_type");
		if (state.opset < 17) node.fail(`LayerNormalization is an opset 17 op, but the file imports opset ${state.opset}`);
		if (node.inputs.length < 2 || node.inputs.length > 3)
			node.fail(`expected 2 or 3 inputs, got ${node.inputs.length}`);
		if (node.outputs.slice(1).some((o) => o !== "" && state.isRead(o))) {
			node.fail("the Mean and InvStdDev outputs are not supported");
		}
		const rank = state.shape.length;
		const axis = axisOf(node.int("axis", -1), rank, node);
		if (axis !== rank - 1) node.fail(`axis ${node.int("axis", -1)} is not supported (only the last axis, ${rank - 1})`);
		const last = state.shape[axis];
		if (typeof last !== "number") return node.fail(`the last axis of ${shapeText(state.shape)} must have a known size`);
		const features: number = last;
		const scale = featureConstant(node, state, 1, features);
		const bias = (node.inputs[2] ?? "") === "" ? null : featureConstant(node, state, 2, features);
		const eps = epsilonOf(node);
		holdAxisLast(state, axis, node);
		state.layers.push(
			new ModuleSpec(node.where, (dtype) => {
				const layer = new LayerNorm(features, { eps, dtype });
				layer.weight.value = scale.astype(dtype);
				layer.bias.value = bias ? bias.astype(dtype) : zeros([features], { dtype });
				return layer;
			}),
		);
	},
};

/**
 * A LayerNorm written out in elementary ops (layer-norm-pattern.ts) → LayerNorm
 * over the chain's last axis with its weight, bias and eps. Throws OnnxError
 * naming the node when the weight does not fit the input's last axis.
 */
export function readLayerNormPattern(node: NodeView, state: ImportState, pattern: LayerNormPattern): void {
	const rank = state.shape.length;
	const features = pattern.weight.shape[0] as number;
	if (rank < 2 || state.shape[rank - 1] !== features) {
		node.fail(
			`a LayerNorm of ${features} features (written out in ops) does not fit the input ${shapeText(state.shape)}`,
		);
	}
	holdAxisLast(state, rank - 1, node);
	const { weight, bias, eps } = pattern;
	state.layers.push(
		new ModuleSpec(`${node.where} (a LayerNorm written out)`, (dtype) => {
			const layer = new LayerNorm(features, { eps, dtype });
			layer.weight.value = weight.astype(dtype);
			layer.bias.value = bias.astype(dtype);
			return layer;
		}),
	);
}
